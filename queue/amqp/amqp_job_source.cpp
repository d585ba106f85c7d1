#include "queue/amqp/amqp_job_source.hpp"

#include "common/ids.hpp"
#include "queue/amqp/cancel_messages.hpp"
#include "queue/amqp/event_messages.hpp"

#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace genx3d::amqp {
namespace asio = boost::asio;

namespace {

AmqpClientConfig with_consumer(AmqpClientConfig c, const std::string& cancel_queue) {
  c.private_queue = cancel_queue;
  c.private_key = c.topology.cancel_key;
  // Both lanes are consumed; the DeliveryBuffer hands interactive jobs to loops first.
  c.consume_queues = {c.topology.jobs_queue, c.topology.batch_queue};
  return c;
}

}  // namespace

AmqpJobSource::AmqpJobSource(AmqpClientConfig config)
    : cancel_queue_(config.topology.exchange + ".cancel." + new_id("worker")),
      client_(with_consumer(std::move(config), cancel_queue_),
              [this](AmqpDelivery d) { on_delivery(std::move(d)); }),
      announcer_(StartAnnouncer::kDefaultDelay,
                 [this](std::vector<StartedJob> jobs) { publish_started(jobs); }),
      outcomes_([this](std::vector<JobOutcome> outcomes, OutcomeBatcher::Confirmed confirmed) {
        publish_finished(std::move(outcomes), std::move(confirmed));
      }) {}

AmqpJobSource::~AmqpJobSource() { client_.stop(); }

void AmqpJobSource::on_delivery(AmqpDelivery d) {
  if (d.queue == cancel_queue_) {
    if (auto notice = decode_cancel(d.body)) {
      cancelled_.add(notice->job_id ? *notice->job_id : *notice->batch_id);
    } else {
      spdlog::warn("cancel queue: undecodable notice dropped: {}", notice.error());
    }
    client_.ack(d);
    return;
  }
  auto job = decode_job(d.body);
  if (!job) {
    // Rejected without requeue: the broker dead-letters it, where an operator can look.
    spdlog::error("jobs queue: undecodable job rejected: {}", job.error());
    client_.nack(d, false);
    return;
  }
  if (d.redelivered) ++redeliveries_;
  // A redelivery is another attempt at the same message.
  job->attempt += d.delivery_count;
  AmqpClient& client = client_;
  auto shared = std::make_shared<AmqpDelivery>(std::move(d));
  JobDelivery delivery{std::move(*job), [&client, shared] { client.ack(*shared); },
                       [&client, shared] { client.nack(*shared, true); }};
  if (auto unused = buffer_.push(std::move(delivery))) unused->requeue();
}

void AmqpJobSource::close() {
  client_.stop_consuming();
  for (auto& d : buffer_.close()) d.requeue();
}

void AmqpJobSource::publish_started(const std::vector<StartedJob>& jobs) {
  client_.publish(client_.topology().results_key, encode_started(StartedEvent{jobs}),
                  /*persistent=*/false);
}

asio::awaitable<void> AmqpJobSource::started(std::string job_id, int attempt) {
  publish_started({StartedJob{std::move(job_id), attempt}});
  co_return;
}

asio::awaitable<bool> AmqpJobSource::start(const JobPayload& job) {
  if (cancelled_.covers(job)) {
    ++skipped_cancelled_;
    co_return false;
  }
  announcer_.started(co_await asio::this_coro::executor, job.job_id, job.attempt);
  co_return true;
}

void AmqpJobSource::publish_finished(std::vector<JobOutcome> outcomes,
                                     OutcomeBatcher::Confirmed confirmed) {
  client_.publish(client_.topology().results_key,
                  encode_finished(FinishedEvent{std::move(outcomes)}),
                  /*persistent=*/true, std::move(confirmed));
}

asio::awaitable<void> AmqpJobSource::finished(JobOutcome outcome) {
  announcer_.finished(outcome.job_id);
  co_await outcomes_.finished(std::move(outcome));
}

}  // namespace genx3d::amqp
