#include "api/http_message.hpp"

namespace genx3d::api {

std::optional<std::string_view> HttpRequest::header(std::string_view lowercase_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lowercase_name) return std::string_view(value);
  }
  return std::nullopt;
}

std::optional<std::string> HttpRequest::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

HttpResponse json_response(int status, std::string json_text) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(json_text);
  return r;
}

}  // namespace genx3d::api
