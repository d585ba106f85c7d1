// The retry policy, in one place: exponential backoff with full jitter, and the classification of
// failures. Used for broker reconnects and provider retries. Deterministic under test: the
// random source is injected.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>

namespace genx3d {

struct BackoffPolicy {
  std::chrono::milliseconds initial{100};  // the first delay's upper bound
  std::chrono::milliseconds max{10000};    // no delay exceeds this
  double multiplier = 2.0;                 // growth per attempt
};

// How a failure should be treated.
enum class FailureClass {
  permanent,  // retrying cannot help (bad request, bad credentials): fail now
  retryable,  // transient (timeout, 429, 5xx, dropped connection): try again after a delay
  exhausted,  // retryable, but the attempts are used up
};

class Backoff {
 public:
  // `uniform01` returns a number in [0, 1); the default uses a thread-local engine.
  explicit Backoff(BackoffPolicy policy, std::function<double()> uniform01 = {});

  // The delay before the next attempt: uniform in [0, min(max, initial * multiplier^n)]
  // ("full jitter", so many clients retrying at once spread out). A server's Retry-After wins
  // when it is longer.
  std::chrono::milliseconds next_delay(
      std::optional<std::chrono::milliseconds> retry_after = std::nullopt);
  void reset() { attempt_ = 0; }
  int attempts() const { return attempt_; }

 private:
  BackoffPolicy policy_;
  std::function<double()> uniform01_;
  int attempt_ = 0;
};

// retryable becomes exhausted once `attempt` (1-based) reaches `max_attempts`.
FailureClass classify(bool retryable, int attempt, int max_attempts);

}  // namespace genx3d
