#include "api/json_body.hpp"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

namespace genx3d::api {
namespace bj = boost::json;

boost::system::result<bj::object, ApiError> parse_json_object(std::string_view body) {
  if (body.empty()) return invalid_json("the body is empty");
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec);
  if (ec == bj::error::too_deep) return invalid_json("it nests deeper than 32 levels");
  if (ec) return invalid_json("check the syntax");
  if (!v.is_object())
    return invalid_json("expected an object, got " + std::string(json_type_name(v)));
  return {boost::system::in_place_value, std::move(v.get_object())};
}

std::string_view json_type_name(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null:
      return "null";
    case bj::kind::bool_:
      return "boolean";
    case bj::kind::int64:
    case bj::kind::uint64:
    case bj::kind::double_:
      return "number";
    case bj::kind::string:
      return "string";
    case bj::kind::array:
      return "array";
    case bj::kind::object:
      return "object";
  }
  return "unknown";
}

boost::system::result<std::optional<std::string>, ApiError> optional_string(const bj::object& o,
                                                                            std::string_view key) {
  const bj::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<std::string>{};
  if (!v->is_string()) {
    return invalid_field(std::string(key),
                         "must be a string, got " + std::string(json_type_name(*v)));
  }
  return std::optional<std::string>{std::string(v->get_string())};
}

}  // namespace genx3d::api

namespace genx3d::api {
std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
}  // namespace genx3d::api
