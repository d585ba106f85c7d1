// The OpenAI chat completions wire protocol (POST {base_url}/chat/completions). Spoken by OpenAI,
// OpenRouter-style gateways and local servers (llama.cpp server, Ollama's /v1, vLLM), which take
// no key. The request building and answer parsing are pure functions, tested without a socket.
#pragma once

#include "worker/providers/remote_provider.hpp"

#include <nlohmann/json.hpp>

namespace genx3d::worker {

// {"model", "temperature", "messages": [system, history…, user (context block + message)]}.
nlohmann::json openai_request_json(const CompletionRequest& request,
                                   const std::string& upstream_model);

// choices[0].message.content and usage.total_tokens.
ParseResult parse_openai_answer(std::string_view body);

class OpenAiProtocol final : public WireProtocol {
 public:
  http::HttpRequest build(const CompletionRequest& request,
                          const RemoteSettings& settings) const override;
  ParseResult parse(std::string_view body) const override { return parse_openai_answer(body); }
};

}  // namespace genx3d::worker
