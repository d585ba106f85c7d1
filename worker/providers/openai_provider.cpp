#include "worker/providers/openai_provider.hpp"

#include "worker/providers/fast_json.hpp"

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

ParseResult parse_openai_answer(std::string_view body) { return parse_openai_body(body); }

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
  const std::string model = settings.upstream_model(request.model);
  if (auto fast = openai_request_body(request, model, settings.max_tokens)) {
    r.body = std::move(*fast);
  } else {
    json body = openai_request_json(request, model);
    if (settings.max_tokens > 0) body["max_tokens"] = settings.max_tokens;
    r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  r.connect_timeout = settings.connect_timeout;
  r.timeout = settings.timeout;
  return r;
}

}  // namespace genx3d::worker
