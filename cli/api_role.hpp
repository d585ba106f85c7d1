// The API side of a process (genx3d serve / genx3d api): store, chat service, waiters, HTTP
// server, and the queue it submits to — in process, or RabbitMQ when a broker is configured.
#pragma once

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "api/api_app.hpp"
#include "api/http_server.hpp"
#include "api/outbox_marker.hpp"
#include "cli/code_sandbox.hpp"
#include "cli/io_pool.hpp"
#include "cli/sandbox_solid_exporter.hpp"
#include "common/wal_checkpointer.hpp"
#include "queue/amqp/amqp_job_queue.hpp"
#include "queue/batch_dispatcher.hpp"
#include "queue/inproc/inproc_job_queue.hpp"

namespace genx3d::cli {

class ApiRole {
 public:
  // Opens the store (throws StoreError when it cannot). With `inproc` the jobs go to that queue;
  // without it, to the broker in cfg.broker.
  ApiRole(IoPool& io, const Config& cfg, const ModelCatalog& catalog,
          InprocJobQueue* inproc);
  ~ApiRole();

  // Binds the listener (the error says why not), then, on the io_context: requeues unfinished
  // jobs and starts accepting.
  boost::system::error_code start();
  // Stops accepting, wakes waiting requests, drains within `bound`.
  boost::asio::awaitable<void> shut_down(std::chrono::milliseconds bound);

  api::ChatService& chat() { return *chat_; }
  // In `serve`: the worker's phase board, so the job view shows a running job's phase.
  void show_phases(const JobPhases* phases) { app_->attach_sandbox(solids_.get(), phases); }
  std::uint16_t port() const { return server_->port(); }
  // One line of figures for the periodic metrics log.
  std::string metrics() const;

 private:
  boost::asio::io_context& ioc_;
  const Config& cfg_;
  std::unique_ptr<StoreExecutor> store_;
  std::unique_ptr<WalCheckpointer> checkpointer_;  // keeps checkpoints off store_'s thread
  api::JobWaiters waiters_;
  std::unique_ptr<api::OutboxMarker> outbox_;             // the broker's confirms, into store_
  std::unique_ptr<amqp::AmqpJobQueue> amqp_queue_;
  std::unique_ptr<BatchDispatcher> dispatcher_;      // in front of amqp_queue_
  std::unique_ptr<DispatchingEventSink> events_;     // the workers' events, back to chat_
  JobQueue* queue_ = nullptr;
  std::unique_ptr<api::ChatService> chat_;
  std::unique_ptr<api::BatchService> batches_;
  std::unique_ptr<CodeSandbox> sandbox_;  // for model downloads
  std::unique_ptr<SandboxSolidExporter> solids_;
  std::unique_ptr<api::ApiApp> app_;
  std::unique_ptr<api::HttpServer> server_;
};

// The broker client settings shared by both roles, from the config.
amqp::AmqpClientConfig broker_client_config(const Config& cfg, std::string name);

}  // namespace genx3d::cli
