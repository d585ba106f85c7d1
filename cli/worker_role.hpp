// The worker side of a process (genx3d serve / genx3d worker): providers, job runner and a pool
// of job loops, fed by the in-process queue or by RabbitMQ.
#pragma once

#include <memory>

#include <boost/asio/awaitable.hpp>

#include "cli/code_sandbox.hpp"
#include "cli/io_pool.hpp"
#include "common/config.hpp"
#include "common/job_phases.hpp"
#include "common/model_catalog.hpp"
#include "queue/amqp/amqp_job_source.hpp"
#include "queue/inproc/inproc_event_sink.hpp"
#include "queue/inproc/inproc_job_queue.hpp"
#include "worker/worker_pool.hpp"

namespace genx3d::cli {

class WorkerRole {
 public:
  // With `inproc`, jobs come from it and events go to `inproc_events`; without, both go through
  // the broker in cfg.broker.
  WorkerRole(IoPool& io, const Config& cfg, const ModelCatalog& catalog,
             InprocJobQueue* inproc, JobEventSink* inproc_events);
  ~WorkerRole();

  void start();
  // Stops taking jobs, lets in-flight ones finish within `bound`; what is left returns to the
  // queue (broker) or runs again at the next start (embedded).
  boost::asio::awaitable<void> shut_down(std::chrono::milliseconds bound);
  std::string metrics() const;
  // Where this worker's running jobs are (generating, validating, repairing).
  const JobPhases& phases() const { return phases_; }

 private:
  const Config& cfg_;
  std::unique_ptr<worker::ProviderRouter> router_;
  JobPhases phases_;
  std::unique_ptr<CodeSandbox> sandbox_;
  std::unique_ptr<worker::SandboxValidator> validator_;
  std::unique_ptr<worker::JobRunner> runner_;
  std::unique_ptr<amqp::AmqpJobSource> amqp_source_;
  InprocJobQueue* inproc_ = nullptr;
  std::unique_ptr<InprocEventSink> inproc_events_;
  JobSource* source_ = nullptr;
  std::unique_ptr<worker::WorkerPool> pool_;
};

}  // namespace genx3d::cli
