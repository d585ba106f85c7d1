// A RabbitMQ client on its own thread (librabbitmq is blocking): one supervisor loop owns
// connect, topology, consume and reconnect with backoff; other threads talk to it through a
// command queue and get callbacks.
//
// Publishing is at-least-once: a message counts as delivered only when the broker confirms it;
// messages unconfirmed when a connection drops are published again on the next one, so a
// consumer may see a duplicate (genx3d's store transitions make duplicates harmless).
//
// Thread safety: every public member may be called from any thread. Callbacks run on the client's
// thread and must not block; they usually post to an io_context.
#pragma once

#include <atomic>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/backoff.hpp"
#include "queue/amqp/broker_url.hpp"
#include "queue/amqp/topology.hpp"

namespace genx3d::amqp {

class AmqpConnection;

struct AmqpClientConfig {
  BrokerUrl url;                                // where the broker is
  Topology topology;                            // exchanges and queues, declared on connect
  std::vector<std::string> consume_queues;      // queues this client consumes (may be none)
  std::string private_queue;                    // if set: this connection's own queue, bound
  std::string private_key;                      //   with private_key, declared and consumed
  std::uint16_t prefetch = 64;                  // unacked deliveries the broker may send at once
  std::chrono::seconds connect_timeout{5};      // TCP/TLS connect and login
  int heartbeat_seconds = 30;                   // AMQP heartbeat; dead peers found in ~2x this
  BackoffPolicy reconnect{std::chrono::milliseconds(200), std::chrono::milliseconds(5000), 2.0};
  std::string name = "genx3d";                  // for logs
  std::vector<std::string> watch_queues;        // queues whose depth depths() reports
  std::chrono::seconds depth_interval{5};       // how often their depth is read
};

struct AmqpDelivery {
  std::string queue;          // the queue it came from
  std::string body;
  std::uint64_t tag = 0;      // delivery tag, valid on its connection only
  std::uint64_t generation = 0;  // which connection delivered it
  bool redelivered = false;
  int delivery_count = 0;     // earlier deliveries of this message (quorum queues count them)
};

class AmqpClient {
 public:
  using DeliveryHandler = std::function<void(AmqpDelivery)>;
  using ConfirmHandler = std::function<void()>;        // the broker has the message
  using StateHandler = std::function<void(bool up)>;   // connected / disconnected

  AmqpClient(AmqpClientConfig config, DeliveryHandler on_delivery, StateHandler on_state = {});
  ~AmqpClient();  // stop()s

  void start();
  // Closes the connection and joins the thread. Unconfirmed publishes are dropped (their
  // owners keep them in the store); unacked deliveries return to their queues.
  void stop();

  // Publishes; `confirmed` runs once the broker has confirmed it (possibly after reconnects).
  void publish(std::string routing_key, std::string body, bool persistent,
               ConfirmHandler confirmed = {});
  // Settles a delivery. A tag from an older connection is ignored: the broker requeued it.
  void ack(const AmqpDelivery& d);
  void nack(const AmqpDelivery& d, bool requeue);
  // Stops consuming (basic.cancel on every queue); deliveries already sent still arrive.
  void stop_consuming();

  bool connected() const { return connected_.load(); }
  const Topology& topology() const { return config_.topology; }
  // Messages given to publish() and not yet confirmed.
  std::size_t unconfirmed() const;
  std::uint64_t reconnects() const { return reconnects_.load(); }
  // Ready messages per watched queue, as last read (empty until the first read).
  std::map<std::string, std::uint32_t> depths() const;

 private:
  struct Publish {
    std::string routing_key;
    std::string body;
    bool persistent;
    ConfirmHandler confirmed;
  };
  struct Settle {
    std::uint64_t generation;
    std::uint64_t tag;
    bool ack;
    bool requeue;
  };

  void run();
  void session(AmqpConnection& conn);
  bool flush_commands(AmqpConnection& conn);
  bool send_acks(AmqpConnection& conn, std::vector<std::uint64_t> tags);
  bool read_frames(AmqpConnection& conn);
  bool read_depths(AmqpConnection& conn);
  void on_confirm(std::uint64_t seq, bool multiple, bool nacked);
  void requeue_unconfirmed();
  void wake();
  void sleep_interruptibly(std::chrono::milliseconds d);

  AmqpClientConfig config_;
  DeliveryHandler on_delivery_;
  StateHandler on_state_;
  int wake_fd_ = -1;

  mutable std::mutex mutex_;            // guards the members below
  std::deque<Publish> outgoing_;
  std::vector<Settle> settles_;
  bool cancel_requested_ = false;
  std::map<std::uint64_t, Publish> in_flight_;  // publish seq -> message, awaiting confirm
  std::condition_variable sleep_cv_;
  std::map<std::string, std::uint32_t> depths_;

  // Owned by the client thread.
  std::uint64_t next_seq_ = 1;
  std::uint64_t generation_ = 0;
  std::set<std::uint64_t> unsettled_;  // this connection's deliveries not yet acked or nacked

  std::atomic<bool> stopping_{false};
  std::atomic<bool> connected_{false};
  std::atomic<std::uint64_t> reconnects_{0};
  std::thread thread_;
};

}  // namespace genx3d::amqp
