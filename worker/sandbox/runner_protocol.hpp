// The JSON-lines protocol spoken with sandbox/runner.js (see the comment at its top). Pure.
#pragma once

#include "worker/sandbox/run_result.hpp"

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace genx3d::worker::sandbox {

// One request line, with its trailing newline.
std::string encode_request(std::uint64_t id, std::string_view code,
                           std::chrono::milliseconds timeout, std::size_t max_output_bytes);

// Reads one response line. A line that is not a well-formed response becomes a sandbox_error
// (the runner is ours, so that is a bug or a tampered runner, never the answer's fault).
RunResult decode_response(std::string_view line, std::uint64_t expected_id);

// Whether a line is the runner's start-up greeting.
bool is_ready_line(std::string_view line);

}  // namespace genx3d::worker::sandbox
