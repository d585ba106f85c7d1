// Reading request bodies: JSON objects and their typed, optional members.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <nlohmann/json.hpp>

#include "api/api_error.hpp"

namespace genx3d::api {

// The body as a JSON object; 400 invalid_json when it is not JSON (UTF-8, at most 32 levels
// deep) or not an object. Of duplicate members the last counts.
//
// Boost.JSON, not nlohmann: it reads the benchmark's chat request in 0.26 µs against 1.3 µs
// (callgrind: 10.5k instructions per chat job in nlohmann's parse), and every chat job starts
// here.
boost::system::result<boost::json::object, ApiError> parse_json_object(std::string_view body);

// The type of `v` as error messages name it: null, boolean, number, string, array or object.
std::string_view json_type_name(const boost::json::value& v);

// o[key] as a string; nullopt when absent or null; 400 naming the field for any other type.
boost::system::result<std::optional<std::string>, ApiError> optional_string(
    const boost::json::object& o, std::string_view key);

}  // namespace genx3d::api

namespace genx3d::api {
// Serialises a response body; invalid UTF-8 (e.g. from a model's answer) is replaced, never
// thrown.
std::string dump_json(const nlohmann::json& j);
}  // namespace genx3d::api
