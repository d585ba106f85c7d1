// The Anthropic Messages wire protocol (POST {base_url}/v1/messages, x-api-key,
// anthropic-version 2023-06-01): the system prompt travels apart from the messages, and
// max_tokens is required. Pure request building and answer parsing, tested without a socket.
#pragma once

#include "worker/providers/remote_provider.hpp"

#include <nlohmann/json.hpp>

namespace genx3d::worker {

inline constexpr const char* kAnthropicVersion = "2023-06-01";

// {"model", "max_tokens", "temperature", "system", "messages": [history…, user]}; consecutive
// turns of one role are merged, as the API wants user and assistant to alternate.
nlohmann::json anthropic_request_json(const CompletionRequest& request,
                                      const std::string& upstream_model, int max_tokens);

// The text blocks of "content", joined; usage.input_tokens + usage.output_tokens.
ParseResult parse_anthropic_answer(std::string_view body);

class AnthropicProtocol final : public WireProtocol {
 public:
  http::HttpRequest build(const CompletionRequest& request,
                          const RemoteSettings& settings) const override;
  ParseResult parse(std::string_view body) const override { return parse_anthropic_answer(body); }
};

}  // namespace genx3d::worker
