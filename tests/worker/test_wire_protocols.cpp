#include "worker/providers/anthropic_provider.hpp"
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
  r.system_prompt = "You write csg.js code.";
  r.history = {{"user", "a cube of 10 mm"}, {"assistant", "Here it is."}};
  r.user_message = "make it taller";
  r.context_code = "var c = CSG.cube();";
  return r;
}

// The same with text JSON must escape: quotes, backslashes, tabs, non-ASCII, a code fence.
CompletionRequest escaped_request() {
  CompletionRequest r = chat_request();
  r.system_prompt = "You write csg.js code.\n\"Quote\" \\ and tabs\t, and ünïcödé ⚙.";
  r.history[1].content = "Here it is:\n```js\nx\n```";
  return r;
}

std::string header(const http::HttpRequest& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "<absent>";
}

}  // namespace

TEST_CASE("OpenAI: system prompt, history in order, then context and the new message",
          "[wire_protocols]") {
  json j = openai_request_json(chat_request(), "gpt-4o-2024-08-06");
  CHECK(j["model"] == "gpt-4o-2024-08-06");
  CHECK(j["temperature"] == 0.3);
  const json& m = j["messages"];
  REQUIRE(m.size() == 4);
  CHECK(m[0] == json{{"role", "system"}, {"content", "You write csg.js code."}});
  CHECK(m[1] == json{{"role", "user"}, {"content", "a cube of 10 mm"}});
  CHECK(m[2] == json{{"role", "assistant"}, {"content", "Here it is."}});
  const std::string last = m[3]["content"];
  CHECK(m[3]["role"] == "user");
  CHECK(last.find("```javascript\nvar c = CSG.cube();\n```") != std::string::npos);
  CHECK(last.ends_with("make it taller"));
}

TEST_CASE("OpenAI: the HTTP request carries the key only when there is one", "[wire_protocols]") {
  RemoteSettings s;
  s.base_url = "https://api.openai.com/v1/";
  s.api_key = "sk-123";
  s.upstream["gpt-4o"] = "gpt-4o-2024-08-06";
  http::HttpRequest r = OpenAiProtocol().build(chat_request(), s);
  CHECK(r.url == "https://api.openai.com/v1/chat/completions");
  CHECK(header(r, "Authorization") == "Bearer sk-123");
  CHECK(json::parse(r.body)["model"] == "gpt-4o-2024-08-06");

  s.api_key.clear();  // a local llama.cpp server
  CHECK(header(OpenAiProtocol().build(chat_request(), s), "Authorization") == "<absent>");
}

TEST_CASE("OpenAI: answers are parsed, broken ones explained", "[wire_protocols]") {
  auto ok = parse_openai_answer(
      R"({"choices": [{"message": {"role": "assistant", "content": "Hi"}}],
          "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}})");
  REQUIRE(ok.has_value());
  CHECK(ok->text == "Hi");
  CHECK(ok->tokens_used == 12);

  auto no_usage = parse_openai_answer(R"({"choices": [{"message": {"content": "Hi"}}]})");
  REQUIRE(no_usage.has_value());
  CHECK(no_usage->tokens_used == 0);

  CHECK(parse_openai_answer(R"({"choices": [{"message": {"content": "Hi)").error() ==
        "the body is not JSON");
  CHECK(parse_openai_answer(R"({"choices": []})").error() == "the answer has no choices");
  CHECK(parse_openai_answer(R"({"choices": [{"message": {"content": null}}]})").has_error());
}

TEST_CASE("Anthropic: system apart, max_tokens, alternating roles", "[wire_protocols]") {
  CompletionRequest r = chat_request();
  r.history = {{"assistant", "Welcome"},
               {"user", "a cube"},
               {"user", "of 10 mm"},
               {"assistant", "Here it is."}};
  json j = anthropic_request_json(r, "claude-3-5-sonnet-20241022", 1024);
  CHECK(j["model"] == "claude-3-5-sonnet-20241022");
  CHECK(j["system"] == "You write csg.js code.");
  CHECK(j["max_tokens"] == 1024);
  const json& m = j["messages"];
  REQUIRE(m.size() == 3);  // the opening assistant turn dropped, the two user turns merged
  CHECK(m[0] == json{{"role", "user"}, {"content", "a cube\n\nof 10 mm"}});
  CHECK(m[1]["role"] == "assistant");
  CHECK(m[2]["role"] == "user");
  CHECK(m[2]["content"].get<std::string>().ends_with("make it taller"));
}

TEST_CASE("Anthropic: headers and URL", "[wire_protocols]") {
  RemoteSettings s;
  s.base_url = "https://api.anthropic.com";
  s.api_key = "sk-ant";
  http::HttpRequest r = AnthropicProtocol().build(chat_request(), s);
  CHECK(r.url == "https://api.anthropic.com/v1/messages");
  CHECK(header(r, "x-api-key") == "sk-ant");
  CHECK(header(r, "anthropic-version") == "2023-06-01");
  CHECK(header(r, "Authorization") == "<absent>");
}

TEST_CASE("Anthropic: text blocks joined, tokens summed", "[wire_protocols]") {
  auto ok = parse_anthropic_answer(
      R"({"content": [{"type": "text", "text": "One"}, {"type": "tool_use"},
                      {"type": "text", "text": "Two"}],
          "usage": {"input_tokens": 10, "output_tokens": 4}})");
  REQUIRE(ok.has_value());
  CHECK(ok->text == "One\nTwo");
  CHECK(ok->tokens_used == 14);
  CHECK(parse_anthropic_answer(R"({"content": []})").error() == "the answer has no text block");
  CHECK(parse_anthropic_answer("<html>").has_error());
}

TEST_CASE("the fast OpenAI body says what openai_request_json says", "[fast_json]") {
  auto body = openai_request_body(escaped_request(), "gpt-4o-2024-08-06", 0);
  REQUIRE(body);
  CHECK(json::parse(*body) == openai_request_json(escaped_request(), "gpt-4o-2024-08-06"));
  auto capped = openai_request_body(escaped_request(), "gpt-4o-2024-08-06", 512);
  REQUIRE(capped);
  CHECK(json::parse(*capped)["max_tokens"] == 512);
  CompletionRequest bare = escaped_request();
  bare.system_prompt.clear();
  bare.history.clear();
  auto plain = openai_request_body(bare, "gpt-4o", 0);
  REQUIRE(plain);
  CHECK(json::parse(*plain) == openai_request_json(bare, "gpt-4o"));
  CompletionRequest other = escaped_request();
  other.system_prompt = "another \"system\" prompt";  // the cached system message follows it
  CHECK(json::parse(*openai_request_body(other, "gpt-4o", 0)) ==
        openai_request_json(other, "gpt-4o"));
  other.system_prompt = "bad \xFF prompt";
  CHECK_FALSE(openai_request_body(other, "gpt-4o", 0));
}

TEST_CASE("text that is not UTF-8 leaves the fast body to nlohmann, which replaces it",
          "[fast_json]") {
  CompletionRequest r = escaped_request();
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
  auto ok = parse_openai_body(R"({"choices":[{"message":{"role":"assistant","content":"a cube"}}],)"
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
