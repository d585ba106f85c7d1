#include "worker/providers/call_limits.hpp"

#include <boost/asio/use_awaitable.hpp>

#include <algorithm>

namespace genx3d::worker {

RpmLimiter::Clock::duration RpmLimiter::reserve(Clock::time_point now) {
  if (per_minute_ <= 0) return Clock::duration::zero();
  std::lock_guard lock(mutex_);
  Clock::time_point start = now;
  if (!starts_.empty()) start = std::max(start, starts_.back());
  if (static_cast<int>(starts_.size()) >= per_minute_) {
    // The call that started per_minute_ calls ago must be a full minute old.
    start = std::max(start, starts_.front() + std::chrono::minutes(1));
  }
  starts_.push_back(start);
  while (static_cast<int>(starts_.size()) > per_minute_) starts_.pop_front();
  return start - now;
}

CallSlots::CallSlots(boost::asio::any_io_executor executor, int limit)
    : channel_(std::move(executor), static_cast<std::size_t>(std::max(limit, 1))) {}

boost::asio::awaitable<void> CallSlots::acquire() {
  co_await channel_.async_send(boost::system::error_code{}, boost::asio::use_awaitable);
}

void CallSlots::release() {
  channel_.try_receive([](boost::system::error_code) {});
}

boost::asio::awaitable<CallSlots::Held> CallSlots::hold() {
  co_await acquire();
  co_return Held(this);
}

}  // namespace genx3d::worker
