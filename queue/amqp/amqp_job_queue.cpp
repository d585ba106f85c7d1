#include "queue/amqp/amqp_job_queue.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <spdlog/spdlog.h>

#include "queue/amqp/cancel_messages.hpp"
#include "queue/amqp/event_messages.hpp"

namespace genx3d::amqp {
namespace asio = boost::asio;

namespace {

AmqpClientConfig with_consumers(AmqpClientConfig c) {
  c.consume_queues = {c.topology.results_queue, c.topology.dead_queue};
  return c;
}

}  // namespace

AmqpJobQueue::AmqpJobQueue(AmqpClientConfig config, asio::any_io_executor ex,
                           std::function<void(std::string job_id)> on_published)
    : executor_(std::move(ex)),
      on_published_(std::move(on_published)),
      dead_queue_(config.topology.dead_queue),
      client_(with_consumers(std::move(config)), [this](AmqpDelivery d) { on_delivery(std::move(d)); }) {}

AmqpJobQueue::~AmqpJobQueue() { client_.stop(); }

void AmqpJobQueue::submit(JobPayload job) {
  std::string json = encode_job(job);
  submit(std::move(job), std::move(json));
}

void AmqpJobQueue::submit(JobPayload job, std::string json) {
  std::string id = job.job_id;
  // Batch jobs wait in a queue of their own, which workers serve after interactive ones.
  const Topology& t = client_.topology();
  const std::string& key = job.batch_id ? t.batch_key : t.jobs_key;
  client_.publish(key, std::move(json), /*persistent=*/true, [this, id = std::move(id)] {
    if (on_published_) on_published_(id);
  });
}

void AmqpJobQueue::cancelled(const CancelNotice& notice) {
  client_.publish(client_.topology().cancel_key, encode_cancel(notice), /*persistent=*/false);
}

void AmqpJobQueue::on_delivery(AmqpDelivery d) {
  // Decode on the client thread (cheap); apply on the io_context; ack only once applied.
  asio::co_spawn(
      executor_,
      [this, d = std::move(d)]() -> asio::awaitable<void> {
        if (d.queue == dead_queue_) {
          auto job = decode_job(d.body);
          if (job) {
            JobOutcome outcome;
            outcome.job_id = job->job_id;
            outcome.attempt = job->attempt;
            outcome.error = JobError{"internal_error", "retries_exhausted",
                                     "The job was delivered to workers too many times without "
                                     "an answer (each worker crashed or was lost)"};
            ++dead_letters_;
            spdlog::warn("job {}: dead-lettered after its delivery limit", job->job_id);
            co_await events_->finished(std::move(outcome));
          } else {
            spdlog::error("dead-letter queue: undecodable job dropped: {}", job.error());
          }
          client_.ack(d);
          co_return;
        }
        auto event = decode_event(d.body);
        if (!event) {
          spdlog::error("results queue: undecodable event dropped: {}", event.error());
          client_.ack(d);
          co_return;
        }
        if (auto* started = std::get_if<StartedEvent>(&*event)) {
          co_await events_->started_many(std::move(started->jobs));
        } else {
          co_await events_->finished_many(std::get<FinishedEvent>(std::move(*event)).outcomes);
        }
        client_.ack(d);
      },
      asio::detached);
}

}  // namespace genx3d::amqp
