#include "queue/delivery_buffer.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d {
namespace asio = boost::asio;

std::optional<JobDelivery> DeliveryBuffer::push(JobDelivery delivery) {
  std::unique_lock lock(mutex_);
  if (closed_) return delivery;
  if (waiters_.empty()) {
    ready_.push(std::move(delivery));
    return std::nullopt;
  }
  Waiter waiter = std::move(waiters_.front());
  waiters_.pop_front();
  lock.unlock();
  resume(std::move(waiter), std::move(delivery));
  return std::nullopt;
}

void DeliveryBuffer::resume(Waiter waiter, std::optional<JobDelivery> delivery) {
  // On the waiting loop's own executor, never inline on the pusher's stack.
  auto ex = waiter.executor;
  asio::post(ex, [h = std::move(waiter.handler), d = std::move(delivery)]() mutable {
    std::move(h)(std::move(d));
  });
}

asio::awaitable<std::optional<JobDelivery>> DeliveryBuffer::next() {
  return asio::async_initiate<const asio::use_awaitable_t<>&, void(std::optional<JobDelivery>)>(
      [this](auto handler) {
        Waiter waiter{asio::get_associated_executor(handler), std::move(handler)};
        std::unique_lock lock(mutex_);
        std::optional<JobDelivery> ready = ready_.pop();
        if (!ready && !closed_) {
          waiters_.push_back(std::move(waiter));
          return;
        }
        lock.unlock();
        resume(std::move(waiter), std::move(ready));
      },
      asio::use_awaitable);
}

std::deque<JobDelivery> DeliveryBuffer::close() {
  std::deque<Waiter> waiters;
  std::deque<JobDelivery> unused;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    waiters.swap(waiters_);
    unused = ready_.drain();
  }
  for (auto& w : waiters) resume(std::move(w), std::nullopt);
  return unused;
}

std::size_t DeliveryBuffer::depth() const {
  std::lock_guard lock(mutex_);
  return ready_.size();
}

}  // namespace genx3d
