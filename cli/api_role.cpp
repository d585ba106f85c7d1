#include "cli/api_role.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/store.hpp"

namespace genx3d::cli {
namespace asio = boost::asio;

amqp::AmqpClientConfig broker_client_config(const Config& cfg, std::string name) {
  auto url = amqp::parse_broker_url(cfg.broker.url);
  if (!url) throw std::invalid_argument("--broker: " + url.error());
  amqp::AmqpClientConfig c;
  c.url = *url;
  c.topology.delivery_limit = cfg.broker.delivery_limit;
  c.heartbeat_seconds = cfg.broker.heartbeat_seconds;
  c.name = std::move(name);
  return c;
}

ApiRole::ApiRole(IoPool& io, const Config& cfg, const ModelCatalog& catalog,
                 InprocJobQueue* inproc)
    : ioc_(io.main()), cfg_(cfg) {
  asio::io_context& ioc = ioc_;
  store_ = std::make_unique<StoreExecutor>(Store::open(cfg.database_path()));
  // Every 50 ms: small enough passes that the writer's backstop finds little left to copy.
  checkpointer_ = std::make_unique<WalCheckpointer>(cfg.database_path(),
                                                    std::chrono::milliseconds(50));
  if (inproc) {
    queue_ = inproc;
  } else {
    amqp::AmqpClientConfig bc = broker_client_config(cfg, "api");
    bc.prefetch = 1024;  // results are cheap to apply; many in flight keep the store batching
    // Queue depth is the number an operator scales workers by; the API reports it.
    bc.watch_queues = {bc.topology.jobs_queue, bc.topology.batch_queue, bc.topology.dead_queue};
    outbox_ = std::make_unique<api::OutboxMarker>(ioc.get_executor(), *store_);
    amqp_queue_ = std::make_unique<amqp::AmqpJobQueue>(
        std::move(bc), ioc.get_executor(), [this](std::string job_id) {
          // Recorded so a restart republishes only what the broker never confirmed.
          outbox_->confirmed(std::move(job_id));
        });
    // Batch jobs reach the broker a window at a time, one key after another (fair sharing).
    dispatcher_ = std::make_unique<BatchDispatcher>(
        *amqp_queue_, static_cast<std::size_t>(cfg.broker.batch_window));
    queue_ = dispatcher_.get();
  }
  chat_ = std::make_unique<api::ChatService>(cfg, catalog, *store_, *queue_, waiters_);
  batches_ = std::make_unique<api::BatchService>(cfg, *store_, *queue_, waiters_);
  app_ = std::make_unique<api::ApiApp>(api::ApiServices{
      cfg, catalog, *store_, *chat_, waiters_, [this] { return queue_->healthy(); },
      batches_.get()});
  sandbox_ = std::make_unique<CodeSandbox>(ioc.get_executor(), cfg.sandbox,
                                           cfg.sandbox.api_runners, "api");
  solids_ = std::make_unique<SandboxSolidExporter>(sandbox_->pool(), sandbox_->skipped());
  app_->attach_sandbox(solids_.get(), nullptr);
  server_ = std::make_unique<api::HttpServer>(
      ioc, cfg.server, [this](api::HttpRequest r) { return app_->handle(std::move(r)); },
      io.executors());
}

ApiRole::~ApiRole() {
  if (amqp_queue_) amqp_queue_->stop();
}

boost::system::error_code ApiRole::start() {
  if (auto ec = server_->listen()) return ec;
  if (amqp_queue_) {
    events_ = std::make_unique<DispatchingEventSink>(*chat_, *dispatcher_);
    amqp_queue_->start(*events_);
  }
  sandbox_->warm_up();
  // Recovery runs before the server accepts, so no new job is mistaken for a leftover.
  asio::co_spawn(
      ioc_,
      [this]() -> asio::awaitable<void> {
        std::size_t n = co_await chat_->recover();
        if (n > 0) spdlog::info("requeued {} unfinished jobs from the store", n);
        server_->start();
        spdlog::info("API listening on http://{}:{} ({})", cfg_.server.host, server_->port(),
                     amqp_queue_ ? "RabbitMQ queue" : "embedded queue");
      },
      asio::detached);
  return {};
}

asio::awaitable<void> ApiRole::shut_down(std::chrono::milliseconds bound) {
  server_->stop_accepting();
  waiters_.shutdown();
  asio::steady_timer timer(ioc_);
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (server_->active_requests() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

std::string ApiRole::metrics() const {
  std::string out = fmt::format("api: connections={} requests={} waiting={} store_ops={} "
                                "store_batches={} store_replays={}",
                                server_->open_connections(), server_->active_requests(),
                                waiters_.waiting(), store_->ops_done(), store_->batches_done(),
                                store_->batches_replayed());
  if (amqp_queue_) {
    out += fmt::format(" broker={} unconfirmed_jobs={} dead_letters={} reconnects={}",
                       amqp_queue_->healthy() ? "up" : "down",
                       amqp_queue_->client().unconfirmed(), amqp_queue_->dead_letters(),
                       amqp_queue_->client().reconnects());
    out += fmt::format(" batch_waiting={} batch_in_flight={}", dispatcher_->waiting(),
                       dispatcher_->in_flight());
    for (const auto& [queue, depth] : amqp_queue_->client().depths()) {
      out += fmt::format(" depth[{}]={}", queue, depth);
    }
  }
  return out;
}

}  // namespace genx3d::cli
