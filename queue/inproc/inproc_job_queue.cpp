#include "queue/inproc/inproc_job_queue.hpp"

namespace genx3d {

void InprocJobQueue::submit(JobPayload job) {
  buffer_.push(JobDelivery{std::move(job), [] {}, [] {}});
}

void InprocJobQueue::cancelled(const CancelNotice& notice) {
  if (notice.job_id) cancelled_.add(*notice.job_id);
  if (notice.batch_id) cancelled_.add(*notice.batch_id);
}

boost::asio::awaitable<std::optional<JobDelivery>> InprocJobQueue::next() {
  for (;;) {
    std::optional<JobDelivery> d = co_await buffer_.next();
    if (!d || !cancelled_.covers(d->payload)) co_return d;
    // The store already has it as cancelled: settle it (freeing its batch slot) and move on.
    ++skipped_cancelled_;
    d->ack();
  }
}

}  // namespace genx3d
