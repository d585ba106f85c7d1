#include "queue/amqp/amqp_connection.hpp"

#include <sys/time.h>

#include <cstdlib>

#include <amqp_ssl_socket.h>
#include <amqp_tcp_socket.h>

namespace genx3d::amqp {
namespace {

amqp_bytes_t bytes(std::string_view s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

std::string status_text(int status, std::string_view context) {
  return std::string(context) + ": " + amqp_error_string2(status);
}

// Queue arguments: quorum type (durable, replicated, counts deliveries) and dead-lettering.
std::string declare_quorum_queue(amqp_connection_state_t conn, const std::string& name,
                                 const Topology& t, bool dead_letter) {
  amqp_table_entry_t entries[3];
  int n = 0;
  entries[n].key = amqp_cstring_bytes("x-queue-type");
  entries[n].value.kind = AMQP_FIELD_KIND_UTF8;
  entries[n].value.value.bytes = amqp_cstring_bytes("quorum");
  ++n;
  if (dead_letter) {
    entries[n].key = amqp_cstring_bytes("x-dead-letter-exchange");
    entries[n].value.kind = AMQP_FIELD_KIND_UTF8;
    entries[n].value.value.bytes = bytes(t.dead_letter_exchange);
    ++n;
    entries[n].key = amqp_cstring_bytes("x-delivery-limit");
    entries[n].value.kind = AMQP_FIELD_KIND_I32;
    entries[n].value.value.i32 = t.delivery_limit;
    ++n;
  }
  amqp_table_t args{n, entries};
  amqp_queue_declare(conn, kPublishChannel, bytes(name), 0, /*durable=*/1, 0, 0, args);
  auto reply = amqp_get_rpc_reply(conn);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "queue.declare " + name);
  return {};
}

std::string declare(amqp_connection_state_t conn, const Topology& t) {
  for (const auto& ex : {t.exchange, t.dead_letter_exchange}) {
    amqp_exchange_declare(conn, kPublishChannel, bytes(ex), amqp_cstring_bytes("direct"), 0,
                          /*durable=*/1, 0, 0, amqp_empty_table);
    auto reply = amqp_get_rpc_reply(conn);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "exchange.declare");
  }
  if (auto e = declare_quorum_queue(conn, t.jobs_queue, t, true); !e.empty()) return e;
  if (auto e = declare_quorum_queue(conn, t.batch_queue, t, true); !e.empty()) return e;
  if (auto e = declare_quorum_queue(conn, t.results_queue, t, false); !e.empty()) return e;
  if (auto e = declare_quorum_queue(conn, t.dead_queue, t, false); !e.empty()) return e;
  struct Binding {
    const std::string& queue;
    const std::string& exchange;
    const std::string& key;
  };
  for (const Binding& b : {Binding{t.jobs_queue, t.exchange, t.jobs_key},
                           Binding{t.batch_queue, t.exchange, t.batch_key},
                           Binding{t.results_queue, t.exchange, t.results_key},
                           Binding{t.dead_queue, t.dead_letter_exchange, t.jobs_key},
                           Binding{t.dead_queue, t.dead_letter_exchange, t.batch_key}}) {
    amqp_queue_bind(conn, kPublishChannel, bytes(b.queue), bytes(b.exchange), bytes(b.key),
                    amqp_empty_table);
    auto reply = amqp_get_rpc_reply(conn);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "queue.bind");
  }
  return {};
}

}  // namespace

std::string describe_reply(const amqp_rpc_reply_t& reply, std::string_view context) {
  std::string out(context);
  switch (reply.reply_type) {
    case AMQP_RESPONSE_NORMAL:
      return {};
    case AMQP_RESPONSE_NONE:
      return out + ": missing RPC reply";
    case AMQP_RESPONSE_LIBRARY_EXCEPTION:
      return out + ": " + amqp_error_string2(reply.library_error);
    case AMQP_RESPONSE_SERVER_EXCEPTION:
      if (reply.reply.id == AMQP_CONNECTION_CLOSE_METHOD) {
        auto* m = static_cast<amqp_connection_close_t*>(reply.reply.decoded);
        return out + ": connection closed by broker: " +
               std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
      }
      if (reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD) {
        auto* m = static_cast<amqp_channel_close_t*>(reply.reply.decoded);
        return out + ": channel closed by broker: " +
               std::string(static_cast<char*>(m->reply_text.bytes), m->reply_text.len);
      }
      return out + ": broker error";
  }
  return out + ": unknown reply";
}

AmqpConnection::AmqpConnection() : conn_(amqp_new_connection()) {}

AmqpConnection::~AmqpConnection() {
  if (logged_in_) {
    // A polite close when the broker is there; errors do not matter any more.
    amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
  }
  amqp_destroy_connection(conn_);
}

boost::system::result<std::unique_ptr<AmqpConnection>, std::string> AmqpConnection::open(
    const BrokerUrl& url, const Topology& topology, std::chrono::seconds timeout,
    int heartbeat_seconds) {
  std::unique_ptr<AmqpConnection> c(new AmqpConnection());
  amqp_socket_t* socket = nullptr;
  if (url.tls) {
    socket = amqp_ssl_socket_new(c->conn_);
    if (!socket) return std::string("cannot create a TLS socket");
    amqp_ssl_socket_set_verify_peer(socket, 1);
    amqp_ssl_socket_set_verify_hostname(socket, 1);
    // The system store by default; GENX3D_AMQP_CACERT names another CA bundle (a private CA).
    const char* ca = std::getenv("GENX3D_AMQP_CACERT");
    int rc = amqp_ssl_socket_set_cacert(socket, ca ? ca : "/etc/ssl/certs/ca-certificates.crt");
    if (rc != AMQP_STATUS_OK) return status_text(rc, "loading the CA bundle");
  } else {
    socket = amqp_tcp_socket_new(c->conn_);
    if (!socket) return std::string("cannot create a TCP socket");
  }
  timeval tv{static_cast<time_t>(timeout.count()), 0};
  int rc = amqp_socket_open_noblock(socket, url.host.c_str(), url.port, &tv);
  if (rc != AMQP_STATUS_OK) return status_text(rc, "connecting to " + url.redacted());
  amqp_set_handshake_timeout(c->conn_, &tv);
  amqp_set_rpc_timeout(c->conn_, &tv);
  auto reply = amqp_login(c->conn_, url.vhost.c_str(), 0, 131072, heartbeat_seconds,
                          AMQP_SASL_METHOD_PLAIN, url.user.c_str(), url.password.c_str());
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "login");
  c->logged_in_ = true;
  for (amqp_channel_t ch : {kPublishChannel, kConsumeChannel, kQueryChannel}) {
    amqp_channel_open(c->conn_, ch);
    reply = amqp_get_rpc_reply(c->conn_);
    if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "channel.open");
  }
  amqp_confirm_select(c->conn_, kPublishChannel);
  reply = amqp_get_rpc_reply(c->conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "confirm.select");
  if (auto e = declare(c->conn_, topology); !e.empty()) return e;
  // Waiting for broker frames is done with poll() by the caller, not by RPC timeouts.
  amqp_set_rpc_timeout(c->conn_, nullptr);
  return c;
}

std::string AmqpConnection::publish(std::string_view exchange, std::string_view routing_key,
                                    std::string_view body, bool persistent) {
  amqp_basic_properties_t props{};
  props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  props.content_type = amqp_cstring_bytes("application/json");
  props.delivery_mode = persistent ? 2 : 1;
  int rc = amqp_basic_publish(conn_, kPublishChannel, bytes(exchange), bytes(routing_key),
                              /*mandatory=*/0, 0, &props, bytes(body));
  return rc == AMQP_STATUS_OK ? std::string{} : status_text(rc, "basic.publish");
}

std::string AmqpConnection::ack(std::uint64_t tag, bool multiple) {
  int rc = amqp_basic_ack(conn_, kConsumeChannel, tag, multiple ? 1 : 0);
  return rc == AMQP_STATUS_OK ? std::string{} : status_text(rc, "basic.ack");
}

std::string AmqpConnection::nack(std::uint64_t tag, bool requeue) {
  int rc = amqp_basic_nack(conn_, kConsumeChannel, tag, 0, requeue ? 1 : 0);
  return rc == AMQP_STATUS_OK ? std::string{} : status_text(rc, "basic.nack");
}

std::string AmqpConnection::consume(const std::string& queue, std::uint16_t prefetch) {
  amqp_basic_qos(conn_, kConsumeChannel, 0, prefetch, 0);
  auto reply = amqp_get_rpc_reply(conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "basic.qos");
  // The consumer tag is the queue name, so a delivery says which queue it came from.
  amqp_basic_consume(conn_, kConsumeChannel, bytes(queue), bytes(queue), 0, /*no_ack=*/0, 0,
                     amqp_empty_table);
  reply = amqp_get_rpc_reply(conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) return describe_reply(reply, "basic.consume");
  return {};
}

std::string AmqpConnection::declare_private_queue(const std::string& queue,
                                                  const std::string& exchange,
                                                  const std::string& routing_key) {
  amqp_queue_declare(conn_, kPublishChannel, bytes(queue), 0, /*durable=*/0, /*exclusive=*/1,
                     /*auto_delete=*/1, amqp_empty_table);
  auto reply = amqp_get_rpc_reply(conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return describe_reply(reply, "queue.declare " + queue);
  }
  amqp_queue_bind(conn_, kPublishChannel, bytes(queue), bytes(exchange), bytes(routing_key),
                  amqp_empty_table);
  reply = amqp_get_rpc_reply(conn_);
  if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return describe_reply(reply, "queue.bind " + queue);
  }
  return {};
}

std::string AmqpConnection::cancel(const std::string& consumer_tag) {
  amqp_basic_cancel_t req{};
  req.consumer_tag = bytes(consumer_tag);
  req.nowait = 1;  // no reply to wait for: the frame loop keeps reading deliveries meanwhile
  int rc = amqp_send_method(conn_, kConsumeChannel, AMQP_BASIC_CANCEL_METHOD, &req);
  return rc == AMQP_STATUS_OK ? std::string{} : status_text(rc, "basic.cancel");
}

boost::system::result<QueueDepth, std::string> AmqpConnection::depth(const std::string& queue) {
  auto* ok = amqp_queue_declare(conn_, kQueryChannel, bytes(queue), /*passive=*/1, 0, 0, 0,
                                amqp_empty_table);
  auto reply = amqp_get_rpc_reply(conn_);
  if (!ok || reply.reply_type != AMQP_RESPONSE_NORMAL) {
    return describe_reply(reply, "queue.declare (passive) " + queue);
  }
  return QueueDepth{ok->message_count, ok->consumer_count};
}

int AmqpConnection::fd() const { return amqp_get_sockfd(conn_); }

bool AmqpConnection::has_buffered_frames() const {
  return amqp_frames_enqueued(conn_) || amqp_data_in_buffer(conn_);
}

}  // namespace genx3d::amqp
