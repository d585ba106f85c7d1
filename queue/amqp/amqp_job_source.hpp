// The worker's side of the broker: jobs arrive as prefetched deliveries (prefetch = the pool's
// concurrency and its report headroom), wait in a DeliveryBuffer for a loop, and are acked only
// after their outcome was confirmed by the broker. Events go back as messages on genx3d.results.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <atomic>

#include <boost/asio/awaitable.hpp>

#include "common/job_queue.hpp"
#include "queue/amqp/amqp_client.hpp"
#include "queue/cancelled_set.hpp"
#include "queue/delivery_buffer.hpp"
#include "queue/outcome_batcher.hpp"
#include "queue/start_announcer.hpp"

namespace genx3d::amqp {

class AmqpJobSource final : public JobSource, public JobEventSink {
 public:
  explicit AmqpJobSource(AmqpClientConfig config);
  ~AmqpJobSource() override;

  void start() { client_.start(); }
  void stop() { client_.stop(); }

  // JobSource
  boost::asio::awaitable<std::optional<JobDelivery>> next() override { return buffer_.next(); }
  // Stops consuming and gives back every job no loop has taken yet.
  void close() override;

  // JobEventSink: "started" is fire-and-forget; "finished" completes once the broker confirmed
  // it, so the job is acked only when its outcome is safe. Outcomes ready while earlier ones
  // await their confirm share a message (OutcomeBatcher). start() announces the start only if
  // the attempt still runs 100 ms later (StartAnnouncer).
  boost::asio::awaitable<void> started(std::string job_id, int attempt) override;
  // False, and no event, for a job the API announced as cancelled (it is acked and dropped).
  boost::asio::awaitable<bool> start(const JobPayload& job) override;
  boost::asio::awaitable<void> finished(JobOutcome outcome) override;

  const AmqpClient& client() const { return client_; }
  std::size_t buffered() const { return buffer_.depth(); }
  // Batch jobs the worker loops may hold at once (see batch_loop_limit); 0: no limit.
  void set_batch_limit(std::size_t limit) { buffer_.set_batch_limit(limit); }
  std::uint64_t redeliveries() const { return redeliveries_.load(); }
  std::uint64_t skipped_cancelled() const { return skipped_cancelled_.load(); }
  const StartAnnouncer& starts() const { return announcer_; }
  const OutcomeBatcher& outcomes() const { return outcomes_; }

 private:
  void on_delivery(AmqpDelivery d);
  void publish_started(const std::vector<StartedJob>& jobs);  // fire-and-forget
  void publish_finished(std::vector<JobOutcome> outcomes, OutcomeBatcher::Confirmed confirmed);

  DeliveryBuffer buffer_;
  CancelledSet cancelled_;
  std::string cancel_queue_;  // this worker's own queue of cancel notices
  std::atomic<std::uint64_t> redeliveries_{0};
  std::atomic<std::uint64_t> skipped_cancelled_{0};
  AmqpClient client_;
  StartAnnouncer announcer_;  // after client_: it publishes through it, so it goes first
  OutcomeBatcher outcomes_;   // likewise
};

}  // namespace genx3d::amqp
