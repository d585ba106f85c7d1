// Internal to worker/http: one HTTP/1.1 connection, plain or TLS, direct or through a proxy.
// Only the client's .cpp files include this header, so Beast stays out of the providers.
#pragma once

#include "worker/http/http_client.hpp"
#include "worker/http/url.hpp"

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <chrono>
#include <memory>
#include <optional>

namespace genx3d::worker::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;

struct Exchange {
  HttpResult result;
  // The connection failed before the peer sent a single byte of an answer: on a pooled
  // connection that usually means the server had closed it while idle.
  bool nothing_received = false;
};

// Thread safety: used by one coroutine at a time (the pool hands it from one to the next).
class Connection {
 public:
  using OpenResult = boost::system::result<std::unique_ptr<Connection>, HttpError>;

  // Resolves, connects, tunnels through `proxy` (CONNECT, for TLS targets) and handshakes TLS
  // (SNI, certificate and host name verification), all within `timeout`.
  static boost::asio::awaitable<OpenResult> open(boost::asio::any_io_executor executor,
                                                 boost::asio::ssl::context& tls,
                                                 const Endpoint& target,
                                                 const std::optional<Endpoint>& proxy,
                                                 std::chrono::milliseconds timeout);

  // Writes `request` and reads the answer (at most `body_limit` bytes), within `timeout`.
  boost::asio::awaitable<Exchange> exchange(const BeastRequest& request,
                                            std::chrono::milliseconds timeout,
                                            std::size_t body_limit);

  // The last exchange succeeded and neither side asked to close.
  bool reusable() const { return keep_alive_; }
  std::chrono::steady_clock::time_point last_used() const { return last_used_; }

  explicit Connection(boost::beast::tcp_stream plain);
  explicit Connection(std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls);

 private:
  template <class Stream>
  boost::asio::awaitable<Exchange> exchange_on(Stream& stream, const BeastRequest& request,
                                               std::chrono::milliseconds timeout,
                                               std::size_t body_limit);
  boost::beast::tcp_stream& tcp();

  std::optional<boost::beast::tcp_stream> plain_;
  std::unique_ptr<boost::beast::ssl_stream<boost::beast::tcp_stream>> tls_;
  boost::beast::flat_buffer buffer_;
  bool keep_alive_ = false;
  std::chrono::steady_clock::time_point last_used_ = std::chrono::steady_clock::now();
};

// Maps an I/O error to the client's error kinds.
HttpError to_http_error(const boost::system::error_code& ec, std::string_view during);

}  // namespace genx3d::worker::http
