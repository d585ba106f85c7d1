// Fair sharing of a durable queue (RabbitMQ) between batches. A broker queue is first in, first
// out: a key that submitted 10,000 prompts would hold every other key's batch behind its own.
// So batch jobs are not published at once: they wait here, in a LaneScheduler (one lane per
// key, taken in turn), and at most `window` of them are in the broker or at a worker at a time.
// Each finished batch job lets the next one through. Interactive jobs pass straight through.
//
// Memory: the waiting payloads (a 10,000-request batch is a few MB). A restart loses nothing:
// waiting jobs are queued and unpublished in the store, and recovery submits them here again.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include "common/job_queue.hpp"
#include "queue/cancelled_set.hpp"
#include "queue/lane_scheduler.hpp"

#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace genx3d {

class BatchDispatcher final : public JobQueue {
 public:
  BatchDispatcher(JobQueue& inner, std::size_t window);

  void submit(JobPayload job) override;
  void submit(JobPayload job, std::string json) override;
  bool healthy() const override { return inner_.healthy(); }
  bool durable() const override { return inner_.durable(); }
  // Waiting jobs it covers are dropped; the notice goes on to the workers.
  void cancelled(const CancelNotice& notice) override;

  // A job's outcome arrived: its window slot is free.
  void finished(const std::string& job_id);

  std::size_t waiting() const;
  std::size_t in_flight() const;

 private:
  void pump();

  JobQueue& inner_;
  const std::size_t window_;
  CancelledSet cancelled_;
  mutable std::mutex mutex_;
  LaneScheduler waiting_;
  std::unordered_map<std::string, std::string> in_flight_;  // job id -> batch id
};

// Passes a worker's events on to the API's sink, and frees the job's window slot once its
// outcome was applied.
class DispatchingEventSink final : public JobEventSink {
 public:
  DispatchingEventSink(JobEventSink& inner, BatchDispatcher& dispatcher)
      : inner_(inner), dispatcher_(dispatcher) {}
  boost::asio::awaitable<void> started(std::string job_id, int attempt) override;
  boost::asio::awaitable<void> finished(JobOutcome outcome) override;

 private:
  JobEventSink& inner_;
  BatchDispatcher& dispatcher_;
};

}  // namespace genx3d
