#include "worker/providers/fast_json.hpp"
#include "worker/providers/openai_provider.hpp"

#include <catch2/catch.hpp>

using namespace genx3d;
using namespace genx3d::worker;
using nlohmann::json;

namespace {
CompletionRequest chat_request() {
  CompletionRequest r;
  r.model = "gpt-4o";
  r.temperature = 0.3;
  r.system_prompt = "You write csg.js code.\n\"Quote\" \\ and tabs\t, and ünïcödé ⚙.";
  r.history = {{"user", "a cube of 10 mm"}, {"assistant", "Here it is:\n```js\nx\n```"}};
  r.user_message = "make it taller";
  r.context_code = "var c = CSG.cube();";
  return r;
}
}  // namespace

TEST_CASE("the fast OpenAI body says what openai_request_json says", "[fast_json]") {
  auto body = openai_request_body(chat_request(), "gpt-4o-2024-08-06", 0);
  REQUIRE(body);
  CHECK(json::parse(*body) == openai_request_json(chat_request(), "gpt-4o-2024-08-06"));
  auto capped = openai_request_body(chat_request(), "gpt-4o-2024-08-06", 512);
  REQUIRE(capped);
  CHECK(json::parse(*capped)["max_tokens"] == 512);
}

TEST_CASE("text that is not UTF-8 leaves the fast body to nlohmann, which replaces it",
          "[fast_json]") {
  CompletionRequest r = chat_request();
  r.user_message = "bad \xFF byte";
  CHECK_FALSE(openai_request_body(r, "gpt-4o", 0));
  RemoteSettings s;
  s.base_url = "https://api.openai.com/v1";
  http::HttpRequest req = OpenAiProtocol().build(r, s);
  const json j = json::parse(req.body);  // valid JSON all the same
  CHECK(j["messages"].back()["content"].get<std::string>().find("\xEF\xBF\xBD") !=
        std::string::npos);
}

TEST_CASE("parse_openai_body reads content and total tokens, and names what is missing",
          "[fast_json]") {
  auto ok = parse_openai_body(
      R"({"choices":[{"message":{"role":"assistant","content":"a cube"}}],)"
      R"("usage":{"total_tokens":42}})");
  REQUIRE(ok.has_value());
  CHECK(ok->text == "a cube");
  CHECK(ok->tokens_used == 42);
  auto no_usage = parse_openai_body(R"({"choices":[{"message":{"content":"x"}}]})");
  REQUIRE(no_usage.has_value());
  CHECK(no_usage->tokens_used == 0);
  CHECK(parse_openai_body("not json").error() == "the body is not JSON");
  CHECK(parse_openai_body("[1]").error() == "the body is not a JSON object");
  CHECK(parse_openai_body(R"({"choices":[]})").error() == "the answer has no choices");
  CHECK(parse_openai_body(R"({"choices":[{}]})").error() == "choices[0] has no message");
  CHECK(parse_openai_body(R"({"choices":[{"message":{"content":7}}]})").error() ==
        "choices[0].message.content is not a string");
  CHECK(parse_openai_body("{\"choices\":[{\"message\":{\"content\":\"\xFF\"}}]}").error() ==
        "the body is not JSON");
}
