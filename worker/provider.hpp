// A model provider: turns a prompt into a completion. Implementations live in worker/providers/.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "common/job.hpp"

namespace genx3d::worker {

struct CompletionRequest {
  std::string model;  // the concrete model this provider should run
  double temperature = 0.7;
  std::string system_prompt;                 // teaches the CSG API and the answer format
  std::vector<ChatTurn> history;             // earlier turns, oldest first, within budget
  std::string user_message;                  // the new message
  std::optional<std::string> context_code;   // the caller's 3D model, when named
};

struct Completion {
  std::string text;           // the model's answer as written
  std::string model;          // the model that answered
  std::int64_t tokens_used = 0;
};

struct ProviderError {
  std::string code;      // e.g. "provider_unavailable", "provider_rejected"
  std::string message;   // names the provider's complaint
  bool retryable = false;
  std::optional<std::chrono::milliseconds> retry_after;
};

using CompletionResult = boost::system::result<Completion, ProviderError>;

// Thread safety: complete() may be called concurrently from many coroutines.
class Provider {
 public:
  virtual ~Provider() = default;
  virtual boost::asio::awaitable<CompletionResult> complete(CompletionRequest request) = 0;
};

}  // namespace genx3d::worker
