#include "queue/cancelled_set.hpp"

namespace genx3d {

void CancelledSet::add(const std::string& id) {
  std::lock_guard lock(mutex_);
  if (!ids_.insert(id).second) return;
  order_.push_back(id);
  while (order_.size() > capacity_) {
    ids_.erase(order_.front());
    order_.pop_front();
  }
}

bool CancelledSet::covers(const JobPayload& job) const {
  std::lock_guard lock(mutex_);
  return ids_.contains(job.job_id) || (job.batch_id && ids_.contains(*job.batch_id));
}

std::size_t CancelledSet::size() const {
  std::lock_guard lock(mutex_);
  return ids_.size();
}

}  // namespace genx3d
