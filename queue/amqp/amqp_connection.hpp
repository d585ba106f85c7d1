// One AMQP 0-9-1 connection through librabbitmq: connect (TCP or TLS), log in, open the publish
// channel (in confirm mode) and the consume channel, declare the topology. Blocking calls: only
// AmqpClient's thread uses it.
//
// Thread safety: none; owned by one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <amqp.h>
#include <boost/system/result.hpp>

#include "queue/amqp/broker_url.hpp"
#include "queue/amqp/topology.hpp"

namespace genx3d::amqp {

inline constexpr amqp_channel_t kPublishChannel = 1;
inline constexpr amqp_channel_t kConsumeChannel = 2;
// Passive queue.declare for queue depths: a channel of its own, so a failed query (an unknown
// queue closes its channel) never disturbs publishing or consuming.
inline constexpr amqp_channel_t kQueryChannel = 3;

struct QueueDepth {
  std::uint32_t messages = 0;   // ready, not yet delivered to a consumer
  std::uint32_t consumers = 0;
};

class AmqpConnection {
 public:
  static boost::system::result<std::unique_ptr<AmqpConnection>, std::string> open(
      const BrokerUrl& url, const Topology& topology, std::chrono::seconds timeout,
      int heartbeat_seconds);
  ~AmqpConnection();
  AmqpConnection(const AmqpConnection&) = delete;
  AmqpConnection& operator=(const AmqpConnection&) = delete;

  // Each returns an empty string on success, else what went wrong.
  std::string publish(std::string_view exchange, std::string_view routing_key,
                      std::string_view body, bool persistent);
  // With `multiple`, acks every unacked delivery up to and including `delivery_tag`.
  std::string ack(std::uint64_t delivery_tag, bool multiple = false);
  std::string nack(std::uint64_t delivery_tag, bool requeue);
  std::string consume(const std::string& queue, std::uint16_t prefetch);
  // Declares a queue of this connection alone (exclusive, auto-deleted with it) and binds it to
  // `exchange` with `routing_key`.
  std::string declare_private_queue(const std::string& queue, const std::string& exchange,
                                    const std::string& routing_key);
  std::string cancel(const std::string& consumer_tag);
  // A synchronous RPC; frames of other channels that arrive meanwhile stay queued for the
  // caller's frame loop.
  boost::system::result<QueueDepth, std::string> depth(const std::string& queue);

  int fd() const;
  // Whether frames already sit in librabbitmq's buffers (poll() would not show them).
  bool has_buffered_frames() const;
  amqp_connection_state_t state() const { return conn_; }

 private:
  AmqpConnection();
  amqp_connection_state_t conn_ = nullptr;
  bool logged_in_ = false;
};

// The text of a failed librabbitmq RPC reply.
std::string describe_reply(const amqp_rpc_reply_t& reply, std::string_view context);

}  // namespace genx3d::amqp
