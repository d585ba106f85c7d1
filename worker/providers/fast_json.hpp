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

// The OpenAI chat completions body as openai_request_json builds it (plus max_tokens when > 0),
// serialized; nullopt when some text is not valid UTF-8 (valid_utf8): the caller then takes the
// nlohmann path, which replaces it.
std::optional<std::string> openai_request_body(const CompletionRequest& request,
                                               const std::string& upstream_model,
                                               int max_tokens);

// choices[0].message.content and usage.total_tokens, with parse_openai_answer's errors.
ParseResult parse_openai_body(std::string_view body);

}  // namespace genx3d::worker
