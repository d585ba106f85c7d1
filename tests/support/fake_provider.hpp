// A Provider for tests: counts calls, tracks how many run at once, injects delay, and fails or
// throws on purpose. Every request it receives is kept for inspection.
#pragma once

#include "worker/provider.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace genx3d::test {

// Thread safety: complete() may run concurrently; the counters are atomics, the log is locked.
class FakeProvider final : public worker::Provider {
 public:
  struct Options {
    std::chrono::milliseconds delay{0};  // before answering (or failing)
    std::string answer = "Here is a cube.\n```javascript\nvar c = CSG.cube();\n```";
    std::int64_t tokens = 7;
    std::optional<worker::ProviderError> error;  // set: every call fails with it
    std::string throw_when;  // non-empty: a user message containing it makes complete() throw
  };

  FakeProvider() = default;
  explicit FakeProvider(Options options) : options_(std::move(options)) {}

  boost::asio::awaitable<worker::CompletionResult> complete(
      worker::CompletionRequest request) override {
    ++calls_;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    // Leaves `current_` right even when the coroutine throws or is destroyed mid-delay.
    struct InFlight {
      FakeProvider& p;
      explicit InFlight(FakeProvider& provider) : p(provider) {
        int now = ++p.current_;
        int seen = p.max_concurrent_.load();
        while (now > seen && !p.max_concurrent_.compare_exchange_weak(seen, now)) {
        }
      }
      ~InFlight() { --p.current_; }
    } in_flight(*this);

    if (options_.delay.count() > 0) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, options_.delay);
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    if (!options_.throw_when.empty() &&
        request.user_message.find(options_.throw_when) != std::string::npos) {
      throw std::runtime_error("fake provider exploded on purpose");
    }
    if (options_.error) co_return *options_.error;
    co_return worker::Completion{options_.answer, request.model, options_.tokens};
  }

  int calls() const { return calls_.load(); }
  int max_concurrent() const { return max_concurrent_.load(); }
  int current() const { return current_.load(); }
  std::vector<worker::CompletionRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

 private:
  Options options_;
  std::atomic<int> calls_{0};
  std::atomic<int> current_{0};
  std::atomic<int> max_concurrent_{0};
  mutable std::mutex mutex_;
  std::vector<worker::CompletionRequest> requests_;
};

}  // namespace genx3d::test
