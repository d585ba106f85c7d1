#include "loadgen/run_context.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::bench {
namespace asio = boost::asio;

WaitGroup::WaitGroup(asio::any_io_executor ex) : timer_(std::move(ex)) {
  timer_.expires_at(asio::steady_timer::time_point::max());
}

void WaitGroup::done() {
  if (--count_ == 0) timer_.cancel();
}

asio::awaitable<void> WaitGroup::wait() {
  while (count_ > 0) {
    timer_.expires_at(asio::steady_timer::time_point::max());
    co_await timer_.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

std::unique_ptr<HttpConn> ConnPool::acquire() {
  if (idle_.empty()) {
    ++opened_;
    return std::make_unique<HttpConn>(ctx_.ioc.get_executor(), ctx_.target);
  }
  auto c = std::move(idle_.back());
  idle_.pop_back();
  return c;
}

void ConnPool::release(std::unique_ptr<HttpConn> c) {
  if (idle_.size() < static_cast<std::size_t>(ctx_.opt.max_connections)) idle_.push_back(std::move(c));
}

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace genx3d::bench
