// Internal to worker/http: where a request URL goes (origin, proxy, pool key), worked out once
// per URL. A worker sends every call of a provider to the same URL; parsing it per request
// (Boost.URL, the proxy rules, the pool key) cost ~5k instructions per job, 3% of a worker's
// (callgrind).
#pragma once

#include "worker/http/url.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace genx3d::worker::http {

struct Route {
  Endpoint target;
  std::optional<Endpoint> proxy;
  // Idle connections are shared by requests with the same key: scheme, host, port and proxy.
  std::string pool_key;
};

// Thread safety: route() may be called from any thread (one mutex).
class RouteCache {
 public:
  explicit RouteCache(ProxyRules proxies) : proxies_(std::move(proxies)) {}

  // The route of `url`, or null when it is not an http(s) URL with a host.
  std::shared_ptr<const Route> route(const std::string& url);

 private:
  // URLs come from the providers file, so a handful are in use; past this many the cache starts
  // over rather than grow without bound.
  static constexpr std::size_t kMaxRoutes = 256;

  ProxyRules proxies_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Route>> routes_;
};

}  // namespace genx3d::worker::http
