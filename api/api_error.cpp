#include "api/api_error.hpp"

#include <nlohmann/json.hpp>

#include "api/json_body.hpp"

namespace genx3d::api {

HttpResponse to_response(const ApiError& error) {
  nlohmann::json body = {
      {"error", {{"message", error.message}, {"type", error.type}, {"code", error.code}}}};
  HttpResponse r = json_response(error.status, dump_json(body));
  for (const auto& h : error.headers) r.headers.push_back(h);
  return r;
}

namespace {
ApiError make(int status, const char* type, const char* code, std::string message) {
  return ApiError{status, type, code, std::move(message), {}};
}
}  // namespace

ApiError invalid_json(std::string why) {
  return make(400, "invalid_request_error", "invalid_json",
              "The request body is not valid JSON: " + why);
}

ApiError invalid_field(const std::string& field, const std::string& why) {
  return make(400, "invalid_request_error", "invalid_field", "Invalid '" + field + "': " + why);
}

ApiError missing_field(const std::string& field) {
  return make(400, "invalid_request_error", "missing_field",
              "Missing required field '" + field + "'");
}

ApiError model_not_available(const std::string& model, const std::vector<std::string>& available) {
  std::string list;
  for (const auto& m : available) list += (list.empty() ? "" : ", ") + m;
  return make(400, "invalid_request_error", "model_not_available",
              "Model not available: '" + model + "'. Available models: " + list);
}

ApiError missing_api_key() {
  return make(401, "authentication_error", "missing_api_key",
              "Missing API key: send it as 'Authorization: Bearer YOUR_API_KEY'");
}

ApiError invalid_api_key() {
  return make(401, "authentication_error", "invalid_api_key", "Invalid API key");
}

ApiError not_found(std::string what) {
  return make(404, "not_found_error", "not_found", std::move(what));
}

ApiError method_not_allowed(const std::string& allow) {
  ApiError e = make(405, "invalid_request_error", "method_not_allowed",
                    "Method not allowed; this resource accepts: " + allow);
  e.headers.emplace_back("Allow", allow);
  return e;
}

ApiError body_too_large(std::size_t limit) {
  return make(413, "invalid_request_error", "body_too_large",
              "Request body too large: the limit is " + std::to_string(limit) + " bytes");
}

ApiError unsupported_media_type(const std::string& got) {
  return make(415, "invalid_request_error", "unsupported_media_type",
              "Unsupported Content-Type '" + got + "': send application/json");
}

ApiError rate_limited(int retry_after_seconds, int limit_per_minute) {
  ApiError e = make(429, "rate_limit_error", "rate_limit_exceeded",
                    "Rate limit exceeded: this key may send " + std::to_string(limit_per_minute) +
                        " requests per minute; retry after " +
                        std::to_string(retry_after_seconds) + " s");
  e.headers.emplace_back("Retry-After", std::to_string(retry_after_seconds));
  return e;
}

ApiError internal_error(std::string what) {
  return make(500, "internal_error", "internal_error", std::move(what));
}

ApiError service_unavailable(std::string what) {
  return make(503, "service_unavailable", "not_ready", std::move(what));
}

ApiError request_timeout() {
  return make(408, "invalid_request_error", "request_timeout",
              "The request was not received in time");
}

}  // namespace genx3d::api
