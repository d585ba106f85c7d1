// Client-side limits on the calls to one provider: how many run at once (CallSlots) and how many
// start per minute (RpmLimiter), so a worker never exceeds what the provider account allows and
// a burst of jobs queues here instead of collecting 429s.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <chrono>
#include <deque>
#include <mutex>
#include <utility>

namespace genx3d::worker {

// A sliding-window limit: at most `per_minute` calls start in any 60 s window. Pure apart from a
// mutex, so tests drive it with their own clock.
// Thread safety: reserve() may be called from any thread.
class RpmLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  explicit RpmLimiter(int per_minute) : per_minute_(per_minute) {}

  // Books the next start time for a call asked at `now`; returns how long the caller waits
  // before starting (zero: start now). Every reservation counts, even if its call never runs.
  Clock::duration reserve(Clock::time_point now);
  int per_minute() const { return per_minute_; }

 private:
  int per_minute_;  // <= 0: unlimited
  std::mutex mutex_;
  std::deque<Clock::time_point> starts_;  // the last per_minute_ booked start times, ascending
};

// An asynchronous counting semaphore: acquire() waits (as a suspended coroutine, not a thread)
// while `limit` calls hold a slot.
// Thread safety: acquire() and release() may be called from any thread (a concurrent channel).
class CallSlots {
 public:
  CallSlots(boost::asio::any_io_executor executor, int limit);
  boost::asio::awaitable<void> acquire();
  void release();

  // Holds a slot for a scope.
  class Held {
   public:
    explicit Held(CallSlots* slots) : slots_(slots) {}
    Held(Held&& other) noexcept : slots_(std::exchange(other.slots_, nullptr)) {}
    Held& operator=(Held&&) = delete;
    ~Held() {
      if (slots_) slots_->release();
    }

   private:
    CallSlots* slots_;
  };
  boost::asio::awaitable<Held> hold();

 private:
  // Each held slot is one message in a channel of capacity `limit`: a send waits while full.
  boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> channel_;
};

}  // namespace genx3d::worker
