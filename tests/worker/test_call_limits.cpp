#include "support/run_coro.hpp"
#include "worker/providers/call_limits.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <catch2/catch.hpp>

using namespace genx3d::worker;
using std::chrono::milliseconds;
using std::chrono::seconds;

TEST_CASE("the RPM limiter lets per_minute calls start, then spaces them a minute apart",
          "[call_limits]") {
  RpmLimiter limiter(3);
  const auto t0 = RpmLimiter::Clock::time_point{} + std::chrono::hours(1);
  CHECK(limiter.reserve(t0) == RpmLimiter::Clock::duration::zero());
  CHECK(limiter.reserve(t0 + seconds(1)) == RpmLimiter::Clock::duration::zero());
  CHECK(limiter.reserve(t0 + seconds(2)) == RpmLimiter::Clock::duration::zero());
  // The fourth call at t0+3s must wait until the first is a minute old.
  CHECK(limiter.reserve(t0 + seconds(3)) == seconds(57));
  // The fifth waits for the second: t0+61s.
  CHECK(limiter.reserve(t0 + seconds(3)) == seconds(58));
  // Much later, the window has passed.
  CHECK(limiter.reserve(t0 + seconds(300)) == RpmLimiter::Clock::duration::zero());
}

TEST_CASE("no 60 s window ever holds more than per_minute starts", "[call_limits]") {
  RpmLimiter limiter(5);
  const auto t0 = RpmLimiter::Clock::time_point{} + std::chrono::hours(1);
  std::vector<RpmLimiter::Clock::time_point> starts;
  for (int i = 0; i < 40; ++i) {
    auto asked = t0 + milliseconds(i * 700);
    starts.push_back(asked + limiter.reserve(asked));
  }
  for (std::size_t i = 0; i < starts.size(); ++i) {
    int in_window = 0;
    for (auto s : starts) in_window += s >= starts[i] && s < starts[i] + std::chrono::minutes(1);
    CHECK(in_window <= 5);
  }
}

TEST_CASE("an unlimited limiter never waits", "[call_limits]") {
  RpmLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) {
    CHECK(limiter.reserve(RpmLimiter::Clock::now()) == RpmLimiter::Clock::duration::zero());
  }
}

TEST_CASE("call slots hold at most `limit` calls at once", "[call_limits]") {
  boost::asio::io_context ioc;
  CallSlots slots(ioc.get_executor(), 2);
  int running = 0, peak = 0, done = 0;
  for (int i = 0; i < 6; ++i) {
    boost::asio::co_spawn(
        ioc,
        [&]() -> boost::asio::awaitable<void> {
          auto held = co_await slots.hold();
          peak = std::max(peak, ++running);
          co_await genx3d::test::sleep_for(milliseconds(5));
          --running;
          ++done;
        },
        boost::asio::detached);
  }
  genx3d::test::run_until(ioc, [&] { return done == 6; });
  CHECK(peak == 2);
}
