#include "worker/validation/validation_cache.hpp"

#include <array>
#include <string_view>

namespace genx3d::worker {

bool ValidationCache::cacheable(const std::string& code, const Validation& v) {
  if (!v.ok) return false;
  if (v.error) {
    constexpr std::array<std::string_view, 5> kFromSandbox = {"timeout", "out_of_memory", "crashed",
                                                              "output_too_large", "sandbox_error"};
    for (auto kind : kFromSandbox) {
      if (v.error->kind == kind) return false;
    }
  }
  for (std::string_view varies : {"random", "Date", "performance"}) {
    if (code.find(varies) != std::string::npos) return false;
  }
  return true;
}

std::optional<Validation> ValidationCache::find(const std::string& code) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(code);
  if (it == entries_.end()) {
    ++misses_;
    return std::nullopt;
  }
  ++hits_;
  order_.splice(order_.begin(), order_, it->second.position);
  return it->second.validation;
}

void ValidationCache::store(const std::string& code, const Validation& v) {
  if (capacity_ == 0 || !cacheable(code, v)) return;
  Validation kept = v;
  kept.checks.clear();
  std::lock_guard lock(mutex_);
  auto it = entries_.find(code);
  if (it != entries_.end()) {
    it->second.validation = std::move(kept);
    return;
  }
  order_.push_front(code);
  entries_.emplace(code, Entry{std::move(kept), order_.begin()});
  while (entries_.size() > capacity_) {
    entries_.erase(order_.back());
    order_.pop_back();
  }
}

std::uint64_t ValidationCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::uint64_t ValidationCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace genx3d::worker
