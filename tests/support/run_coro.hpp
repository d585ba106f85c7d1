// Runs awaitables to completion from plain test code. A result slot (not use_future) receives the
// value, and the io_context is driven one handler at a time until the slot is filled: worker
// loops and other detached coroutines keep the context busy forever, so ioc.run() alone would
// never return while they live.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

namespace genx3d::test {

// Where a spawned coroutine leaves its outcome. Shared, so a test that gives up on a coroutine
// (timeout) cannot leave it writing into a dead stack frame.
template <class T>
struct Slot {
  bool done = false;
  std::exception_ptr error;
  std::conditional_t<std::is_void_v<T>, bool, std::optional<T>> value{};

  // The value (rethrowing what the coroutine threw).
  T get() {
    if (error) std::rethrow_exception(error);
    if constexpr (!std::is_void_v<T>) return std::move(*value);
  }
};

namespace detail {
template <class T>
boost::asio::awaitable<void> fill(std::shared_ptr<Slot<T>> slot, boost::asio::awaitable<T> aw) {
  if constexpr (std::is_void_v<T>) {
    co_await std::move(aw);
    slot->value = true;
  } else {
    slot->value.emplace(co_await std::move(aw));
  }
}
}  // namespace detail

// Starts `aw` on the io_context without running it; drive with run_until().
template <class T>
std::shared_ptr<Slot<T>> spawn(boost::asio::io_context& ioc, boost::asio::awaitable<T> aw) {
  auto slot = std::make_shared<Slot<T>>();
  boost::asio::co_spawn(ioc, detail::fill<T>(slot, std::move(aw)), [slot](std::exception_ptr e) {
    slot->error = e;
    slot->done = true;
  });
  return slot;
}

// Runs the io_context's handlers until `done()` holds; throws after `limit` so a broken test
// fails instead of hanging the suite.
template <class Pred>
void run_until(boost::asio::io_context& ioc, Pred done,
               std::chrono::steady_clock::duration limit = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("run_until: the condition did not hold in time");
    }
    if (ioc.stopped()) ioc.restart();
    ioc.run_one_for(std::chrono::milliseconds(20));
  }
}

// Runs `aw` to completion on `ioc` and returns its value (or rethrows its exception).
template <class T>
T run_coro(boost::asio::io_context& ioc, boost::asio::awaitable<T> aw,
           std::chrono::steady_clock::duration limit = std::chrono::seconds(30)) {
  auto slot = spawn(ioc, std::move(aw));
  run_until(
      ioc, [&] { return slot->done; }, limit);
  return slot->get();
}

// The same on a private io_context, for awaitables that need no other coroutine.
template <class T>
T run_coro(boost::asio::awaitable<T> aw) {
  boost::asio::io_context ioc;
  return run_coro(ioc, std::move(aw));
}

// A pause inside a coroutine (for tests that stage events in time).
inline boost::asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d) {
  boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
  co_await timer.async_wait(boost::asio::use_awaitable);
}

}  // namespace genx3d::test
