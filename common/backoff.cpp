#include "common/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace genx3d {

Backoff::Backoff(BackoffPolicy policy, std::function<double()> uniform01)
    : policy_(policy), uniform01_(std::move(uniform01)) {
  if (!uniform01_) {
    uniform01_ = [] {
      thread_local std::mt19937_64 engine{std::random_device{}()};
      return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
    };
  }
}

std::chrono::milliseconds Backoff::next_delay(
    std::optional<std::chrono::milliseconds> retry_after) {
  const double cap = static_cast<double>(policy_.max.count());
  const double ceiling =
      std::min(cap, static_cast<double>(policy_.initial.count()) *
                        std::pow(policy_.multiplier, static_cast<double>(attempt_)));
  ++attempt_;
  auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(ceiling * uniform01_()));
  if (retry_after && *retry_after > delay) delay = std::min(*retry_after, policy_.max * 6);
  return delay;
}

FailureClass classify(bool retryable, int attempt, int max_attempts) {
  if (!retryable) return FailureClass::permanent;
  return attempt >= max_attempts ? FailureClass::exhausted : FailureClass::retryable;
}

}  // namespace genx3d
