// The bodies the fake provider sends, in each wire protocol's own shapes.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fake_provider {

enum class Protocol { openai, anthropic };

// Token figures of every normal answer, so tests can check tokens_used.
inline constexpr int kOpenAiPromptTokens = 40;
inline constexpr int kOpenAiCompletionTokens = 60;  // total_tokens 100
inline constexpr int kAnthropicInputTokens = 11;
inline constexpr int kAnthropicOutputTokens = 22;  // 33 in all

// A csg.js cube in a ```javascript block, naming the model that "answered".
std::string answer_text(const std::string& model);

// A normal answer whose text is `text` (answer_text(model) unless a test scripted another).
std::string success_body(Protocol protocol, const std::string& model, long long id,
                         const std::string& text);

// An error body for `status` in the protocol's shape (OpenAI {"error": {...}}, Anthropic
// {"type": "error", "error": {...}}).
std::string error_body(Protocol protocol, int status);

// A 200 body cut off in the middle of the JSON.
std::string malformed_body(Protocol protocol);

}  // namespace fake_provider
