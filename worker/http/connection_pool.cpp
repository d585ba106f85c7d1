#include "worker/http/connection_pool.hpp"

namespace genx3d::worker::http {

std::unique_ptr<Connection> ConnectionPool::take(const std::string& key) {
  std::vector<std::unique_ptr<Connection>> expired;  // closed outside the lock
  std::unique_ptr<Connection> found;
  {
    std::lock_guard lock(mutex_);
    auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& list = it->second;
    const auto oldest_ok = std::chrono::steady_clock::now() - idle_timeout_;
    while (!list.empty() && !found) {
      auto c = std::move(list.back());
      list.pop_back();
      if (c->last_used() >= oldest_ok) {
        found = std::move(c);
      } else {
        expired.push_back(std::move(c));
      }
    }
  }
  return found;
}

void ConnectionPool::put(const std::string& key, std::unique_ptr<Connection> connection) {
  std::lock_guard lock(mutex_);
  auto& list = idle_[key];
  if (list.size() < max_idle_) list.push_back(std::move(connection));
  // else: `connection` closes when it goes out of scope
}

std::size_t ConnectionPool::idle() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [key, list] : idle_) n += list.size();
  return n;
}

}  // namespace genx3d::worker::http
