#include "worker/providers/anthropic_provider.hpp"

namespace genx3d::worker {

using nlohmann::json;

namespace {

void append_turn(json& messages, const std::string& role, const std::string& content) {
  if (!messages.empty() && messages.back()["role"] == role) {
    messages.back()["content"] = messages.back()["content"].get<std::string>() + "\n\n" + content;
    return;
  }
  messages.push_back({{"role", role}, {"content", content}});
}

}  // namespace

json anthropic_request_json(const CompletionRequest& request, const std::string& upstream_model,
                            int max_tokens) {
  json messages = json::array();
  for (const auto& turn : request.history) {
    // The first message must come from the user; an opening assistant turn has no question.
    if (messages.empty() && turn.role != "user") continue;
    append_turn(messages, turn.role, turn.content);
  }
  append_turn(messages, "user", user_content(request));
  json body = {{"model", upstream_model},
               {"max_tokens", max_tokens},
               {"temperature", request.temperature},
               {"messages", std::move(messages)}};
  if (!request.system_prompt.empty()) body["system"] = request.system_prompt;
  return body;
}

ParseResult parse_anthropic_answer(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return parse_failure("the body is not JSON");
  if (!j.is_object()) return parse_failure("the body is not a JSON object");
  auto content = j.find("content");
  if (content == j.end() || !content->is_array()) return parse_failure("the answer has no content");
  ParsedAnswer answer;
  bool any_text = false;
  for (const auto& block : *content) {
    if (!block.is_object() || block.value("type", "") != "text") continue;
    auto text = block.find("text");
    if (text == block.end() || !text->is_string()) return parse_failure("a text block has no text");
    if (any_text) answer.text += "\n";
    answer.text += text->get<std::string>();
    any_text = true;
  }
  if (!any_text) return parse_failure("the answer has no text block");
  auto usage = j.find("usage");
  if (usage != j.end() && usage->is_object()) {
    for (const char* field : {"input_tokens", "output_tokens"}) {
      auto n = usage->find(field);
      if (n != usage->end() && n->is_number_integer()) answer.tokens_used += n->get<std::int64_t>();
    }
  }
  return answer;
}

http::HttpRequest AnthropicProtocol::build(const CompletionRequest& request,
                                           const RemoteSettings& settings) const {
  http::HttpRequest r;
  r.method = "POST";
  r.url = join_url(settings.base_url, "/v1/messages");
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Accept", "application/json");
  r.headers.emplace_back("anthropic-version", kAnthropicVersion);
  if (!settings.api_key.empty()) r.headers.emplace_back("x-api-key", settings.api_key);
  for (const auto& h : settings.extra_headers) r.headers.push_back(h);
  json body =
      anthropic_request_json(request, settings.upstream_model(request.model), settings.max_tokens);
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.connect_timeout = settings.connect_timeout;
  r.timeout = settings.timeout;
  return r;
}

}  // namespace genx3d::worker
