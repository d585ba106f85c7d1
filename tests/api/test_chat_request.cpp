#include "api/chat_request.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace genx3d;
using namespace genx3d::api;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

const ChatConfig kConfig{};

boost::system::result<ChatRequest, ApiError> parse(const json& body,
                                                   const ChatConfig& config = kConfig) {
  return parse_chat_request(body.dump(), config);
}

// Asserts a 400 of `code` whose message names `field`.
void require_refused(const boost::system::result<ChatRequest, ApiError>& r, const char* code,
                     const std::string& field) {
  REQUIRE(r.has_error());
  CHECK(r.error().status == 400);
  CHECK(r.error().type == "invalid_request_error");
  CHECK(r.error().code == code);
  CHECK_THAT(r.error().message, Contains("'" + field + "'"));
}

}  // namespace

TEST_CASE("a minimal request gets every default", "[chat_request]") {
  auto r = parse({{"message", "Create a gear with 20 teeth"}});
  REQUIRE(r.has_value());
  CHECK(r->message == "Create a gear with 20 teeth");
  CHECK(r->model == "gpt-4o-mini");
  CHECK(r->temperature == 0.7);
  CHECK_FALSE(r->context.has_value());
  CHECK_FALSE(r->session_id.has_value());
  CHECK_FALSE(r->async);
}

TEST_CASE("every field is read when present", "[chat_request]") {
  auto r = parse({{"message", "make it taller"},
                  {"context", "model_abc"},
                  {"model", "gpt-4o"},
                  {"temperature", 0.25},
                  {"session_id", "session_789"},
                  {"async", true},
                  {"unknown_field", {1, 2, 3}}});
  REQUIRE(r.has_value());
  CHECK(r->context == std::optional<std::string>("model_abc"));
  CHECK(r->model == "gpt-4o");
  CHECK(r->temperature == 0.25);
  CHECK(r->session_id == std::optional<std::string>("session_789"));
  CHECK(r->async);
}

TEST_CASE("the default model comes from the chat config", "[chat_request]") {
  ChatConfig config;
  config.default_model = "builtin/parametric";
  auto r = parse({{"message", "a cube"}}, config);
  REQUIRE(r.has_value());
  CHECK(r->model == "builtin/parametric");
  auto null_model = parse({{"message", "a cube"}, {"model", nullptr}}, config);
  REQUIRE(null_model.has_value());
  CHECK(null_model->model == "builtin/parametric");
}

TEST_CASE("the body must be a JSON object", "[chat_request]") {
  for (const char* body : {"", "{", "not json", "[1,2]", "\"message\"", "42", "null"}) {
    INFO("body: " << body);
    auto r = parse_chat_request(body, kConfig);
    REQUIRE(r.has_error());
    CHECK(r.error().status == 400);
    CHECK(r.error().code == "invalid_json");
  }
}

TEST_CASE("message is required and must be a non-blank string", "[chat_request]") {
  require_refused(parse(json::object()), "missing_field", "message");
  require_refused(parse({{"message", nullptr}}), "missing_field", "message");
  require_refused(parse({{"message", ""}}), "invalid_field", "message");
  require_refused(parse({{"message", " \t\r\n "}}), "invalid_field", "message");
  require_refused(parse({{"message", 42}}), "invalid_field", "message");
  require_refused(parse({{"message", {"a", "b"}}}), "invalid_field", "message");
  require_refused(parse({{"message", json::object()}}), "invalid_field", "message");
  CHECK_THAT(parse({{"message", 42}}).error().message, Contains("string"));
}

TEST_CASE("message may be 32768 bytes and no more", "[chat_request]") {
  auto at_limit = parse({{"message", std::string(32768, 'x')}});
  REQUIRE(at_limit.has_value());
  CHECK(at_limit->message.size() == 32768);

  auto over = parse({{"message", std::string(32769, 'x')}});
  require_refused(over, "invalid_field", "message");
  CHECK_THAT(over.error().message, Contains("32768"));
}

TEST_CASE("the message limit counts bytes, not characters", "[chat_request]") {
  // "é" is two bytes in UTF-8: 16385 of them are 32770 bytes.
  std::string text;
  for (int i = 0; i < 16385; ++i) text += "\xC3\xA9";
  require_refused(parse({{"message", text}}), "invalid_field", "message");
}

TEST_CASE("the message limit follows the config", "[chat_request]") {
  ChatConfig config;
  config.max_message_bytes = 10;
  CHECK(parse({{"message", "0123456789"}}, config).has_value());
  require_refused(parse({{"message", "0123456789a"}}, config), "invalid_field", "message");
}

TEST_CASE("temperature must be a number from 0.0 to 1.0", "[chat_request]") {
  for (double ok : {0.0, 0.5, 1.0}) {
    auto r = parse({{"message", "m"}, {"temperature", ok}});
    REQUIRE(r.has_value());
    CHECK(r->temperature == ok);
  }
  auto integer = parse({{"message", "m"}, {"temperature", 1}});
  REQUIRE(integer.has_value());
  CHECK(integer->temperature == 1.0);
  auto null_temperature = parse({{"message", "m"}, {"temperature", nullptr}});
  REQUIRE(null_temperature.has_value());
  CHECK(null_temperature->temperature == 0.7);

  require_refused(parse({{"message", "m"}, {"temperature", -0.01}}), "invalid_field",
                  "temperature");
  require_refused(parse({{"message", "m"}, {"temperature", 1.01}}), "invalid_field", "temperature");
  require_refused(parse({{"message", "m"}, {"temperature", 2}}), "invalid_field", "temperature");
  require_refused(parse({{"message", "m"}, {"temperature", "0.5"}}), "invalid_field",
                  "temperature");
  require_refused(parse({{"message", "m"}, {"temperature", true}}), "invalid_field", "temperature");
  // Too large for a double: read as infinity, so refused as out of range, not as bad JSON.
  require_refused(parse_chat_request(R"({"message": "m", "temperature": 1e400})", kConfig),
                  "invalid_field", "temperature");
}

TEST_CASE("async must be a boolean", "[chat_request]") {
  auto off = parse({{"message", "m"}, {"async", false}});
  REQUIRE(off.has_value());
  CHECK_FALSE(off->async);
  auto null_async = parse({{"message", "m"}, {"async", nullptr}});
  REQUIRE(null_async.has_value());
  CHECK_FALSE(null_async->async);
  require_refused(parse({{"message", "m"}, {"async", "true"}}), "invalid_field", "async");
  require_refused(parse({{"message", "m"}, {"async", 1}}), "invalid_field", "async");
}

TEST_CASE("model must be a non-empty string", "[chat_request]") {
  require_refused(parse({{"message", "m"}, {"model", 4}}), "invalid_field", "model");
  require_refused(parse({{"message", "m"}, {"model", ""}}), "invalid_field", "model");
}

TEST_CASE("context is a string or null; empty means none", "[chat_request]") {
  require_refused(parse({{"message", "m"}, {"context", 12}}), "invalid_field", "context");
  auto null_context = parse({{"message", "m"}, {"context", nullptr}});
  REQUIRE(null_context.has_value());
  CHECK_FALSE(null_context->context.has_value());
  auto empty_context = parse({{"message", "m"}, {"context", ""}});
  REQUIRE(empty_context.has_value());
  CHECK_FALSE(empty_context->context.has_value());
}

TEST_CASE("session_id is 1-128 characters of the client id alphabet", "[chat_request]") {
  auto ok = parse({{"message", "m"}, {"session_id", std::string(128, 'a')}});
  REQUIRE(ok.has_value());
  CHECK(ok->session_id->size() == 128);
  CHECK(parse({{"message", "m"}, {"session_id", "Ab9_.:-"}}).has_value());
  auto null_session = parse({{"message", "m"}, {"session_id", nullptr}});
  REQUIRE(null_session.has_value());
  CHECK_FALSE(null_session->session_id.has_value());

  require_refused(parse({{"message", "m"}, {"session_id", std::string(129, 'a')}}), "invalid_field",
                  "session_id");
  require_refused(parse({{"message", "m"}, {"session_id", ""}}), "invalid_field", "session_id");
  require_refused(parse({{"message", "m"}, {"session_id", "has space"}}), "invalid_field",
                  "session_id");
  require_refused(parse({{"message", "m"}, {"session_id", "slash/es"}}), "invalid_field",
                  "session_id");
  require_refused(parse({{"message", "m"}, {"session_id", 7}}), "invalid_field", "session_id");
}

TEST_CASE("is_valid_client_id accepts exactly [A-Za-z0-9_.:-]{1,128}", "[chat_request]") {
  CHECK(is_valid_client_id("a"));
  CHECK(is_valid_client_id("session_abc-1.2:3"));
  CHECK(is_valid_client_id(std::string(128, 'Z')));
  CHECK_FALSE(is_valid_client_id(""));
  CHECK_FALSE(is_valid_client_id(std::string(129, 'Z')));
  for (const char* bad : {"a b", "a/b", "a?b", "a#b", "a%20", "caf\xC3\xA9", "a\nb", "a+b"}) {
    INFO(bad);
    CHECK_FALSE(is_valid_client_id(bad));
  }
}
