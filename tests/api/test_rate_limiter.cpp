#include "api/rate_limiter.hpp"

#include <catch2/catch.hpp>

#include <chrono>

using genx3d::api::RateLimiter;
using namespace std::chrono_literals;

namespace {
// A fixed start, so every test controls time completely.
const RateLimiter::Clock::time_point t0 = RateLimiter::Clock::time_point{} + 1000h;
}  // namespace

TEST_CASE("a key may burst up to its limit, then is refused", "[rate_limiter]") {
  RateLimiter limiter;
  for (int i = 0; i < 60; ++i) {
    INFO("request " << i);
    REQUIRE(limiter.acquire("key_a", 60, t0).allowed);
  }
  auto refused = limiter.acquire("key_a", 60, t0);
  CHECK_FALSE(refused.allowed);
  // 60 a minute refills one token a second.
  CHECK(refused.retry_after_seconds == 1);
}

TEST_CASE("an allowed request carries no retry_after", "[rate_limiter]") {
  RateLimiter limiter;
  auto d = limiter.acquire("key_a", 10, t0);
  CHECK(d.allowed);
  CHECK(d.retry_after_seconds == 0);
}

TEST_CASE("retry_after is the time until one request fits again", "[rate_limiter]") {
  RateLimiter limiter;
  for (int i = 0; i < 6; ++i) REQUIRE(limiter.acquire("slow", 6, t0).allowed);
  // 6 a minute is one every 10 s.
  auto refused = limiter.acquire("slow", 6, t0);
  REQUIRE_FALSE(refused.allowed);
  CHECK(refused.retry_after_seconds >= 10);
  CHECK(refused.retry_after_seconds <= 11);

  auto later = limiter.acquire("slow", 6, t0 + 4s);  // 0.4 of a token by now
  REQUIRE_FALSE(later.allowed);
  CHECK(later.retry_after_seconds >= 6);
  CHECK(later.retry_after_seconds <= 7);
}

TEST_CASE("the bucket refills with time", "[rate_limiter]") {
  RateLimiter limiter;
  for (int i = 0; i < 60; ++i) REQUIRE(limiter.acquire("k", 60, t0).allowed);
  CHECK_FALSE(limiter.acquire("k", 60, t0 + 500ms).allowed);  // half a token
  CHECK(limiter.acquire("k", 60, t0 + 1s).allowed);           // one whole token
  CHECK_FALSE(limiter.acquire("k", 60, t0 + 1s).allowed);
  // Ten seconds later there are ten tokens, and no more.
  for (int i = 0; i < 10; ++i) {
    INFO("request " << i);
    REQUIRE(limiter.acquire("k", 60, t0 + 11s).allowed);
  }
  CHECK_FALSE(limiter.acquire("k", 60, t0 + 11s).allowed);
}

TEST_CASE("a long idle key still bursts only up to its limit", "[rate_limiter]") {
  RateLimiter limiter;
  REQUIRE(limiter.acquire("k", 5, t0).allowed);
  const auto later = t0 + 24h;
  for (int i = 0; i < 5; ++i) REQUIRE(limiter.acquire("k", 5, later).allowed);
  CHECK_FALSE(limiter.acquire("k", 5, later).allowed);
}

TEST_CASE("keys have separate buckets", "[rate_limiter]") {
  RateLimiter limiter;
  for (int i = 0; i < 3; ++i) REQUIRE(limiter.acquire("a", 3, t0).allowed);
  CHECK_FALSE(limiter.acquire("a", 3, t0).allowed);
  CHECK(limiter.acquire("b", 3, t0).allowed);
}

TEST_CASE("a limit below one behaves as one a minute", "[rate_limiter]") {
  RateLimiter limiter;
  CHECK(limiter.acquire("zero", 0, t0).allowed);
  auto refused = limiter.acquire("zero", 0, t0);
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after_seconds >= 60);
  CHECK(refused.retry_after_seconds <= 61);
  CHECK(limiter.acquire("negative", -5, t0).allowed);
  CHECK_FALSE(limiter.acquire("negative", -5, t0).allowed);
}

TEST_CASE("a refused request does not spend a token", "[rate_limiter]") {
  RateLimiter limiter;
  REQUIRE(limiter.acquire("k", 60, t0).allowed);
  for (int i = 0; i < 59; ++i) REQUIRE(limiter.acquire("k", 60, t0).allowed);
  for (int i = 0; i < 100; ++i) REQUIRE_FALSE(limiter.acquire("k", 60, t0 + 100ms).allowed);
  CHECK(limiter.acquire("k", 60, t0 + 1s).allowed);
}
