#include "queue/lane_scheduler.hpp"

namespace genx3d {

void LaneScheduler::push(JobDelivery delivery) {
  ++size_;
  if (!delivery.payload.batch_id) {
    interactive_.push_back(std::move(delivery));
    return;
  }
  // A batch job without an owner still gets a lane of its own rather than none.
  std::string owner = delivery.payload.batch_owner.value_or(std::string());
  auto [it, fresh] = by_owner_.try_emplace(owner);
  if (fresh) turns_.push_back(owner);
  it->second.push_back(std::move(delivery));
}

std::optional<JobDelivery> LaneScheduler::pop() {
  if (size_ == 0) return std::nullopt;
  --size_;
  if (!interactive_.empty()) {
    JobDelivery d = std::move(interactive_.front());
    interactive_.pop_front();
    return d;
  }
  std::string owner = std::move(turns_.front());
  turns_.pop_front();
  auto it = by_owner_.find(owner);
  JobDelivery d = std::move(it->second.front());
  it->second.pop_front();
  if (it->second.empty()) {
    by_owner_.erase(it);
  } else {
    turns_.push_back(std::move(owner));
  }
  return d;
}

std::deque<JobDelivery> LaneScheduler::drain() {
  std::deque<JobDelivery> all;
  while (auto d = pop()) all.push_back(std::move(*d));
  return all;
}

}  // namespace genx3d
