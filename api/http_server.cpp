#include "api/http_server.hpp"

#include <chrono>
#include <optional>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "api/api_error.hpp"

namespace genx3d::api {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
// POST /api/v1/chat/batch carries up to 10,000 requests: it gets this limit when it is larger
// than server.max_body_bytes, which is sized for one chat.
constexpr std::size_t kBatchBodyLimit = 64u << 20;
constexpr std::string_view kBatchTarget = "/api/v1/chat/batch";

std::size_t body_limit_for(std::string_view target, std::size_t configured) {
  const bool batch = target.starts_with(kBatchTarget) &&
                     (target.size() == kBatchTarget.size() ||
                      target[kBatchTarget.size()] == '?' || target[kBatchTarget.size()] == '/');
  return batch ? std::max(configured, kBatchBodyLimit) : configured;
}
constexpr auto kWriteTimeout = std::chrono::seconds(30);

// Decrements a counter when a scope ends, however it ends.
struct CountGuard {
  explicit CountGuard(std::atomic<int>& c) : count(c) { ++count; }
  ~CountGuard() { --count; }
  std::atomic<int>& count;
};

HttpRequest to_request(http::request<http::string_body>&& msg, const std::string& remote) {
  HttpRequest req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  req.remote = remote;
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  req.body = std::move(msg.body());
  auto url = boost::urls::parse_origin_form(req.target);
  if (url) {
    req.path = url->path();
    for (auto param : url->params()) req.query.emplace(param.key, param.value);
  } else {
    req.path = "\x01";  // unparseable target: matches no route, so the client gets a 404
  }
  return req;
}

http::response<http::string_body> to_message(HttpResponse&& resp, unsigned version,
                                             bool keep_alive) {
  http::response<http::string_body> msg{static_cast<http::status>(resp.status), version};
  msg.set(http::field::server, "genx3d");
  if (!resp.content_type.empty()) msg.set(http::field::content_type, resp.content_type);
  for (auto& [name, value] : resp.headers) msg.insert(name, value);
  msg.body() = std::move(resp.body);
  msg.keep_alive(keep_alive);
  msg.prepare_payload();
  return msg;
}

// Sends a streamed body: the header, then each piece as a chunk. Returns false when the
// connection must close (a write failed, or the body's producer failed midway).
asio::awaitable<bool> write_streamed(beast::tcp_stream& stream, HttpResponse&& resp,
                                     unsigned version, bool keep_alive) {
  BodyStream next = std::move(resp.body_stream);  // outlives every call's coroutine
  http::response<http::empty_body> head{static_cast<http::status>(resp.status), version};
  head.set(http::field::server, "genx3d");
  if (!resp.content_type.empty()) head.set(http::field::content_type, resp.content_type);
  for (auto& [name, value] : resp.headers) head.insert(name, value);
  head.keep_alive(keep_alive);
  head.chunked(true);
  http::response_serializer<http::empty_body> serializer{head};
  error_code ec;
  stream.expires_after(kWriteTimeout);
  co_await http::async_write_header(stream, serializer,
                                    asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return false;
  for (;;) {
    auto piece = co_await next();
    if (!piece) {
      spdlog::error("streamed response aborted: {}", piece.error());
      co_return false;
    }
    if (!*piece) break;
    if ((*piece)->empty()) continue;
    stream.expires_after(kWriteTimeout);
    co_await asio::async_write(stream, http::make_chunk(asio::buffer(**piece)),
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return false;
  }
  stream.expires_after(kWriteTimeout);
  co_await asio::async_write(stream, http::make_chunk_last(),
                             asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec && keep_alive;
}

// Writes an error for a request that could not be read whole; the connection closes after it.
asio::awaitable<void> write_error(beast::tcp_stream& stream, const ApiError& error) {
  auto msg = to_message(to_response(error), 11, false);
  stream.expires_after(kWriteTimeout);
  error_code ec;
  co_await http::async_write(stream, msg, asio::redirect_error(asio::use_awaitable, ec));
}

// One request as read off the connection, with what its response needs to know.
struct IncomingRequest {
  HttpRequest request;
  unsigned version = 11;
  bool keep_alive = false;
};

// Reads the next request. Null when the connection is to end: the peer closed or went idle,
// or the request was unusable (its error response is already written). The parser and the
// error paths live in this coroutine's frame, freed before the request is handled: a held
// long-poll keeps only the session's small frame (about 2 KB less per connection).
asio::awaitable<std::unique_ptr<IncomingRequest>> read_request(beast::tcp_stream& stream,
                                                                beast::flat_buffer& buffer,
                                                                const ServerConfig& config,
                                                                const std::string& remote) {
  error_code ec;
  http::request_parser<http::string_body> parser;
  parser.header_limit(kHeaderLimit);
  // The widest limit while the header is read (Beast checks a declared length against it
  // then); narrowed to the route's own once the target is known.
  parser.body_limit(std::max(config.max_body_bytes, kBatchBodyLimit));
  stream.expires_after(config.idle_timeout);
  co_await http::async_read_header(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::end_of_stream || ec == asio::error::operation_aborted ||
      ec == beast::error::timeout || ec == asio::error::connection_reset ||
      ec == asio::error::eof) {
    co_return nullptr;
  }
  // Named locals, not temporaries: GCC 12 miscompiles temporaries bound to a reference
  // parameter of a coroutine called inside co_await. One error at most per request.
  std::optional<ApiError> error;
  const std::size_t body_limit = body_limit_for(parser.get().target(), config.max_body_bytes);
  if (ec == http::error::body_limit) {
    // A declared Content-Length above the limit fails while the header is read.
    error = body_too_large(body_limit);
  } else if (ec == http::error::header_limit) {
    error = ApiError{431, "invalid_request_error", "header_too_large",
                     "Request headers too large: the limit is 16384 bytes", {}};
  } else if (ec) {
    error = ApiError{400, "invalid_request_error", "bad_request",
                     "Malformed HTTP request: " + ec.message(), {}};
  } else if (auto len = parser.content_length(); len && *len > body_limit) {
    error = body_too_large(body_limit);
  }
  if (error) {
    co_await write_error(stream, *error);
    co_return nullptr;
  }
  parser.body_limit(body_limit);
  if (parser.get()[http::field::expect] == "100-continue") {
    http::response<http::empty_body> cont{http::status::continue_, 11};
    stream.expires_after(kWriteTimeout);
    co_await http::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return nullptr;
  }
  stream.expires_after(config.request_timeout);
  co_await http::async_read(stream, buffer, parser,
                            asio::redirect_error(asio::use_awaitable, ec));
  if (ec == http::error::body_limit) {
    error = body_too_large(body_limit);
  } else if (ec == beast::error::timeout) {
    error = request_timeout();
  } else if (ec) {
    co_return nullptr;
  }
  if (error) {
    co_await write_error(stream, *error);
    co_return nullptr;
  }
  auto msg = parser.release();
  auto in = std::make_unique<IncomingRequest>();
  in->version = msg.version();
  in->keep_alive = msg.keep_alive();
  in->request = to_request(std::move(msg), remote);
  co_return in;
}

// Writes the response; false when the connection must close after it.
asio::awaitable<bool> write_response(beast::tcp_stream& stream, HttpResponse response,
                                     unsigned version, bool keep_alive) {
  if (response.body_stream) {
    co_return co_await write_streamed(stream, std::move(response), version, keep_alive);
  }
  auto out = to_message(std::move(response), version, keep_alive);
  stream.expires_after(kWriteTimeout);
  error_code ec;
  co_await http::async_write(stream, out, asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec && keep_alive;
}

}  // namespace

struct HttpServer::Impl {
  Impl(asio::io_context& ioc, const ServerConfig& cfg, RequestHandler h,
       std::vector<asio::any_io_executor> executors)
      : config(cfg),
        handler(std::move(h)),
        acceptor(ioc),
        connection_executors(std::move(executors)) {
    if (connection_executors.empty()) connection_executors.push_back(ioc.get_executor());
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(tcp::socket socket, std::shared_ptr<std::atomic<int>> active,
                                std::shared_ptr<std::atomic<int>> open);

  ServerConfig config;
  RequestHandler handler;
  tcp::acceptor acceptor;
  std::vector<asio::any_io_executor> connection_executors;
  std::size_t accepted = 0;
  std::shared_ptr<std::atomic<int>> active;
  std::shared_ptr<std::atomic<int>> open;
};

HttpServer::HttpServer(asio::io_context& ioc, const ServerConfig& config, RequestHandler handler,
                       std::vector<asio::any_io_executor> connection_executors)
    : impl_(std::make_unique<Impl>(ioc, config, std::move(handler),
                                   std::move(connection_executors))) {
  impl_->active = active_requests_;
  impl_->open = open_connections_;
}

HttpServer::~HttpServer() = default;

error_code HttpServer::listen() {
  error_code ec;
  auto address = asio::ip::make_address(impl_->config.host, ec);
  if (ec) return ec;
  tcp::endpoint endpoint{address, impl_->config.port};
  auto& a = impl_->acceptor;
  if (a.open(endpoint.protocol(), ec); ec) return ec;
  if (a.set_option(asio::socket_base::reuse_address(true), ec); ec) return ec;
  if (a.bind(endpoint, ec); ec) return ec;
  if (a.listen(asio::socket_base::max_listen_connections, ec); ec) return ec;
  return {};
}

std::uint16_t HttpServer::port() const {
  error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::start() {
  asio::co_spawn(impl_->acceptor.get_executor(), impl_->accept_loop(), asio::detached);
}

void HttpServer::stop_accepting() {
  asio::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    error_code ec;
    impl->acceptor.close(ec);
  });
}

asio::awaitable<void> HttpServer::Impl::accept_loop() {
  for (;;) {
    error_code ec;
    tcp::socket socket(connection_executors[accepted++ % connection_executors.size()]);
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of file descriptors and the like: log, breathe, go on accepting.
      spdlog::warn("accept failed: {}", ec.message());
      asio::steady_timer t(acceptor.get_executor(), std::chrono::milliseconds(50));
      co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto ex = socket.get_executor();
    asio::co_spawn(ex, session(std::move(socket), active, open), asio::detached);
  }
}

asio::awaitable<void> HttpServer::Impl::session(tcp::socket socket,
                                                std::shared_ptr<std::atomic<int>> active,
                                                std::shared_ptr<std::atomic<int>> open) {
  CountGuard open_guard(*open);
  error_code ec;
  std::string remote;
  if (auto ep = socket.remote_endpoint(ec); !ec) remote = ep.address().to_string();
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  try {
    for (;;) {
      std::unique_ptr<IncomingRequest> in =
          co_await read_request(stream, buffer, config, remote);
      if (!in) break;
      const auto started = std::chrono::steady_clock::now();
      const std::string method = in->request.method;
      const std::string path = in->request.path;
      stream.expires_never();  // long-polls and sync chats bound themselves
      // A long-poll may hold this connection for minutes: give back the read buffer's 512+
      // bytes while it waits unless a pipelined request is already in it (about 5 MB of the
      // API's RSS at 10,000 held long-polls; the next read allocates it again).
      if (buffer.size() == 0) buffer.shrink_to_fit();
      HttpResponse response;
      {
        CountGuard active_guard(*active);
        response = co_await handler(std::move(in->request));
      }
      const auto ms = std::chrono::duration<double, std::milli>(
                          std::chrono::steady_clock::now() - started).count();
      spdlog::info("{} {} {} {:.1f}ms{}{}", method, path, response.status, ms,
                   response.job_id.empty() ? "" : " job=", response.job_id);
      const unsigned version = in->version;
      const bool keep_alive = in->keep_alive;
      in.reset();
      if (!co_await write_response(stream, std::move(response), version, keep_alive)) break;
    }
  } catch (const std::exception& e) {
    // The handler contains its own errors; this is a last line so a connection never takes
    // the server down.
    spdlog::error("connection from {} failed: {}", remote, e.what());
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace genx3d::api
