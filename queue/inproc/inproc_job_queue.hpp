// The embedded queue: jobs pass from the API to the in-process worker pool through memory.
// Durability comes from the store (unfinished jobs are resubmitted at start-up), so acks are
// no-ops.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include "common/job_queue.hpp"
#include "queue/delivery_buffer.hpp"

namespace genx3d {

class InprocJobQueue final : public JobQueue, public JobSource {
 public:
  void submit(JobPayload job) override;
  bool healthy() const override { return true; }
  bool durable() const override { return false; }
  boost::asio::awaitable<std::optional<JobDelivery>> next() override { return buffer_.next(); }
  // Queued jobs are dropped: the store still has them as queued for the next start.
  void close() override { buffer_.close(); }

  std::size_t depth() const { return buffer_.depth(); }
  // Batch jobs the worker loops may hold at once (see batch_loop_limit); 0: no limit.
  void set_batch_limit(std::size_t limit) { buffer_.set_batch_limit(limit); }

 private:
  DeliveryBuffer buffer_;
};

}  // namespace genx3d
