#include "api/router.hpp"

namespace genx3d::api {

void Router::add(std::string method, std::string pattern, Access access, RouteHandler handler) {
  routes_.push_back({std::move(method), std::move(pattern), access, std::move(handler)});
}

bool Router::match_pattern(std::string_view pattern, std::string_view path,
                           std::map<std::string, std::string, std::less<>>& params) {
  // Compare segment by segment; a trailing slash on the path is tolerated.
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pend = pattern.find('/');
    auto send = path.find('/');
    std::string_view pseg = pattern.substr(0, pend);
    std::string_view sseg = path.substr(0, send);
    if (pseg.size() > 2 && pseg.front() == '{' && pseg.back() == '}') {
      if (sseg.empty()) return false;
      params.emplace(std::string(pseg.substr(1, pseg.size() - 2)), std::string(sseg));
    } else if (pseg != sseg) {
      return false;
    }
    pattern.remove_prefix(pseg.size());
    path.remove_prefix(sseg.size());
  }
  return true;
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  Match m;
  for (const auto& route : routes_) {
    std::map<std::string, std::string, std::less<>> params;
    if (!match_pattern(route.pattern, path, params)) continue;
    if (route.method == method) {
      m.route = &route;
      m.params = std::move(params);
      return m;
    }
    if (m.allow.find(route.method) == std::string::npos) {
      m.allow += (m.allow.empty() ? "" : ", ") + route.method;
    }
  }
  return m;
}

}  // namespace genx3d::api
