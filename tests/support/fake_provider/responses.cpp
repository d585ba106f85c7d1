#include "responses.hpp"

#include <ctime>

#include <boost/json.hpp>

namespace fake_provider {

using nlohmann::json;

std::string answer_text(const std::string& model) {
  return "Here is a cube with 10 mm sides (fake " + model +
         ").\n```javascript\nfunction createPart(size) {\n"
         "  return CSG.cube({center: [0, 0, 0], radius: [size / 2, size / 2, size / 2]});\n"
         "}\nvar myPart = createPart(10);\n```\n";
}

// Built with Boost.JSON: the benchmark runs this server on genx3d's cores, and nlohmann's
// document and dump were ~40% of its instructions per request.
std::string success_body(Protocol protocol, const std::string& model, long long id,
                         const std::string& text) {
  namespace bj = boost::json;
  if (protocol == Protocol::anthropic) {
    return bj::serialize(bj::object{
        {"id", "msg_fake_" + std::to_string(id)},
        {"type", "message"},
        {"role", "assistant"},
        {"model", model},
        {"content", bj::array{bj::object{{"type", "text"}, {"text", text}}}},
        {"stop_reason", "end_turn"},
        {"usage",
         bj::object{{"input_tokens", kAnthropicInputTokens},
                    {"output_tokens", kAnthropicOutputTokens}}}});
  }
  return bj::serialize(bj::object{
      {"id", "chatcmpl-fake-" + std::to_string(id)},
      {"object", "chat.completion"},
      {"created", static_cast<long long>(std::time(nullptr))},
      {"model", model},
      {"choices",
       bj::array{bj::object{{"index", 0},
                            {"message", bj::object{{"role", "assistant"}, {"content", text}}},
                            {"finish_reason", "stop"}}}},
      {"usage", bj::object{{"prompt_tokens", kOpenAiPromptTokens},
                           {"completion_tokens", kOpenAiCompletionTokens},
                           {"total_tokens", kOpenAiPromptTokens + kOpenAiCompletionTokens}}}});
}

std::string error_body(Protocol protocol, int status) {
  std::string type = "invalid_request_error";
  std::string message = "Fake provider says no (" + std::to_string(status) + ")";
  if (status == 401) {
    type = protocol == Protocol::anthropic ? "authentication_error" : "invalid_request_error";
    message = protocol == Protocol::anthropic
                  ? "invalid x-api-key"
                  : "Incorrect API key provided: sk-fake***. You can find your API key at "
                    "https://platform.openai.com/account/api-keys.";
  } else if (status == 403) {
    type = "permission_error";
    message = "Your account does not have access to this model";
  } else if (status == 429) {
    type = "rate_limit_error";
    message = "Rate limit reached for requests";
  } else if (status >= 500) {
    type = protocol == Protocol::anthropic ? "overloaded_error" : "server_error";
    message = "The server had an error while processing your request (fake " +
              std::to_string(status) + ")";
  }
  if (protocol == Protocol::anthropic) {
    return json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump();
  }
  return json{{"error",
               {{"message", message},
                {"type", type},
                {"param", nullptr},
                {"code", status == 401 ? json("invalid_api_key") : json(nullptr)}}}}
      .dump();
}

std::string malformed_body(Protocol protocol) {
  if (protocol == Protocol::anthropic) {
    return R"({"id": "msg_broken", "type": "message", "content": [{"type": "text", "text": "Here)";
  }
  return R"({"id": "chatcmpl-broken", "choices": [{"index": 0, "message": {"content": "Here)";
}

}  // namespace fake_provider
