// Boost.JSON for the two JSON documents every remote job makes: the request body it sends and
// the answer it parses. nlohmann::json (used everywhere else for its readable API) took about
// 110k instructions per job on these two alone (callgrind, embedded burst); Boost.JSON parses
// and serializes with a fraction of that. Kept to worker/providers/, behind plain functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "worker/provider.hpp"
#include "worker/providers/remote_provider.hpp"

namespace genx3d::worker {

// Whether `s` is well-formed UTF-8. Boost.JSON writes string bytes as they are, where
// nlohmann's dump (with error_handler_t::replace) replaced invalid sequences; callers check
// first and take the nlohmann path in that (never expected) case. Hand-written because neither
// JSON library exposes its validator.
bool valid_utf8(std::string_view s);

// The OpenAI chat completions body as openai_request_json builds it (plus max_tokens when > 0),
// serialized; nullopt when some text is not valid UTF-8.
std::optional<std::string> openai_request_body(const CompletionRequest& request,
                                               const std::string& upstream_model,
                                               int max_tokens);

// choices[0].message.content and usage.total_tokens, with parse_openai_answer's errors.
ParseResult parse_openai_body(std::string_view body);

}  // namespace genx3d::worker
