#include "worker/http/route_cache.hpp"

namespace genx3d::worker::http {

std::shared_ptr<const Route> RouteCache::route(const std::string& url) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = routes_.find(url); it != routes_.end()) return it->second;
  }
  auto target = parse_endpoint(url);
  if (!target) return nullptr;  // not cached: its request fails at once, with nothing to reuse
  auto route = std::make_shared<Route>();
  route->proxy = proxies_.proxy_for(*target);
  route->pool_key = target->scheme + "://" + target->host_port();
  if (route->proxy) route->pool_key += " via " + route->proxy->host_port();
  route->target = std::move(*target);
  std::lock_guard lock(mutex_);
  if (routes_.size() >= kMaxRoutes) routes_.clear();
  return routes_.try_emplace(url, std::move(route)).first->second;
}

}  // namespace genx3d::worker::http
