#include "worker/http/connection.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <openssl/evp.h>
#include <openssl/ssl.h>

namespace genx3d::worker::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxHeaderBytes = 64 * 1024;
// Beast reads into whatever the buffer can hold, at least 512 bytes, and a buffer that has
// always been emptied never grows past its first allocation. Left at 512 bytes, every answer
// longer than that (a chat completion nearly always is) took two or more recv calls.
constexpr std::size_t kReadBufferBytes = 8 * 1024;

std::string base64(std::string_view in) {
  std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(in.data()),
                          static_cast<int>(in.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool is_ip_literal(const std::string& host) {
  error_code ec;
  asio::ip::make_address(host, ec);
  return !ec;
}

// Asks the proxy for a tunnel to `target` (RFC 9110 CONNECT); TLS then runs inside it, so the
// proxy never sees the request or the API key.
asio::awaitable<error_code> connect_tunnel(beast::tcp_stream& stream, const Endpoint& target,
                                           const Endpoint& proxy, int& status) {
  error_code ec;
  bhttp::request<bhttp::empty_body> req{bhttp::verb::connect, target.host_port(), 11};
  req.set(bhttp::field::host, target.host_port());
  if (!proxy.userinfo.empty()) {
    req.set(bhttp::field::proxy_authorization, "Basic " + base64(proxy.userinfo));
  }
  co_await bhttp::async_write(stream, req, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return ec;
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::empty_body> parser;
  parser.skip(true);  // a 2xx answer to CONNECT has no body: the tunnel starts after the header
  co_await bhttp::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  status = static_cast<int>(parser.get().result_int());
  co_return ec;
}

// tcp_stream reports an expired deadline as error::timeout only when its timer handler ran
// before the aborted operation completed; seen from another order it is operation_aborted. The
// clock settles which it was.
error_code as_timeout_if_past(error_code ec, std::chrono::steady_clock::time_point deadline) {
  if (ec == asio::error::operation_aborted &&
      std::chrono::steady_clock::now() + std::chrono::milliseconds(5) >= deadline) {
    return beast::error::timeout;
  }
  return ec;
}

}  // namespace

HttpError to_http_error(const error_code& ec, std::string_view during) {
  using Kind = HttpError::Kind;
  std::string what = std::string(during) + ": " + ec.message();
  if (ec == beast::error::timeout) return {Kind::timeout, std::string(during) + ": timed out"};
  if (ec == bhttp::error::body_limit) return {Kind::too_large, what};
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == asio::error::eof || ec == asio::error::connection_reset ||
      ec == asio::error::broken_pipe || ec == asio::error::connection_aborted ||
      ec == ssl::error::stream_truncated) {
    return {Kind::closed, what};
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_version).category()) {
    return {Kind::protocol, what};
  }
  if (ec.category() == asio::error::get_ssl_category()) return {Kind::tls, what};
  return {Kind::closed, what};
}

Connection::Connection(beast::tcp_stream plain) : plain_(std::move(plain)) {
  buffer_.reserve(kReadBufferBytes);
}
Connection::Connection(std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls)
    : tls_(std::move(tls)) {
  buffer_.reserve(kReadBufferBytes);
}

beast::tcp_stream& Connection::tcp() { return tls_ ? beast::get_lowest_layer(*tls_) : *plain_; }

asio::awaitable<Connection::OpenResult> Connection::open(asio::any_io_executor executor,
                                                         ssl::context& tls, const Endpoint& target,
                                                         const std::optional<Endpoint>& proxy,
                                                         std::chrono::milliseconds timeout) {
  using Kind = HttpError::Kind;
  const Endpoint& hop = proxy ? *proxy : target;
  error_code ec;
  // No strand: `executor`'s io_context runs on one thread (cli/io_pool.hpp), so tcp_stream's
  // timeout handler and the socket's completions never run at once (if they did, a timeout
  // could surface as a bare operation_aborted).
  // The system resolver runs on Asio's one resolver thread; numeric hosts resolve at once.
  tcp::resolver resolver(executor);
  auto results = co_await resolver.async_resolve(hop.host, std::to_string(hop.port),
                                                 asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return HttpError{Kind::connect, "cannot resolve " + hop.host + ": " + ec.message()};

  beast::tcp_stream stream(executor);
  // One deadline covers connect, tunnel and handshake (it stays armed until changed).
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  stream.expires_after(timeout);
  co_await stream.async_connect(results, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) ec = as_timeout_if_past(ec, deadline);
  if (ec) {
    if (ec == beast::error::timeout) {
      co_return HttpError{Kind::timeout, "connect to " + hop.host_port() + " timed out"};
    }
    co_return HttpError{Kind::connect,
                        "cannot connect to " + hop.host_port() + ": " + ec.message()};
  }
  stream.socket().set_option(tcp::no_delay(true), ec);

  if (proxy && target.tls()) {
    int status = 0;
    ec = co_await connect_tunnel(stream, target, *proxy, status);
    if (ec) ec = as_timeout_if_past(ec, deadline);
    if (ec) co_return to_http_error(ec, "proxy CONNECT to " + proxy->host_port());
    if (status / 100 != 2) {
      co_return HttpError{Kind::connect, "proxy " + proxy->host_port() + " refused CONNECT " +
                                             target.host_port() + " (" + std::to_string(status) +
                                             ")"};
    }
  }
  if (!target.tls()) co_return std::make_unique<Connection>(std::move(stream));

  auto tls_stream = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(stream), tls);
  // SNI: without it, servers behind shared front ends (CDNs) present the wrong certificate.
  if (!is_ip_literal(target.host) &&
      !SSL_set_tlsext_host_name(tls_stream->native_handle(), target.host.c_str())) {
    co_return HttpError{Kind::tls, "cannot set SNI for " + target.host};
  }
  tls_stream->set_verify_mode(ssl::verify_peer);
  tls_stream->set_verify_callback(ssl::host_name_verification(target.host));
  co_await tls_stream->async_handshake(ssl::stream_base::client,
                                       asio::redirect_error(asio::use_awaitable, ec));
  if (ec) ec = as_timeout_if_past(ec, deadline);
  if (ec) {
    if (ec == beast::error::timeout) {
      co_return HttpError{Kind::timeout, "TLS handshake with " + target.host_port() + " timed out"};
    }
    co_return HttpError{Kind::tls, "TLS with " + target.host_port() + " failed: " + ec.message()};
  }
  co_return std::make_unique<Connection>(std::move(tls_stream));
}

template <class Stream>
asio::awaitable<Exchange> Connection::exchange_on(Stream& stream, const BeastRequest& request,
                                                  std::chrono::milliseconds timeout,
                                                  std::size_t body_limit) {
  keep_alive_ = false;
  error_code ec;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  tcp().expires_after(timeout);  // one deadline for writing the request and reading the answer
  co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) ec = as_timeout_if_past(ec, deadline);
  if (ec) {
    co_return Exchange{to_http_error(ec, "sending the request"), ec != beast::error::timeout};
  }

  bhttp::response_parser<bhttp::string_body> parser;
  parser.header_limit(kMaxHeaderBytes);
  parser.body_limit(body_limit);
  co_await bhttp::async_read(stream, buffer_, parser,
                             asio::redirect_error(asio::use_awaitable, ec));
  if (ec) {
    ec = as_timeout_if_past(ec, deadline);
    const bool nothing = !parser.got_some() && ec != beast::error::timeout;
    co_return Exchange{to_http_error(ec, "reading the answer"), nothing};
  }
  tcp().expires_never();
  auto& msg = parser.get();
  keep_alive_ = msg.keep_alive();
  last_used_ = std::chrono::steady_clock::now();
  HttpResponse response;
  response.status = static_cast<int>(msg.result_int());
  for (const auto& field : msg) {
    response.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  response.body = std::move(msg.body());
  co_return Exchange{std::move(response), false};
}

asio::awaitable<Exchange> Connection::exchange(const BeastRequest& request,
                                               std::chrono::milliseconds timeout,
                                               std::size_t body_limit) {
  if (tls_) co_return co_await exchange_on(*tls_, request, timeout, body_limit);
  co_return co_await exchange_on(*plain_, request, timeout, body_limit);
}

}  // namespace genx3d::worker::http
