// Every API error, and the one function that turns it into the seed's error shape:
// {"error": {"message": …, "type": …, "code": …}}.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "api/http_message.hpp"

namespace genx3d::api {

struct ApiError {
  int status = 500;
  std::string type;     // e.g. "invalid_request_error"
  std::string code;     // e.g. "invalid_field"
  std::string message;  // says what is wrong and, for a field, which one and why
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Retry-After, Allow
};

HttpResponse to_response(const ApiError& error);

ApiError invalid_json(std::string why);
ApiError invalid_field(const std::string& field, const std::string& why);
ApiError missing_field(const std::string& field);
ApiError model_not_available(const std::string& model, const std::vector<std::string>& available);
ApiError missing_api_key();
ApiError invalid_api_key();
ApiError not_found(std::string what);
ApiError method_not_allowed(const std::string& allow);
ApiError body_too_large(std::size_t limit);
ApiError unsupported_media_type(const std::string& got);
ApiError rate_limited(int retry_after_seconds, int limit_per_minute);
ApiError internal_error(std::string what = "internal error");
ApiError service_unavailable(std::string what);
ApiError request_timeout();

}  // namespace genx3d::api
