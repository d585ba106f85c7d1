#include "api/authenticator.hpp"

#include <spdlog/spdlog.h>

#include "common/ids.hpp"

namespace genx3d::api {

std::string_view bearer_token(const HttpRequest& request) {
  auto auth = request.header("authorization");
  if (!auth) return {};
  std::string_view v = *auth;
  constexpr std::string_view scheme = "bearer ";
  if (v.size() <= scheme.size()) return {};
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(v[i])) != scheme[i]) return {};
  }
  v.remove_prefix(scheme.size());
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  return v;
}

boost::asio::awaitable<boost::system::result<ApiKeyRecord, ApiError>> Authenticator::authenticate(
    const HttpRequest& request) {
  std::string_view token = bearer_token(request);
  if (token.empty()) co_return missing_api_key();
  if (token.size() > 200) co_return invalid_api_key();
  std::string hash = sha256_hex(token);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(hash);
    if (it != cache_.end() && it->second.expires > now) co_return it->second.key;
  }
  auto found = co_await store_.run([&](Store& s) { return s.find_active_key_by_hash(hash); });
  if (!found) {
    spdlog::error("auth: key lookup failed: {}", found.error());
    co_return internal_error("could not check the API key");
  }
  if (!*found) co_return invalid_api_key();
  {
    std::lock_guard lock(mutex_);
    if (cache_.size() > 100000) cache_.clear();  // bounded: keys are few, garbage is not
    cache_[hash] = Cached{**found, now + ttl_};
  }
  co_return **found;
}

}  // namespace genx3d::api
