// Reading request bodies: JSON objects and their typed, optional members.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>
#include <nlohmann/json.hpp>

#include "api/api_error.hpp"

namespace genx3d::api {

// The body as a JSON object; 400 invalid_json when it is not JSON or not an object.
boost::system::result<nlohmann::json, ApiError> parse_json_object(std::string_view body);

// j[key] as a string; nullopt when absent or null; 400 naming the field for any other type.
boost::system::result<std::optional<std::string>, ApiError> optional_string(
    const nlohmann::json& j, const std::string& key);

}  // namespace genx3d::api

namespace genx3d::api {
// Serialises a response body; invalid UTF-8 (e.g. from a model's answer) is replaced, never
// thrown.
std::string dump_json(const nlohmann::json& j);
}  // namespace genx3d::api
