// The route table: (method, path pattern) -> handler. Patterns are literal segments and
// "{name}" captures, e.g. "/api/v1/jobs/{id}".
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "api/http_message.hpp"
#include "common/store.hpp"

namespace genx3d::api {

struct RequestContext {
  const HttpRequest& request;
  std::map<std::string, std::string, std::less<>> params;  // captured path segments
  ApiKeyRecord caller;  // the authenticated key (empty on public routes)
};

using RouteHandler = std::function<boost::asio::awaitable<HttpResponse>(RequestContext&)>;

enum class Access { public_route, api_key };

struct Route {
  std::string method;
  std::string pattern;
  Access access;
  RouteHandler handler;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Access access, RouteHandler handler);

  struct Match {
    const Route* route = nullptr;  // null: nothing matched this method
    std::map<std::string, std::string, std::less<>> params;
    std::string allow;  // methods the path accepts (for 405); empty: no such path (404)
  };
  Match match(std::string_view method, std::string_view path) const;

 private:
  static bool match_pattern(std::string_view pattern, std::string_view path,
                            std::map<std::string, std::string, std::less<>>& params);
  std::vector<Route> routes_;
};

}  // namespace genx3d::api
