#include "api/json_body.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

using namespace genx3d::api;
using Catch::Matchers::Contains;

namespace {

std::string refusal(std::string_view body) {
  auto r = parse_json_object(body);
  REQUIRE(r.has_error());
  CHECK(r.error().status == 400);
  CHECK(r.error().code == "invalid_json");
  return r.error().message;
}

}  // namespace

TEST_CASE("json body: an object is read, the last of duplicate members counts", "[json_body]") {
  auto r = parse_json_object(R"({"message": "a cube", "n": 1, "n": 2})");
  REQUIRE(r.has_value());
  CHECK(r->at("message").as_string() == "a cube");
  CHECK(r->at("n").as_int64() == 2);
}

TEST_CASE("json body: what is not a JSON object is refused, saying why", "[json_body]") {
  CHECK_THAT(refusal(""), Contains("empty"));
  CHECK_THAT(refusal("{not json"), Contains("check the syntax"));
  CHECK_THAT(refusal(R"({"a": 1} trailing)"), Contains("check the syntax"));
  CHECK_THAT(refusal("{\"m\": \"\xff\"}"), Contains("check the syntax"));   // not UTF-8
  CHECK_THAT(refusal(R"({"m": "\ud800"})"), Contains("check the syntax"));  // lone surrogate
  CHECK_THAT(refusal("[1, 2]"), Contains("expected an object, got array"));
  CHECK_THAT(refusal("\"text\""), Contains("expected an object, got string"));
  CHECK_THAT(refusal("3.5"), Contains("expected an object, got number"));
  CHECK_THAT(refusal("null"), Contains("expected an object, got null"));
  std::string deep = R"({"a":)" + std::string(40, '[') + std::string(40, ']') + "}";
  CHECK_THAT(refusal(deep), Contains("deeper than 32 levels"));
}

TEST_CASE("json body: type names are the ones messages use", "[json_body]") {
  CHECK(json_type_name(boost::json::parse("null")) == "null");
  CHECK(json_type_name(boost::json::parse("true")) == "boolean");
  CHECK(json_type_name(boost::json::parse("-3")) == "number");
  CHECK(json_type_name(boost::json::parse("18446744073709551615")) == "number");
  CHECK(json_type_name(boost::json::parse("1e3")) == "number");
  CHECK(json_type_name(boost::json::parse("\"s\"")) == "string");
  CHECK(json_type_name(boost::json::parse("[]")) == "array");
  CHECK(json_type_name(boost::json::parse("{}")) == "object");
}

TEST_CASE("json body: optional strings are absent, null, a string or refused", "[json_body]") {
  auto o = parse_json_object(R"({"s": "text", "z": null, "n": 5, "e": ""})");
  REQUIRE(o.has_value());
  auto read = [&](std::string_view key) {
    auto r = optional_string(*o, key);
    REQUIRE(r.has_value());
    return *r;
  };
  CHECK(read("s") == std::optional<std::string>("text"));
  CHECK(read("e") == std::optional<std::string>(""));
  CHECK_FALSE(read("z"));
  CHECK_FALSE(read("missing"));
  auto wrong = optional_string(*o, "n");
  REQUIRE(wrong.has_error());
  CHECK(wrong.error().code == "invalid_field");
  CHECK(wrong.error().message == "Invalid 'n': must be a string, got number");
}
