#include "worker/worker_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

namespace genx3d::worker {
namespace asio = boost::asio;

WorkerPool::WorkerPool(std::vector<asio::any_io_executor> executors, JobSource& source,
                       JobEventSink& events, const JobRunner& runner, int concurrency)
    : executors_(std::move(executors)),
      source_(source),
      events_(events),
      runner_(runner),
      concurrency_(concurrency) {
  if (executors_.empty()) throw std::invalid_argument("WorkerPool needs an executor");
}

int WorkerPool::report_headroom(int concurrency) { return std::max(1, concurrency / 4); }

void WorkerPool::start() {
  for (int i = 0; i < concurrency_; ++i) {
    ++loops_running_;
    asio::co_spawn(executors_[i % executors_.size()], loop(), asio::detached);
  }
}

asio::awaitable<void> WorkerPool::loop() {
  for (;;) {
    std::optional<JobDelivery> delivery;
    try {
      delivery = co_await source_.next();
    } catch (const std::exception& e) {
      spdlog::error("worker: taking a job failed: {}", e.what());
    }
    if (!delivery) break;
    co_await run_one(std::move(*delivery));
  }
  --loops_running_;
}

asio::awaitable<void> WorkerPool::run_one(JobDelivery delivery) {
  ++in_flight_;
  const JobPayload& job = delivery.payload;
  JobOutcome outcome;
  try {
    if (!co_await events_.start(job)) {
      // Cancelled while it waited (or a duplicate): it must not run, and has nothing to report.
      delivery.ack();
      --in_flight_;
      co_return;
    }
    const auto began = std::chrono::steady_clock::now();
    outcome = co_await runner_.run(job);
    outcome.run_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - began)
                         .count();
  } catch (const std::exception& e) {
    // A bug in a provider or in post-processing fails this job, never the worker.
    spdlog::error("worker: job {} crashed: {}", job.job_id, e.what());
    outcome = JobOutcome{job.job_id, job.attempt, std::nullopt,
                         JobError{"internal_error", "worker_error", e.what()}, true};
  }
  // The count includes loops that report themselves, so detached reports stay within the
  // headroom whatever the mix.
  if (reporting_.fetch_add(1) < report_headroom(concurrency_)) {
    const auto ex = co_await asio::this_coro::executor;
    asio::co_spawn(ex, report(std::move(delivery), std::move(outcome)), asio::detached);
  } else {
    co_await report(std::move(delivery), std::move(outcome));
  }
}

// Never throws: a detached report has nobody to throw to.
asio::awaitable<void> WorkerPool::report(JobDelivery delivery, JobOutcome outcome) {
  try {
    co_await events_.finished(std::move(outcome));
    delivery.ack();
  } catch (const std::exception& e) {
    spdlog::error("worker: reporting job {} failed, giving it back: {}", delivery.payload.job_id,
                  e.what());
    delivery.requeue();
  }
  --reporting_;
  --in_flight_;
  ++jobs_done_;
}

asio::awaitable<void> WorkerPool::drained() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  // Detached reports reference this pool and the sink: they end before the pool may go.
  while (!idle()) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

}  // namespace genx3d::worker
