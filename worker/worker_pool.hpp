// A pool of job loops spread over executors: each loop takes a job from the JobSource, reports its
// start, runs it, reports its outcome, then acks it. Concurrency is the number of loops, not of
// threads: a loop waiting on a provider costs a coroutine frame, not a thread.
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

  void start();
  // Completes once every loop has ended (after the source was closed).
  boost::asio::awaitable<void> drained();

  int in_flight() const { return in_flight_.load(); }
  int loops_running() const { return loops_running_.load(); }
  std::uint64_t jobs_done() const { return jobs_done_.load(); }

 private:
  boost::asio::awaitable<void> loop();
  boost::asio::awaitable<void> run_one(JobDelivery delivery);

  std::vector<boost::asio::any_io_executor> executors_;
  JobSource& source_;
  JobEventSink& events_;
  const JobRunner& runner_;
  int concurrency_;
  std::atomic<int> in_flight_{0};
  std::atomic<int> loops_running_{0};
  std::atomic<std::uint64_t> jobs_done_{0};
};

}  // namespace genx3d::worker
