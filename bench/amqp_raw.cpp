// genx3d_amqp_raw: what RabbitMQ alone allows, as the ceiling for the amqp-0ms scenario. It
// moves N "jobs" the way genx3d does, minus genx3d: each job is two persistent messages (the job
// and its result) of the size of a genx3d job message, published with publisher confirms to a
// durable quorum queue and consumed with manual acks. Two lanes run at once (a jobs queue and a
// results queue), each with a publisher and a consumer on connections of their own.
//
//   genx3d_amqp_raw --url amqp://guest:guest@127.0.0.1:5672/ [--jobs N] [--size BYTES]
//                   [--window N] [--prefetch N] [--label NAME] [--json FILE]
//
// Confirms are pipelined: up to --window publishes are unconfirmed at a time, and the broker's
// (often "multiple") acks are read as they come; waiting for each confirm would measure the
// round-trip time, not the broker.
#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

struct Args {
  std::string url = "amqp://guest:guest@127.0.0.1:5672/";
  long jobs = 20000;
  std::size_t size = 1024;  // bytes per message, about a genx3d job message
  int window = 512;         // unconfirmed publishes in flight per publisher
  int prefetch = 256;       // unacked deliveries per consumer
  std::string label = "amqp-raw";
  std::string json_out;
};

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "genx3d_amqp_raw: " << what << "\n";
  std::exit(1);
}

void check(amqp_rpc_reply_t r, const char* what) {
  if (r.reply_type != AMQP_RESPONSE_NORMAL) fail(std::string(what) + " failed");
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string f = argv[i], v = argv[i + 1];
    if (f == "--url") a.url = v;
    else if (f == "--jobs") a.jobs = std::stol(v);
    else if (f == "--size") a.size = std::stoul(v);
    else if (f == "--window") a.window = std::stoi(v);
    else if (f == "--prefetch") a.prefetch = std::stoi(v);
    else if (f == "--label") a.label = v;
    else if (f == "--json") a.json_out = v;
    else fail("unknown flag " + f);
  }
  return a;
}

// One logged-in connection with channel 1 open.
class Connection {
 public:
  explicit Connection(const std::string& url) : conn_(amqp_new_connection()) {
    std::string copy = url;
    amqp_connection_info info{};
    if (amqp_parse_url(copy.data(), &info) != AMQP_STATUS_OK) fail("bad url " + url);
    amqp_socket_t* s = amqp_tcp_socket_new(conn_);
    if (amqp_socket_open(s, info.host, info.port) != AMQP_STATUS_OK) fail("cannot connect");
    check(amqp_login(conn_, info.vhost, 0, 131072, 0, AMQP_SASL_METHOD_PLAIN, info.user,
                     info.password),
          "login");
    amqp_channel_open(conn_, 1);
    check(amqp_get_rpc_reply(conn_), "channel.open");
  }
  ~Connection() {
    amqp_channel_close(conn_, 1, AMQP_REPLY_SUCCESS);
    amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
    amqp_destroy_connection(conn_);
  }
  amqp_connection_state_t get() const { return conn_; }

 private:
  amqp_connection_state_t conn_;
};

// A fresh durable quorum queue, as genx3d declares its own.
void declare_queue(const std::string& url, const std::string& name) {
  Connection c(url);
  amqp_queue_delete(c.get(), 1, amqp_cstring_bytes(name.c_str()), 0, 0);
  check(amqp_get_rpc_reply(c.get()), "queue.delete");
  amqp_table_entry_t type;
  type.key = amqp_cstring_bytes("x-queue-type");
  type.value.kind = AMQP_FIELD_KIND_UTF8;
  type.value.value.bytes = amqp_cstring_bytes("quorum");
  amqp_table_t args{1, &type};
  amqp_queue_declare(c.get(), 1, amqp_cstring_bytes(name.c_str()), 0, /*durable=*/1, 0, 0, args);
  check(amqp_get_rpc_reply(c.get()), "queue.declare");
}

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch())
      .count();
}

// Reads one frame and counts the confirms it carries; a nack is fatal (the ceiling would lie).
void read_confirm(amqp_connection_state_t c, long& confirmed) {
  amqp_frame_t f;
  if (amqp_simple_wait_frame(c, &f) != AMQP_STATUS_OK) fail("reading confirms");
  if (f.frame_type != AMQP_FRAME_METHOD) return;
  if (f.payload.method.id == AMQP_BASIC_NACK_METHOD) fail("the broker nacked a publish");
  if (f.payload.method.id != AMQP_BASIC_ACK_METHOD) return;
  auto* ack = static_cast<amqp_basic_ack_t*>(f.payload.method.decoded);
  long tag = static_cast<long>(ack->delivery_tag);
  confirmed = ack->multiple ? std::max(confirmed, tag) : confirmed + 1;
}

void publish_all(const Args& a, const std::string& queue) {
  Connection c(a.url);
  amqp_confirm_select(c.get(), 1);
  check(amqp_get_rpc_reply(c.get()), "confirm.select");
  std::string body(a.size, 'x');
  amqp_basic_properties_t props{};
  props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
  props.content_type = amqp_cstring_bytes("application/json");
  props.delivery_mode = 2;  // persistent
  long confirmed = 0;
  for (long sent = 0; sent < a.jobs; ++sent) {
    while (sent - confirmed >= a.window) read_confirm(c.get(), confirmed);
    std::int64_t t = now_us();
    std::memcpy(body.data(), &t, sizeof t);  // the consumer measures latency from this
    amqp_bytes_t b{body.size(), body.data()};
    if (amqp_basic_publish(c.get(), 1, amqp_empty_bytes, amqp_cstring_bytes(queue.c_str()), 0, 0,
                           &props, b) != AMQP_STATUS_OK)
      fail("basic.publish");
  }
  while (confirmed < a.jobs) read_confirm(c.get(), confirmed);
}

// Consumes `jobs` messages, acking each one as genx3d does; returns latencies in ms.
std::vector<double> consume_all(const Args& a, const std::string& queue) {
  Connection c(a.url);
  amqp_basic_qos(c.get(), 1, 0, static_cast<std::uint16_t>(a.prefetch), 0);
  check(amqp_get_rpc_reply(c.get()), "basic.qos");
  amqp_basic_consume(c.get(), 1, amqp_cstring_bytes(queue.c_str()), amqp_empty_bytes, 0, 0, 0,
                     amqp_empty_table);
  check(amqp_get_rpc_reply(c.get()), "basic.consume");
  std::vector<double> lat;
  lat.reserve(static_cast<std::size_t>(a.jobs));
  while (static_cast<long>(lat.size()) < a.jobs) {
    amqp_envelope_t env;
    amqp_maybe_release_buffers(c.get());
    check(amqp_consume_message(c.get(), &env, nullptr, 0), "consume");
    std::int64_t t = 0;
    if (env.message.body.len >= sizeof t) std::memcpy(&t, env.message.body.bytes, sizeof t);
    lat.push_back(static_cast<double>(now_us() - t) / 1000.0);
    if (amqp_basic_ack(c.get(), 1, env.delivery_tag, 0) != AMQP_STATUS_OK) fail("basic.ack");
    amqp_destroy_envelope(&env);
  }
  return lat;
}

double pct(std::vector<double>& v, double p) {
  std::size_t i = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * v.size()))) - 1;
  return std::round(v[std::min(i, v.size() - 1)] * 100.0) / 100.0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a = parse_args(argc, argv);
  const std::vector<std::string> queues = {"bench.raw.jobs", "bench.raw.results"};
  for (const auto& q : queues) declare_queue(a.url, q);
  std::vector<std::vector<double>> lat(queues.size());
  std::vector<std::thread> threads;
  auto t0 = Clock::now();
  for (std::size_t i = 0; i < queues.size(); ++i) {
    threads.emplace_back([&, i] { lat[i] = consume_all(a, queues[i]); });
    threads.emplace_back([&, i] { publish_all(a, queues[i]); });
  }
  for (auto& t : threads) t.join();
  double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  std::vector<double> all;
  for (auto& l : lat) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  const double msgs = static_cast<double>(a.jobs) * static_cast<double>(queues.size());
  nlohmann::json j = {
      {"mode", "amqp-raw"},
      {"label", a.label},
      {"ok", a.jobs},
      {"failed", 0},
      {"wall_s", std::round(wall * 100) / 100},
      {"msgs_per_s", std::round(msgs / wall)},
      {"jobs_per_s", std::round(a.jobs / wall)},
      {"message_bytes", a.size},
      {"latency",
       {{"count", all.size()}, {"p50_ms", pct(all, 50)}, {"p90_ms", pct(all, 90)},
        {"p99_ms", pct(all, 99)}, {"max_ms", pct(all, 100)}}}};
  std::cout << "| scenario | msgs/s | round trips (jobs)/s | p50 ms | p99 ms |\n|---|---|---|---|---|\n"
            << "| " << a.label << " | " << j["msgs_per_s"] << " | " << j["jobs_per_s"] << " | "
            << j["latency"]["p50_ms"] << " | " << j["latency"]["p99_ms"] << " |\n";
  if (!a.json_out.empty()) std::ofstream(a.json_out) << j.dump(2) << "\n";
  return 0;
}
