#include "fake_server.hpp"

#include "responses.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

namespace fake_provider {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace bj = boost::json;
using nlohmann::json;
using tcp = asio::ip::tcp;
using Request = http::request<http::string_body>;

namespace {

// How to deliver a reply.
struct Reply {
  int status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string mode = "normal";  // normal | hang | close | slow
  int wait_ms = 0;              // before answering (latency) or how long to hang
  int delay_ms = 0;             // slow: between bytes
};

Reply json_reply(int status, std::string body) {
  Reply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// The request is read with Boost.JSON, not nlohmann: the benchmark runs this server on the same
// cores as genx3d, and parsing each ~2 KB request body into nlohmann's DOM was a good part of
// its CPU per request. The nlohmann form is built only for recorded requests.
std::string last_user_text(const bj::value& body) {
  const bj::object* top = body.if_object();
  const bj::value* messages = top ? top->if_contains("messages") : nullptr;
  if (!messages || !messages->is_array()) return {};
  const bj::array& list = messages->get_array();
  for (auto it = list.rbegin(); it != list.rend(); ++it) {
    const bj::object* m = it->if_object();
    const bj::value* role = m ? m->if_contains("role") : nullptr;
    if (!role || !role->is_string() || role->get_string() != "user") continue;
    const bj::value* content = m->if_contains("content");
    if (content && content->is_string()) return std::string(content->get_string());
    std::string text;
    if (content && content->is_array()) {
      for (const auto& block : content->get_array()) {
        const bj::object* b = block.if_object();
        const bj::value* t = b ? b->if_contains("text") : nullptr;
        if (t && t->is_string()) text += t->get_string();
      }
    }
    return text;
  }
  return {};
}

// A recorded request's body: its JSON, or the raw text when it is not JSON.
json recorded_body(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  return j.is_discarded() ? json(text) : j;
}

std::string string_field(const bj::value& body, std::string_view key) {
  const bj::object* top = body.if_object();
  const bj::value* v = top ? top->if_contains(key) : nullptr;
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

Reply handle_admin(const Request& req, State& state) {
  const std::string target(req.target());
  if (target == "/_requests" && req.method() == http::verb::get) {
    std::lock_guard lock(state.mutex);
    return json_reply(200, json{{"requests", state.records}}.dump());
  }
  if (target == "/_reset" && req.method() == http::verb::post) {
    {
      std::lock_guard lock(state.mutex);
      state.records = json::array();
      state.answers.clear();
    }
    state.counters.reset();
    return json_reply(200, "{}");
  }
  if (target == "/_config" && req.method() == http::verb::post) {
    json j = json::parse(req.body(), nullptr, false);
    if (j.is_discarded() || !j.is_object()) return json_reply(400, R"({"error":"not JSON"})");
    std::lock_guard lock(state.mutex);
    if (j.contains("fault")) {
      if (j["fault"].is_null()) {
        state.run_fault.reset();
      } else if (auto f = parse_fault(j["fault"].get<std::string>())) {
        state.run_fault = f;
      } else {
        return json_reply(400, R"({"error":"bad fault spec"})");
      }
    }
    if (j.contains("latency_ms")) state.latency_ms = j["latency_ms"].get<int>();
    if (j.contains("require_key")) state.require_key = j["require_key"].get<std::string>();
    if (j.contains("answers") && j["answers"].is_array()) {
      for (const auto& a : j["answers"]) {
        if (a.is_string()) state.answers.push_back(a.get<std::string>());
      }
    }
    return json_reply(200, "{}");
  }
  if (target == "/_health") return json_reply(200, R"({"status":"ok"})");
  return json_reply(404, R"({"error":"no such admin route"})");
}

Reply handle_model(const Request& req, Protocol protocol, State& state) {
  boost::system::error_code parse_error;
  bj::monotonic_resource arena;
  const bj::value body = bj::parse(req.body(), parse_error, &arena);
  const bool is_json = !parse_error;
  const std::string model = string_field(body, "model");
  const std::string text = last_user_text(body);

  std::optional<std::string> spec = find_marker(text);
  if (!spec && req.count("x-fake-fault")) spec = std::string(req["x-fake-fault"]);
  std::optional<Fault> fault;
  int latency = 0;
  std::string key;
  std::size_t record_limit = 0;
  {
    std::lock_guard lock(state.mutex);
    record_limit = state.record_limit;
    if (!spec && state.run_fault) fault = state.run_fault;
    latency = state.latency_ms;
    key = state.require_key;
  }
  if (spec) {
    fault = parse_fault(*spec);
    if (!fault) return json_reply(400, R"({"error":{"message":"fake: bad fault spec"}})");
  }
  if (fault && !state.counters.take(*fault, model)) fault.reset();

  // --record-limit 0 (the benchmark's setting) records nothing, so builds no record either:
  // a deep copy of every request body was most of this server's CPU per request.
  if (record_limit > 0) {
    json record = {{"method", std::string(req.method_string())},
                   {"path", std::string(req.target())},
                   {"headers", json::object()},
                   {"body", recorded_body(req.body())},
                   {"fault", fault ? json(fault->spec) : json(nullptr)},
                   {"time_ms", std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count()}};
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      record["headers"][name] = std::string(field.value());
    }
    {
      std::lock_guard lock(state.mutex);
      state.records.push_back(std::move(record));
      if (state.records.size() > state.record_limit) state.records.erase(state.records.begin());
    }
  }

  if (!key.empty()) {
    const bool ok = protocol == Protocol::anthropic
                        ? req["x-api-key"] == key
                        : req[http::field::authorization] == "Bearer " + key;
    if (!ok) return json_reply(401, error_body(protocol, 401));
  }
  if (!is_json) return json_reply(400, error_body(protocol, 400));

  std::string answer = answer_text(model);
  if (!fault) {
    std::lock_guard lock(state.mutex);
    if (!state.answers.empty()) {
      answer = std::move(state.answers.front());
      state.answers.pop_front();
    }
  }
  Reply r = json_reply(200, success_body(protocol, model, state.next_id++, answer));
  r.wait_ms = latency;
  if (!fault) return r;
  if (fault->kind == "status") {
    r = json_reply(fault->status, error_body(protocol, fault->status));
    int retry_after =
        fault->retry_after >= 0 ? fault->retry_after : (fault->status == 429 ? 1 : -1);
    if (retry_after >= 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after));
    r.wait_ms = latency;
  } else if (fault->kind == "hang") {
    r.mode = "hang";
    r.wait_ms = fault->ms;
  } else if (fault->kind == "close") {
    r.mode = "close";
  } else if (fault->kind == "malformed") {
    r.body = malformed_body(protocol);
  } else if (fault->kind == "slow") {
    r.mode = "slow";
    r.delay_ms = fault->delay_ms;
  } else if (fault->kind == "latency") {
    r.wait_ms = latency + fault->ms;
  }
  return r;
}

Reply handle(const Request& req, State& state) {
  std::string_view target = req.target();
  if (target.starts_with("/_")) return handle_admin(req, state);
  if (req.method() != http::verb::post) return json_reply(405, R"({"error":"POST only"})");
  if (target.ends_with("/chat/completions")) return handle_model(req, Protocol::openai, state);
  if (target.ends_with("/messages")) return handle_model(req, Protocol::anthropic, state);
  return json_reply(404, R"({"error":{"message":"fake: unknown path"}})");
}

std::string raw_head(const Reply& r, bool keep_alive) {
  std::string head =
      "HTTP/1.1 " + std::to_string(r.status) + " " +
      std::string(http::obsolete_reason(static_cast<http::status>(r.status))) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(r.body.size()) +
      "\r\n";
  for (const auto& [k, v] : r.headers) head += k + ": " + v + "\r\n";
  if (!keep_alive) head += "Connection: close\r\n";
  return head + "\r\n";
}

asio::awaitable<void> pause(int ms) {
  if (ms <= 0) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(ms));
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
}

template <class Stream>
asio::awaitable<void> serve_requests(Stream& stream, beast::tcp_stream& tcp, State& state) {
  beast::flat_buffer buffer;
  // Left at its first 512 bytes (it is emptied after every request, so it never grows), the
  // buffer took three recv calls for a 1 KB chat request; the benchmark counts that CPU.
  buffer.reserve(8192);
  boost::system::error_code ec;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    tcp.expires_after(std::chrono::seconds(300));
    co_await http::async_read(stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    tcp.expires_never();
    Request req = parser.release();
    const bool keep_alive = req.keep_alive();
    Reply reply;
    try {
      reply = handle(req, state);
    } catch (const std::exception& e) {  // e.g. a JSON member of an unexpected type
      reply = json_reply(500, json{{"error", {{"message", e.what()}}}}.dump());
    }
    ++state.served;
    if (reply.mode == "hang") {
      co_await pause(reply.wait_ms);
      co_return;
    }
    co_await pause(reply.wait_ms);
    const std::string head = raw_head(reply, keep_alive);
    if (reply.mode == "close") {
      std::string half = head + reply.body.substr(0, reply.body.size() / 2);
      co_await asio::async_write(stream, asio::buffer(half),
                                 asio::redirect_error(asio::use_awaitable, ec));
      tcp.socket().shutdown(tcp::socket::shutdown_both, ec);
      tcp.close();
      co_return;
    }
    if (reply.mode == "slow") {
      const std::string all = head + reply.body;
      for (char c : all) {
        co_await asio::async_write(stream, asio::buffer(&c, 1),
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
        co_await pause(reply.delay_ms);
      }
    } else {
      const std::string all = head + reply.body;
      co_await asio::async_write(stream, asio::buffer(all),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;
    }
    if (!keep_alive) co_return;
  }
}

asio::awaitable<void> plain_session(tcp::socket socket, State& state) {
  beast::tcp_stream stream(std::move(socket));
  co_await serve_requests(stream, stream, state);
  boost::system::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> tls_session(tcp::socket socket, asio::ssl::context& ctx, State& state) {
  beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), ctx);
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(std::chrono::seconds(10));
  boost::system::error_code ec;
  co_await stream.async_handshake(asio::ssl::stream_base::server,
                                  asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  co_await serve_requests(stream, tcp_layer, state);
  // No TLS close_notify: the client may already be gone, and waiting for it adds nothing here.
}

}  // namespace

asio::awaitable<void> listen(tcp::acceptor& acceptor, asio::ssl::context* tls, State& state) {
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(asio::make_strand(acceptor.get_executor()));
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      continue;  // e.g. out of file descriptors for a moment: keep accepting
    }
    auto ex = socket.get_executor();
    if (tls) {
      asio::co_spawn(ex, tls_session(std::move(socket), *tls, state), asio::detached);
    } else {
      asio::co_spawn(ex, plain_session(std::move(socket), state), asio::detached);
    }
  }
}

}  // namespace fake_provider
