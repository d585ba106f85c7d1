#include "queue/inproc/inproc_job_queue.hpp"

namespace genx3d {

void InprocJobQueue::submit(JobPayload job) {
  buffer_.push(JobDelivery{std::move(job), [] {}, [] {}});
}

}  // namespace genx3d
