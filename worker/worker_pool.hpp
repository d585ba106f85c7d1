// A pool of job loops spread over executors: each loop takes a job from the JobSource, reports its
// start, runs it, reports its outcome, then acks it. Concurrency is the number of loops, not of
// threads: a loop waiting on a provider costs a coroutine frame, not a thread.
//
// Concurrency bounds the jobs running, not the outcomes waiting for the broker's (or the store's)
// confirm: a loop hands its outcome to a reporter of its own and takes the next job, so a slot is
// not idle for the confirm's round trip. (Over RabbitMQ with 200 jobs of 200 ms in flight, well
// below the CPU's limit, that took a worker from 93 % to 96 % of concurrency / latency.) Detached
// reports are bounded by report_headroom(); past it a loop reports itself.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "common/job_queue.hpp"
#include "worker/job_runner.hpp"

namespace genx3d::worker {

// Thread safety: start() once; in_flight() from anywhere. Stop by closing the JobSource, then
// await drained().
class WorkerPool {
 public:
  // Loop i runs on executors[i % executors.size()] (the I/O threads' contexts, cli/io_pool.hpp).
  WorkerPool(std::vector<boost::asio::any_io_executor> executors, JobSource& source,
             JobEventSink& events, const JobRunner& runner, int concurrency);

  // How many outcomes may await their confirm beyond the running jobs: a quarter of the
  // concurrency, at least one. A broker consumer prefetches concurrency + this many deliveries,
  // so a loop that handed off its outcome finds its next job already here.
  static int report_headroom(int concurrency);

  void start();
  // Completes once every loop has ended (after the source was closed) and every outcome was
  // reported.
  boost::asio::awaitable<void> drained();

  // Jobs taken and not yet acked or given back: running, or reporting their outcome.
  int in_flight() const { return in_flight_.load(); }
  // Of those, the ones whose outcome awaits its confirm.
  int reporting() const { return reporting_.load(); }
  int loops_running() const { return loops_running_.load(); }
  // No loop runs and no outcome awaits its report: nothing left that references the pool.
  bool idle() const { return loops_running_.load() == 0 && reporting_.load() == 0; }
  std::uint64_t jobs_done() const { return jobs_done_.load(); }

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> run_one(JobDelivery delivery);
  boost::asio::awaitable<void> report(JobDelivery delivery, JobOutcome outcome);

  std::vector<boost::asio::any_io_executor> executors_;
  JobSource& source_;
  JobEventSink& events_;
  const JobRunner& runner_;
  int concurrency_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> reporting_{0};
  std::atomic<int> loops_running_{0};
  std::atomic<std::uint64_t> jobs_done_{0};
};

}  // namespace genx3d::worker
