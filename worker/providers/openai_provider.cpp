#include "worker/providers/openai_provider.hpp"

namespace genx3d::worker {

using nlohmann::json;

json openai_request_json(const CompletionRequest& request, const std::string& upstream_model) {
  json messages = json::array();
  if (!request.system_prompt.empty()) {
    messages.push_back({{"role", "system"}, {"content", request.system_prompt}});
  }
  for (const auto& turn : request.history) {
    messages.push_back({{"role", turn.role}, {"content", turn.content}});
  }
  messages.push_back({{"role", "user"}, {"content", user_content(request)}});
  return {{"model", upstream_model},
          {"temperature", request.temperature},
          {"messages", std::move(messages)}};
}

ParseResult parse_openai_answer(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return parse_failure("the body is not JSON");
  if (!j.is_object()) return parse_failure("the body is not a JSON object");
  auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array() || choices->empty()) {
    return parse_failure("the answer has no choices");
  }
  const json& first = (*choices)[0];
  if (!first.is_object() || !first.contains("message") || !first["message"].is_object()) {
    return parse_failure("choices[0] has no message");
  }
  const json& message = first["message"];
  auto content = message.find("content");
  if (content == message.end() || !content->is_string()) {
    return parse_failure("choices[0].message.content is not a string");
  }
  ParsedAnswer answer;
  answer.text = content->get<std::string>();
  auto usage = j.find("usage");
  if (usage != j.end() && usage->is_object()) {
    auto total = usage->find("total_tokens");
    if (total != usage->end() && total->is_number_integer()) {
      answer.tokens_used = total->get<std::int64_t>();
    }
  }
  return answer;
}

http::HttpRequest OpenAiProtocol::build(const CompletionRequest& request,
                                        const RemoteSettings& settings) const {
  http::HttpRequest r;
  r.method = "POST";
  r.url = join_url(settings.base_url, "/chat/completions");
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("Accept", "application/json");
  if (!settings.api_key.empty())
    r.headers.emplace_back("Authorization", "Bearer " + settings.api_key);
  for (const auto& h : settings.extra_headers) r.headers.push_back(h);
  json body = openai_request_json(request, settings.upstream_model(request.model));
  if (settings.max_tokens > 0) body["max_tokens"] = settings.max_tokens;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  r.connect_timeout = settings.connect_timeout;
  r.timeout = settings.timeout;
  return r;
}

}  // namespace genx3d::worker
