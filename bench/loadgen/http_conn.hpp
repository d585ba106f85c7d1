// One keep-alive HTTP/1.1 connection to the API. It reconnects lazily: a request on a closed or
// failed connection opens a new one first. I/O errors are returned as values, never thrown, so a
// refused or reset connection under load costs a counter, not an exception.
//
// Thread safety: none; one coroutine uses a connection at a time.
#pragma once

#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/verb.hpp>

namespace genx3d::bench {

// Where every connection goes, and the header each request carries.
struct ServerTarget {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string authorization;  // "Bearer gx3d_…"
};

struct HttpResult {
  boost::system::error_code ec;  // set: no response (connect, write, read or timeout failed)
  unsigned status = 0;
  std::string body;
};

class HttpConn {
 public:
  HttpConn(boost::asio::any_io_executor ex, const ServerTarget& target);

  // Sends one request and reads its response. `timeout` bounds the whole exchange, so it must
  // exceed any ?wait= the request carries.
  boost::asio::awaitable<HttpResult> request(boost::beast::http::verb method, std::string target,
                                             std::string body, std::chrono::seconds timeout);

  bool is_open() const { return open_; }
  void close();

 private:
  boost::asio::awaitable<boost::system::error_code> connect(std::chrono::seconds timeout);

  const ServerTarget& target_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  bool open_ = false;
};

}  // namespace genx3d::bench
