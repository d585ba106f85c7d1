#include "api/json_body.hpp"

namespace genx3d::api {

boost::system::result<nlohmann::json, ApiError> parse_json_object(std::string_view body) {
  if (body.empty()) return invalid_json("the body is empty");
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return invalid_json("check the syntax");
  if (!j.is_object()) return invalid_json("expected an object, got " + std::string(j.type_name()));
  return {boost::system::in_place_value, std::move(j)};
}

boost::system::result<std::optional<std::string>, ApiError> optional_string(
    const nlohmann::json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>{};
  if (!it->is_string()) {
    return invalid_field(key, "must be a string, got " + std::string(it->type_name()));
  }
  return std::optional<std::string>{it->get<std::string>()};
}

}  // namespace genx3d::api

namespace genx3d::api {
std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace genx3d::api
