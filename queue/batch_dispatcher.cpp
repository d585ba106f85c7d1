#include "queue/batch_dispatcher.hpp"

#include <vector>

namespace genx3d {

BatchDispatcher::BatchDispatcher(JobQueue& inner, std::size_t window)
    : inner_(inner), window_(window) {}

void BatchDispatcher::submit(JobPayload job, std::string json) {
  if (!job.batch_id) {
    inner_.submit(std::move(job), std::move(json));
    return;
  }
  submit(std::move(job));  // a waiting batch job keeps only its payload
}

void BatchDispatcher::submit(JobPayload job) {
  if (!job.batch_id) {
    inner_.submit(std::move(job));
    return;
  }
  {
    std::lock_guard lock(mutex_);
    // A retry of a job already let through keeps its slot and goes straight on.
    if (in_flight_.contains(job.job_id)) {
      inner_.submit(std::move(job));
      return;
    }
    waiting_.push(JobDelivery{std::move(job), {}, {}});
  }
  pump();
}

void BatchDispatcher::cancelled(const CancelNotice& notice) {
  const std::string& id = notice.job_id ? *notice.job_id : *notice.batch_id;
  cancelled_.add(id);
  {
    // Workers skip cancelled jobs without reporting them, so their slots are freed here.
    std::lock_guard lock(mutex_);
    std::erase_if(in_flight_,
                  [&](const auto& entry) { return entry.first == id || entry.second == id; });
  }
  inner_.cancelled(notice);
  pump();
}

// A job that failed and is retried frees its slot here too, while its retry is queued: the
// window bounds how far one key can get ahead of others, so being one over for a while is fine.
void BatchDispatcher::finished(const std::string& job_id) {
  {
    std::lock_guard lock(mutex_);
    if (in_flight_.erase(job_id) == 0) return;
  }
  pump();
}

// Publishing happens outside the lock: inner_.submit may take its own locks.
void BatchDispatcher::pump() {
  std::vector<JobPayload> ready;
  {
    std::lock_guard lock(mutex_);
    while (in_flight_.size() < window_) {
      auto next = waiting_.pop();
      if (!next) break;
      if (cancelled_.covers(next->payload)) continue;  // never published at all
      in_flight_.emplace(next->payload.job_id, *next->payload.batch_id);
      ready.push_back(std::move(next->payload));
    }
  }
  for (auto& job : ready) inner_.submit(std::move(job));
}

std::size_t BatchDispatcher::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

std::size_t BatchDispatcher::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_.size();
}

boost::asio::awaitable<void> DispatchingEventSink::started(std::string job_id, int attempt) {
  co_await inner_.started(std::move(job_id), attempt);
}

boost::asio::awaitable<void> DispatchingEventSink::finished(JobOutcome outcome) {
  std::string id = outcome.job_id;
  co_await inner_.finished(std::move(outcome));
  dispatcher_.finished(id);
}

}  // namespace genx3d
