// The embedded queue: jobs pass from the API to the in-process worker pool through memory.
// Durability comes from the store (unfinished jobs are resubmitted at start-up), so acks are
// no-ops. A cancel reaches it in process, and a cancelled job is never handed out.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <atomic>

#include "common/job_queue.hpp"
#include "queue/cancelled_set.hpp"
#include "queue/delivery_buffer.hpp"

namespace genx3d {

class InprocJobQueue final : public JobQueue, public JobSource {
 public:
  void submit(JobPayload job) override;
  bool healthy() const override { return true; }
  bool durable() const override { return false; }
  void cancelled(const CancelNotice& notice) override;
  boost::asio::awaitable<std::optional<JobDelivery>> next() override;
  // Queued jobs are dropped: the store still has them as queued for the next start.
  void close() override { buffer_.close(); }

  std::size_t depth() const { return buffer_.depth(); }
  // Batch jobs the worker loops may hold at once (see batch_loop_limit); 0: no limit.
  void set_batch_limit(std::size_t limit) { buffer_.set_batch_limit(limit); }
  // Jobs dropped at next() because they were cancelled while queued.
  std::uint64_t skipped_cancelled() const { return skipped_cancelled_.load(); }

 private:
  DeliveryBuffer buffer_;
  CancelledSet cancelled_;
  std::atomic<std::uint64_t> skipped_cancelled_{0};
};

}  // namespace genx3d
