// The queue between the API and the workers, as two small interfaces. The embedded mode
// implements them in process (queue/inproc/); distributed mode on RabbitMQ (queue/amqp/).
// api/ and worker/ only ever see these interfaces.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/job.hpp"

namespace genx3d {

// Tells workers that jobs were cancelled in the store, so one that holds such a job skips it
// instead of running it. Exactly one member is set.
struct CancelNotice {
  std::optional<std::string> job_id;
  std::optional<std::string> batch_id;  // every job of the batch
};

// Producer side, used by the API after the job is committed to the store (the store is the
// outbox: a job that was not handed over is handed over again after a restart).
//
// Thread safety: submit() may be called from any thread.
class JobQueue {
 public:
  virtual ~JobQueue() = default;
  // Hands the job to the workers. Never blocks and never fails the caller: an implementation
  // that cannot deliver now keeps the job until it can.
  virtual void submit(JobPayload job) = 0;
  // The same, with `json` = job_json_text(job) already made (the API makes it for the store): a
  // queue that sends the payload as text sends this instead of serializing it again.
  virtual void submit(JobPayload job, std::string json) { submit(std::move(job)); }
  // Whether jobs can flow now (for /readyz).
  virtual bool healthy() const = 0;
  // Whether a submitted job survives this process (a broker has it). If not, the API resubmits
  // every unfinished job at start-up; if so, only those the broker never confirmed.
  virtual bool durable() const = 0;
  // Passes a cancel on to workers that cannot read the store. Best effort: a worker that misses
  // it runs the job, and the store's guards drop the result.
  virtual void cancelled(const CancelNotice& notice) {}
};

// A job as a worker receives it. Exactly one of ack/requeue is called, once.
// An attempt a worker reported as started.
struct StartedJob {
  std::string job_id;
  int attempt = 1;
};

struct JobDelivery {
  JobPayload payload;
  std::function<void()> ack;      // the outcome has been handed over; forget the job
  std::function<void()> requeue;  // give the job back untouched (e.g. on shutdown)
};

// Consumer side, used by the worker pool.
//
// Thread safety: next() may be awaited from several coroutines on any executors.
class JobSource {
 public:
  virtual ~JobSource() = default;
  // The next job; nullopt once the source is closed and drained of what this worker may take.
  virtual boost::asio::awaitable<std::optional<JobDelivery>> next() = 0;
  // Stops handing out jobs: pending and future next() calls return nullopt.
  virtual void close() = 0;
};

// Where a worker reports what happened to a job; the API side applies it to the store.
//
// Thread safety: callable from any coroutine.
class JobEventSink {
 public:
  virtual ~JobEventSink() = default;
  virtual boost::asio::awaitable<void> started(std::string job_id, int attempt) = 0;
  // Several starts at once, as a worker announces them (StartAnnouncer). The default reports
  // them one by one; the API records them in one store operation.
  virtual boost::asio::awaitable<void> started_many(std::vector<StartedJob> jobs) {
    for (auto& job : jobs) co_await started(std::move(job.job_id), job.attempt);
  }
  // started(), and whether the job may run: false when it was cancelled (or already ran)
  // before a worker took it, and the worker then skips it. The default cannot tell and allows
  // it; the API side then drops a cancelled job's result. `job` outlives the call.
  virtual boost::asio::awaitable<bool> start(const JobPayload& job) {
    co_await started(job.job_id, job.attempt);
    co_return true;
  }
  virtual boost::asio::awaitable<void> finished(JobOutcome outcome) = 0;
  // Several outcomes at once, as a worker's OutcomeBatcher sends them. The default reports them
  // one by one; the API records them in one store operation.
  virtual boost::asio::awaitable<void> finished_many(std::vector<JobOutcome> outcomes) {
    for (auto& outcome : outcomes) co_await finished(std::move(outcome));
  }
};

}  // namespace genx3d
