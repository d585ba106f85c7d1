// The offline model "builtin/parametric" as a Provider.
#pragma once

#include <chrono>

#include "worker/provider.hpp"

namespace genx3d::worker {

class BuiltinProvider final : public Provider {
 public:
  // `latency` is artificial and defaults to none; demos and tests use it to watch jobs queue.
  explicit BuiltinProvider(std::chrono::milliseconds latency = {}) : latency_(latency) {}
  boost::asio::awaitable<CompletionResult> complete(CompletionRequest request) override;

 private:
  std::chrono::milliseconds latency_;
};

// A rough token count (about four characters per token, as OpenAI's tokenizers average on
// English and code) for answers whose provider reports none.
std::int64_t estimate_tokens(std::size_t chars);

}  // namespace genx3d::worker
