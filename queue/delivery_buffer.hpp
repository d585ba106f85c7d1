// Jobs received and not yet taken by a worker loop, and the loops waiting for one. Shared by the
// in-process queue and the RabbitMQ consumer (which fills it from prefetched deliveries). Waiting
// jobs leave in LaneScheduler order: interactive first, then batches by key in turn.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <deque>
#include <mutex>
#include <optional>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "common/job_queue.hpp"
#include "queue/lane_scheduler.hpp"

namespace genx3d {

class DeliveryBuffer {
 public:
  // Hands the delivery to a waiting loop, or keeps it. After close() it is returned unused.
  std::optional<JobDelivery> push(JobDelivery delivery);
  // The next delivery; nullopt once closed.
  boost::asio::awaitable<std::optional<JobDelivery>> next();
  // Wakes every waiting loop with nullopt and returns what no loop took.
  std::deque<JobDelivery> close();
  std::size_t depth() const;
  // At most `limit` batch jobs handed out and not yet acked or requeued; the other loops stay
  // free for interactive jobs. 0: no limit.
  void set_batch_limit(std::size_t limit);

 private:
  struct Waiter {
    boost::asio::any_io_executor executor;
    boost::asio::any_completion_handler<void(std::optional<JobDelivery>)> handler;
  };
  static void resume(Waiter waiter, std::optional<JobDelivery> delivery);
  // Under the lock: the next delivery a loop may take now, if any.
  std::optional<JobDelivery> take_allowed();
  // Counts a batch job as out until its ack or requeue.
  JobDelivery track(JobDelivery delivery);
  void on_batch_settled();

  mutable std::mutex mutex_;
  LaneScheduler ready_;
  std::deque<Waiter> waiters_;
  bool closed_ = false;
  std::size_t batch_limit_ = 0;
  std::size_t batch_out_ = 0;
};

}  // namespace genx3d
