// The API's side of the broker: submits jobs as persistent, confirmed messages, and feeds the
// workers' events (and dead-lettered jobs) back into the API's JobEventSink, acking each only
// after the sink has committed it.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "common/job_queue.hpp"
#include "queue/amqp/amqp_client.hpp"

namespace genx3d::amqp {

class AmqpJobQueue final : public JobQueue {
 public:
  // `on_published` runs (on the client thread) once the broker confirmed a job; the API records
  // it so a restart republishes only unconfirmed jobs. Events are applied on `ex`.
  AmqpJobQueue(AmqpClientConfig config, boost::asio::any_io_executor ex,
               std::function<void(std::string job_id)> on_published);
  ~AmqpJobQueue() override;

  // Connects and starts applying the workers' events to `events`.
  void start(JobEventSink& events) {
    events_ = &events;
    client_.start();
  }
  void stop() { client_.stop(); }

  void submit(JobPayload job) override;
  void submit(JobPayload job, std::string json) override;
  bool healthy() const override { return client_.connected(); }
  bool durable() const override { return true; }
  // Publishes the notice to every connected worker's cancel queue.
  void cancelled(const CancelNotice& notice) override;

  const AmqpClient& client() const { return client_; }
  std::uint64_t dead_letters() const { return dead_letters_.load(); }

 private:
  void on_delivery(AmqpDelivery d);

  boost::asio::any_io_executor executor_;
  JobEventSink* events_ = nullptr;
  std::function<void(std::string)> on_published_;
  std::string dead_queue_;
  std::atomic<std::uint64_t> dead_letters_{0};
  AmqpClient client_;
};

}  // namespace genx3d::amqp
