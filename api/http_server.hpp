// The HTTP/1.1 front end: an accept loop and one coroutine per connection.
// Every read and write has a timeout, every parser a body limit; the request is handed to a pure
// handler as a plain HttpRequest. Beast stays inside http_server.cpp.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>

#include "api/http_message.hpp"
#include "common/config.hpp"

namespace genx3d::api {

using RequestHandler = std::function<boost::asio::awaitable<HttpResponse>(HttpRequest)>;

// Thread safety: start/stop from any thread. Every io_context involved must run on one thread
// (cli/io_pool.hpp): a connection's coroutine and its timers rely on that, not on a strand.
class HttpServer {
 public:
  // Accepts on `ioc`; connections go to `connection_executors` in turn (all to `ioc` if empty).
  HttpServer(boost::asio::io_context& ioc, const ServerConfig& config, RequestHandler handler,
             std::vector<boost::asio::any_io_executor> connection_executors = {});
  ~HttpServer();

  // Binds and listens; the error says why not (e.g. address in use).
  boost::system::error_code listen();
  std::uint16_t port() const;  // the bound port (useful with port 0)
  void start();                // starts accepting
  void stop_accepting();
  // Requests being handled now (for a bounded drain on shutdown).
  int active_requests() const { return active_requests_->load(); }
  int open_connections() const { return open_connections_->load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<std::atomic<int>> active_requests_ = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<std::atomic<int>> open_connections_ = std::make_shared<std::atomic<int>>(0);
};

}  // namespace genx3d::api
