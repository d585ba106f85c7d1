#include "queue/delivery_buffer.hpp"

#include <atomic>
#include <memory>

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d {
namespace asio = boost::asio;

std::optional<JobDelivery> DeliveryBuffer::push(JobDelivery delivery) {
  std::unique_lock lock(mutex_);
  if (closed_) return delivery;
  ready_.push(std::move(delivery));
  if (waiters_.empty()) return std::nullopt;
  std::optional<JobDelivery> next = take_allowed();
  if (!next) return std::nullopt;  // a batch job over the limit waits for a batch slot
  Waiter waiter = std::move(waiters_.front());
  waiters_.pop_front();
  lock.unlock();
  resume(std::move(waiter), std::move(next));
  return std::nullopt;
}

std::optional<JobDelivery> DeliveryBuffer::take_allowed() {
  const bool batch_blocked = batch_limit_ > 0 && batch_out_ >= batch_limit_;
  if (batch_blocked && ready_.interactive_size() == 0) return std::nullopt;
  std::optional<JobDelivery> d = ready_.pop();  // interactive first, so this is one if blocked
  if (d && d->payload.batch_id && batch_limit_ > 0) return track(std::move(*d));
  return d;
}

// The settle callbacks outlive no buffer: loops settle their jobs before the buffer is gone.
JobDelivery DeliveryBuffer::track(JobDelivery delivery) {
  ++batch_out_;
  auto settled = std::make_shared<std::atomic<bool>>(false);
  auto release = [this, settled] {
    if (!settled->exchange(true)) on_batch_settled();
  };
  delivery.ack = [inner = std::move(delivery.ack), release] {
    if (inner) inner();
    release();
  };
  delivery.requeue = [inner = std::move(delivery.requeue), release] {
    if (inner) inner();
    release();
  };
  return delivery;
}

void DeliveryBuffer::on_batch_settled() {
  std::unique_lock lock(mutex_);
  --batch_out_;
  if (waiters_.empty()) return;
  std::optional<JobDelivery> next = take_allowed();
  if (!next) return;
  Waiter waiter = std::move(waiters_.front());
  waiters_.pop_front();
  lock.unlock();
  resume(std::move(waiter), std::move(next));
}

void DeliveryBuffer::set_batch_limit(std::size_t limit) {
  std::lock_guard lock(mutex_);
  batch_limit_ = limit;
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
        std::optional<JobDelivery> ready = take_allowed();
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
