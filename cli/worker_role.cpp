#include "cli/worker_role.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "cli/api_role.hpp"
#include "worker/providers/provider_setup.hpp"

namespace genx3d::cli {
namespace asio = boost::asio;

WorkerRole::WorkerRole(IoPool& io, const Config& cfg, const ModelCatalog& catalog,
                       InprocJobQueue* inproc, JobEventSink* inproc_events)
    : cfg_(cfg) {
  asio::io_context& ioc = io.main();
  // `catalog` came from the same providers file, so the API and the router agree.
  worker::ProviderSetup setup = worker::load_provider_setup(cfg, ioc.get_executor(), false);
  router_ = std::make_unique<worker::ProviderRouter>(catalog, std::move(setup.providers));
  sandbox_ = std::make_unique<CodeSandbox>(ioc.get_executor(), cfg.sandbox,
                                           cfg.sandbox.worker_runners, "worker");
  validator_ = std::make_unique<worker::SandboxValidator>(sandbox_->pool(), sandbox_->skipped());
  runner_ = std::make_unique<worker::JobRunner>(
      *router_, *validator_, cfg.worker.repair_attempts,
      [this](const std::string& job_id, std::string_view phase) {
        if (phase == "done") {
          phases_.clear(job_id);
        } else {
          phases_.set(job_id, phase);
        }
      });
  JobEventSink* events = inproc_events;
  // Some loops stay free for interactive jobs while batches drain.
  const std::size_t batch_limit = batch_loop_limit(cfg.worker.concurrency);
  if (inproc) {
    inproc->set_batch_limit(batch_limit);
    inproc_ = inproc;
    source_ = inproc;
    inproc_events_ = std::make_unique<InprocEventSink>(*inproc_events, ioc.get_executor());
    events = inproc_events_.get();
  } else {
    amqp::AmqpClientConfig bc = broker_client_config(cfg, "worker");
    // The broker sends each worker as many jobs as it runs at once, plus one for each outcome
    // that may await its confirm (WorkerPool::report_headroom): a loop that handed its outcome
    // off takes its next job from here instead of waiting for the ack's round trip.
    const int c = cfg.worker.concurrency;
    bc.prefetch =
        static_cast<std::uint16_t>(std::min(c + worker::WorkerPool::report_headroom(c), 65535));
    amqp_source_ = std::make_unique<amqp::AmqpJobSource>(std::move(bc));
    amqp_source_->set_batch_limit(batch_limit);
    source_ = amqp_source_.get();
    events = amqp_source_.get();
  }
  pool_ = std::make_unique<worker::WorkerPool>(io.executors(), *source_, *events, *runner_,
                                               cfg.worker.concurrency);
}

WorkerRole::~WorkerRole() {
  if (amqp_source_) amqp_source_->stop();
}

void WorkerRole::start() {
  if (amqp_source_) amqp_source_->start();
  sandbox_->warm_up();
  pool_->start();
  spdlog::info("worker pool running {} jobs at once ({})", cfg_.worker.concurrency,
               amqp_source_ ? "RabbitMQ queue" : "embedded queue");
}

asio::awaitable<void> WorkerRole::shut_down(std::chrono::milliseconds bound) {
  source_->close();
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto deadline = std::chrono::steady_clock::now() + bound;
  // Reports still awaiting their confirm ack their jobs when it comes: wait for them as well.
  while (!pool_->idle() && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
  if (pool_->in_flight() > 0) {
    spdlog::warn("{} jobs still running at the drain bound; they will run again",
                 pool_->in_flight());
  }
  // Confirm outstanding results before the connection goes (bounded by the same deadline).
  while (amqp_source_ && amqp_source_->client().unconfirmed() > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

std::string WorkerRole::metrics() const {
  std::string out = fmt::format("worker: in_flight={} done={}", pool_->in_flight(),
                                pool_->jobs_done());
  if (auto* runners = sandbox_->pool()) {
    out += fmt::format(" sandbox_runs={} sandbox_restarts={} sandbox_cache_hits={}",
                       runners->runs(), runners->restarts(), validator_->cache().hits());
  }
  if (amqp_source_) {
    out += fmt::format(" broker={} prefetched={} redeliveries={} unconfirmed_results={} "
                       "reconnects={} skipped_cancelled={} starts_announced={} "
                       "starts_unannounced={} results={} result_messages={}",
                       amqp_source_->client().connected() ? "up" : "down",
                       amqp_source_->buffered(), amqp_source_->redeliveries(),
                       amqp_source_->client().unconfirmed(), amqp_source_->client().reconnects(),
                       amqp_source_->skipped_cancelled(), amqp_source_->starts().announced(),
                       amqp_source_->starts().skipped(), amqp_source_->outcomes().outcomes(),
                       amqp_source_->outcomes().batches());
  }
  if (inproc_) {
    out += fmt::format(" skipped_cancelled={} starts_announced={} starts_unannounced={}",
                       inproc_->skipped_cancelled(), inproc_events_->starts().announced(),
                       inproc_events_->starts().skipped());
  }
  return out;
}

}  // namespace genx3d::cli
