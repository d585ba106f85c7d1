// Bearer API keys: parses the header, looks the key's hash up in the store, and caches the answer
// briefly so a busy key costs no store round trip per request. A revoked key stops working within
// the cache lifetime.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "api/api_error.hpp"
#include "common/store_executor.hpp"

namespace genx3d::api {

// Thread safety: authenticate() may run concurrently from any coroutine.
class Authenticator {
 public:
  explicit Authenticator(StoreExecutor& store,
                         std::chrono::seconds cache_ttl = std::chrono::seconds(5))
      : store_(store), ttl_(cache_ttl) {}

  boost::asio::awaitable<boost::system::result<ApiKeyRecord, ApiError>> authenticate(
      const HttpRequest& request);

 private:
  struct Cached {
    ApiKeyRecord key;
    std::chrono::steady_clock::time_point expires;
  };
  StoreExecutor& store_;
  std::chrono::seconds ttl_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;  // by key hash
};

// The token of an "Authorization: Bearer TOKEN" header (scheme case-insensitive); empty if none.
std::string_view bearer_token(const HttpRequest& request);

}  // namespace genx3d::api
