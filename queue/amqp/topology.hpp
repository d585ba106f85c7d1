// The RabbitMQ topology genx3d uses, declared idempotently by every process at each connect, and
// shipped for operators as deploy/rabbitmq/definitions.json (kept in step by a test).
//
//   exchange genx3d (direct, durable)
//     "jobs"    -> queue genx3d.jobs     quorum: the broker counts deliveries; past the limit a
//                                        job that keeps killing its worker is dead-lettered
//     "jobs.batch" -> genx3d.jobs.batch  the same, for batch jobs. Quorum queues have no
//                                        priorities (RabbitMQ 3.10), so interactive chats get a
//                                        queue of their own and workers serve it first
//     "results" -> queue genx3d.results  quorum: workers' started/finished events for the API
//     "cancel"  -> each worker's own queue (exclusive, auto-deleted, named by the worker):
//                  cancel notices, so a worker skips jobs cancelled after they were queued
//   exchange genx3d.dlx (direct, durable)
//     "jobs", "jobs.batch" -> queue genx3d.jobs.dead  quorum: jobs past their delivery limit;
//                                          the API marks them failed
#pragma once

#include <string>

namespace genx3d::amqp {

struct Topology {
  std::string exchange = "genx3d";
  std::string dead_letter_exchange = "genx3d.dlx";
  std::string jobs_queue = "genx3d.jobs";
  std::string results_queue = "genx3d.results";
  std::string dead_queue = "genx3d.jobs.dead";
  std::string batch_queue = "genx3d.jobs.batch";
  std::string jobs_key = "jobs";
  std::string batch_key = "jobs.batch";
  std::string results_key = "results";
  std::string cancel_key = "cancel";
  int delivery_limit = 3;  // redeliveries of a job before it is dead-lettered
};

}  // namespace genx3d::amqp
