#include "queue/amqp/amqp_client.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <condition_variable>

#include <amqp.h>
#include <spdlog/spdlog.h>

#include "common/thread_name.hpp"
#include "queue/amqp/amqp_connection.hpp"

namespace genx3d::amqp {
namespace {

// Upper bound on one poll(): heartbeats are sent from within librabbitmq's reads, and TLS may hold
// decrypted bytes that poll() cannot see, so the loop never sleeps long.
constexpr int kPollMillis = 50;
// Frames read per loop turn before commands get a turn again.
constexpr int kMaxFramesPerTurn = 256;

std::string to_string(amqp_bytes_t b) { return std::string(static_cast<char*>(b.bytes), b.len); }

// The x-delivery-count header a quorum queue sets on a redelivered message.
int delivery_count(const amqp_basic_properties_t& props) {
  if (!(props._flags & AMQP_BASIC_HEADERS_FLAG)) return 0;
  for (int i = 0; i < props.headers.num_entries; ++i) {
    const amqp_table_entry_t& e = props.headers.entries[i];
    if (to_string(e.key) != "x-delivery-count") continue;
    switch (e.value.kind) {
      case AMQP_FIELD_KIND_I8: return e.value.value.i8;
      case AMQP_FIELD_KIND_U8: return e.value.value.u8;
      case AMQP_FIELD_KIND_I16: return e.value.value.i16;
      case AMQP_FIELD_KIND_U16: return e.value.value.u16;
      case AMQP_FIELD_KIND_I32: return e.value.value.i32;
      case AMQP_FIELD_KIND_U32: return static_cast<int>(e.value.value.u32);
      case AMQP_FIELD_KIND_I64: return static_cast<int>(e.value.value.i64);
      case AMQP_FIELD_KIND_U64: return static_cast<int>(e.value.value.u64);
      default: return 0;
    }
  }
  return 0;
}

}  // namespace

AmqpClient::AmqpClient(AmqpClientConfig config, DeliveryHandler on_delivery, StateHandler on_state)
    : config_(std::move(config)),
      on_delivery_(std::move(on_delivery)),
      on_state_(std::move(on_state)),
      wake_fd_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {}

AmqpClient::~AmqpClient() {
  stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void AmqpClient::start() {
  thread_ = std::thread([this] {
    name_this_thread("genx3d-amqp");
    run();
  });
}

void AmqpClient::stop() {
  if (stopping_.exchange(true)) {
    if (thread_.joinable()) thread_.join();
    return;
  }
  wake();
  sleep_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void AmqpClient::wake() {
  std::uint64_t one = 1;
  [[maybe_unused]] auto n = ::write(wake_fd_, &one, sizeof one);
}

void AmqpClient::publish(std::string routing_key, std::string body, bool persistent,
                         ConfirmHandler confirmed) {
  {
    std::lock_guard lock(mutex_);
    outgoing_.push_back({std::move(routing_key), std::move(body), persistent, std::move(confirmed)});
  }
  wake();
}

void AmqpClient::ack(const AmqpDelivery& d) {
  {
    std::lock_guard lock(mutex_);
    settles_.push_back({d.generation, d.tag, true, false});
  }
  wake();
}

void AmqpClient::nack(const AmqpDelivery& d, bool requeue) {
  {
    std::lock_guard lock(mutex_);
    settles_.push_back({d.generation, d.tag, false, requeue});
  }
  wake();
}

void AmqpClient::stop_consuming() {
  {
    std::lock_guard lock(mutex_);
    cancel_requested_ = true;
  }
  wake();
}

std::size_t AmqpClient::unconfirmed() const {
  std::lock_guard lock(mutex_);
  return outgoing_.size() + in_flight_.size();
}

void AmqpClient::sleep_interruptibly(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  sleep_cv_.wait_for(lock, d, [this] { return stopping_.load(); });
}

void AmqpClient::run() {
  Backoff backoff(config_.reconnect);
  while (!stopping_) {
    auto conn = AmqpConnection::open(config_.url, config_.topology, config_.connect_timeout,
                                     config_.heartbeat_seconds);
    if (!conn) {
      auto delay = backoff.next_delay();
      spdlog::warn("amqp[{}]: {}; retrying in {} ms", config_.name, conn.error(), delay.count());
      sleep_interruptibly(delay);
      continue;
    }
    std::string consume_error;
    bool consuming_cancelled;
    {
      std::lock_guard lock(mutex_);
      consuming_cancelled = cancel_requested_;
    }
    if (!config_.private_queue.empty()) {
      consume_error = (*conn)->declare_private_queue(
          config_.private_queue, config_.topology.exchange, config_.private_key);
      if (consume_error.empty()) consume_error = (*conn)->consume(config_.private_queue, 256);
    }
    if (!consuming_cancelled && consume_error.empty()) {
      for (const auto& q : config_.consume_queues) {
        consume_error = (*conn)->consume(q, config_.prefetch);
        if (!consume_error.empty()) break;
      }
    }
    if (!consume_error.empty()) {
      auto delay = backoff.next_delay();
      spdlog::warn("amqp[{}]: {}; retrying in {} ms", config_.name, consume_error, delay.count());
      sleep_interruptibly(delay);
      continue;
    }
    backoff.reset();
    ++generation_;
    next_seq_ = 1;  // confirm sequence numbers restart on every channel
    unsettled_.clear();  // delivery tags too; the old channel's deliveries were requeued
    if (generation_ > 1) ++reconnects_;
    connected_ = true;
    spdlog::info("amqp[{}]: connected to {}", config_.name, config_.url.redacted());
    if (on_state_) on_state_(true);
    session(**conn);
    connected_ = false;
    if (on_state_) on_state_(false);
    requeue_unconfirmed();
    if (!stopping_) spdlog::warn("amqp[{}]: connection lost; reconnecting", config_.name);
  }
}

void AmqpClient::requeue_unconfirmed() {
  std::lock_guard lock(mutex_);
  // Unconfirmed messages go first, in their original order, ahead of newer ones.
  for (auto it = in_flight_.rbegin(); it != in_flight_.rend(); ++it) {
    outgoing_.push_front(std::move(it->second));
  }
  in_flight_.clear();
  settles_.clear();  // tags of a dead connection mean nothing; the broker requeued those
}

void AmqpClient::session(AmqpConnection& conn) {
  bool cancelled = false;
  auto next_depth_read = std::chrono::steady_clock::now();
  while (!stopping_) {
    if (!flush_commands(conn)) return;
    if (!config_.watch_queues.empty() && std::chrono::steady_clock::now() >= next_depth_read) {
      if (!read_depths(conn)) return;
      next_depth_read = std::chrono::steady_clock::now() + config_.depth_interval;
    }
    {
      std::lock_guard lock(mutex_);
      if (cancel_requested_ && !cancelled) {
        cancelled = true;
        for (const auto& q : config_.consume_queues) conn.cancel(q);
      }
    }
    if (!conn.has_buffered_frames()) {
      pollfd fds[2] = {{conn.fd(), POLLIN, 0}, {wake_fd_, POLLIN, 0}};
      int rc = ::poll(fds, 2, kPollMillis);
      if (rc < 0 && errno != EINTR) return;
      if (fds[1].revents & POLLIN) {
        std::uint64_t drained;
        [[maybe_unused]] auto n = ::read(wake_fd_, &drained, sizeof drained);
      }
    }
    if (!read_frames(conn)) return;
  }
}

bool AmqpClient::read_depths(AmqpConnection& conn) {
  std::map<std::string, std::uint32_t> read;
  for (const auto& q : config_.watch_queues) {
    auto d = conn.depth(q);
    if (!d) {
      spdlog::warn("amqp[{}]: {}", config_.name, d.error());
      return false;
    }
    read[q] = d->messages;
  }
  std::lock_guard lock(mutex_);
  depths_ = std::move(read);
  return true;
}

std::map<std::string, std::uint32_t> AmqpClient::depths() const {
  std::lock_guard lock(mutex_);
  return depths_;
}

// Each basic.ack is a frame and a send() of its own, one per delivery, thousands a second. The
// run of oldest unsettled deliveries that are all acked now goes as one multiple-ack. The rest
// are acked one by one rather than held for a later run: a held ack would keep its delivery
// counted against the prefetch window.
bool AmqpClient::send_acks(AmqpConnection& conn, std::vector<std::uint64_t> tags) {
  std::set<std::uint64_t> ready(tags.begin(), tags.end());
  std::uint64_t run_end = 0;
  while (!unsettled_.empty() && ready.erase(*unsettled_.begin()) == 1) {
    run_end = *unsettled_.begin();
    unsettled_.erase(unsettled_.begin());
  }
  std::string err;
  if (run_end != 0) err = conn.ack(run_end, /*multiple=*/true);
  for (auto it = ready.begin(); err.empty() && it != ready.end(); ++it) {
    unsettled_.erase(*it);
    err = conn.ack(*it);
  }
  if (!err.empty()) spdlog::warn("amqp[{}]: {}", config_.name, err);
  return err.empty();
}

bool AmqpClient::flush_commands(AmqpConnection& conn) {
  std::deque<Publish> publishes;
  std::vector<Settle> settles;
  {
    std::lock_guard lock(mutex_);
    publishes.swap(outgoing_);
    settles.swap(settles_);
  }
  std::vector<std::uint64_t> acks;
  for (const auto& s : settles) {
    if (s.generation != generation_) continue;  // from a dead connection: already requeued
    if (s.ack) {
      acks.push_back(s.tag);
      continue;
    }
    unsettled_.erase(s.tag);
    std::string err = conn.nack(s.tag, s.requeue);
    if (!err.empty()) {
      spdlog::warn("amqp[{}]: {}", config_.name, err);
      return false;
    }
  }
  if (!send_acks(conn, std::move(acks))) return false;
  while (!publishes.empty()) {
    Publish& p = publishes.front();
    std::string err = conn.publish(config_.topology.exchange, p.routing_key, p.body, p.persistent);
    if (!err.empty()) {
      spdlog::warn("amqp[{}]: {}", config_.name, err);
      std::lock_guard lock(mutex_);
      // Not sent: back to the front of the line for the next connection.
      while (!publishes.empty()) {
        outgoing_.push_front(std::move(publishes.back()));
        publishes.pop_back();
      }
      return false;
    }
    {
      std::lock_guard lock(mutex_);
      in_flight_.emplace(next_seq_++, std::move(p));
    }
    publishes.pop_front();
  }
  return true;
}

bool AmqpClient::read_frames(AmqpConnection& conn) {
  amqp_connection_state_t state = conn.state();
  for (int i = 0; i < kMaxFramesPerTurn; ++i) {
    amqp_frame_t frame;
    timeval zero{0, 0};
    int rc = amqp_simple_wait_frame_noblock(state, &frame, &zero);
    if (rc == AMQP_STATUS_TIMEOUT) break;
    if (rc != AMQP_STATUS_OK) {
      spdlog::warn("amqp[{}]: reading from the broker: {}", config_.name, amqp_error_string2(rc));
      return false;
    }
    if (frame.frame_type != AMQP_FRAME_METHOD) continue;
    switch (frame.payload.method.id) {
      case AMQP_BASIC_ACK_METHOD: {
        auto* m = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
        on_confirm(m->delivery_tag, m->multiple, false);
        break;
      }
      case AMQP_BASIC_NACK_METHOD: {
        auto* m = static_cast<amqp_basic_nack_t*>(frame.payload.method.decoded);
        on_confirm(m->delivery_tag, m->multiple, true);
        break;
      }
      case AMQP_BASIC_DELIVER_METHOD: {
        auto* m = static_cast<amqp_basic_deliver_t*>(frame.payload.method.decoded);
        AmqpDelivery d;
        d.queue = to_string(m->consumer_tag);
        d.tag = m->delivery_tag;
        d.redelivered = m->redelivered;
        d.generation = generation_;
        unsettled_.insert(d.tag);
        amqp_message_t message;
        auto reply = amqp_read_message(state, frame.channel, &message, 0);
        if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
          spdlog::warn("amqp[{}]: {}", config_.name, describe_reply(reply, "reading a delivery"));
          return false;
        }
        d.body = to_string(message.body);
        d.delivery_count = delivery_count(message.properties);
        amqp_destroy_message(&message);
        on_delivery_(std::move(d));
        break;
      }
      case AMQP_BASIC_CANCEL_METHOD:
        // The broker cancelled our consumer (its queue was deleted): start over.
        spdlog::warn("amqp[{}]: the broker cancelled a consumer", config_.name);
        return false;
      case AMQP_CHANNEL_CLOSE_METHOD: {
        auto* m = static_cast<amqp_channel_close_t*>(frame.payload.method.decoded);
        spdlog::warn("amqp[{}]: channel closed by broker: {}", config_.name,
                     to_string(m->reply_text));
        return false;
      }
      case AMQP_CONNECTION_CLOSE_METHOD: {
        auto* m = static_cast<amqp_connection_close_t*>(frame.payload.method.decoded);
        spdlog::warn("amqp[{}]: connection closed by broker: {}", config_.name,
                     to_string(m->reply_text));
        return false;
      }
      default:
        break;  // basic.cancel-ok, basic.return (unroutable; we never set mandatory) …
    }
  }
  amqp_maybe_release_buffers(state);
  return true;
}

void AmqpClient::on_confirm(std::uint64_t seq, bool multiple, bool nacked) {
  std::vector<Publish> done;
  {
    std::lock_guard lock(mutex_);
    auto end = multiple ? in_flight_.upper_bound(seq) : in_flight_.find(seq);
    auto begin = multiple ? in_flight_.begin() : end;
    if (!multiple && end != in_flight_.end()) ++end;
    for (auto it = begin; it != end; ++it) done.push_back(std::move(it->second));
    in_flight_.erase(begin, end);
    if (nacked) {
      // The broker could not take them (an internal error): send them again.
      for (auto& p : done) outgoing_.push_back(std::move(p));
      done.clear();
    }
  }
  for (auto& p : done) {
    if (p.confirmed) p.confirmed();
  }
}

}  // namespace genx3d::amqp
