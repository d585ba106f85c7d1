#include "loadgen/http_conn.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

namespace genx3d::bench {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;

namespace {
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);
constexpr std::size_t kBodyLimit = 8u << 20;
}  // namespace

HttpConn::HttpConn(asio::any_io_executor ex, const ServerTarget& target)
    : target_(target), stream_(std::move(ex)) {
  // A flat_buffer that is always emptied keeps its first 512-byte allocation, and Beast reads
  // no more than it holds: a job's answer (about 1.2 KB here) took three recv calls.
  buffer_.reserve(4096);
}

void HttpConn::close() {
  error_code ec;
  stream_.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  stream_.close();
  buffer_.clear();
  open_ = false;
}

asio::awaitable<error_code> HttpConn::connect(std::chrono::seconds timeout) {
  stream_.expires_after(timeout);
  auto [ec] = co_await stream_.async_connect(target_.endpoint, kNoThrow);
  if (ec) co_return ec;
  stream_.socket().set_option(asio::ip::tcp::no_delay(true), ec);
  open_ = true;
  co_return error_code{};
}

asio::awaitable<HttpResult> HttpConn::request(http::verb method, std::string target,
                                              std::string body, std::chrono::seconds timeout) {
  HttpResult out;
  if (!open_) {
    out.ec = co_await connect(timeout);
    if (out.ec) {
      close();
      co_return out;
    }
  }
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "bench");
  req.set(http::field::authorization, target_.authorization);
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = std::move(body);
  }
  req.keep_alive(true);
  req.prepare_payload();
  stream_.expires_after(timeout);
  auto [wec, wn] = co_await http::async_write(stream_, req, kNoThrow);
  if (wec) {
    out.ec = wec;
    close();
    co_return out;
  }
  http::response_parser<http::string_body> parser;
  parser.body_limit(kBodyLimit);
  auto [rec, rn] = co_await http::async_read(stream_, buffer_, parser, kNoThrow);
  stream_.expires_never();
  if (rec) {
    out.ec = rec;
    close();
    co_return out;
  }
  auto& res = parser.get();
  out.status = res.result_int();
  out.body = std::move(res.body());
  if (!res.keep_alive()) close();
  co_return out;
}

}  // namespace genx3d::bench
