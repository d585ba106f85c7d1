// CORS for browsers (the seed's React hook calls the API from a page): answers preflights and
// adds headers for the origins the config allows, none by default.
#pragma once

#include <string>
#include <vector>

#include "api/http_message.hpp"

namespace genx3d::api {

class CorsPolicy {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins)
      : allowed_(std::move(allowed_origins)) {}

  bool is_preflight(const HttpRequest& request) const;
  HttpResponse preflight(const HttpRequest& request) const;
  // Adds Access-Control-Allow-Origin (and Vary) when the request's Origin is allowed.
  void decorate(const HttpRequest& request, HttpResponse& response) const;

 private:
  bool allowed(std::string_view origin) const;
  std::vector<std::string> allowed_;
};

}  // namespace genx3d::api
