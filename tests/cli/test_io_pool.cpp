#include "cli/io_pool.hpp"
#include "common/thread_name.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

using genx3d::cli::IoPool;
namespace asio = boost::asio;

TEST_CASE("each context of the pool runs on a thread of its own until stop()", "[io_pool]") {
  IoPool pool(3);
  auto executors = pool.executors();
  REQUIRE(executors.size() == 3);
  CHECK(&pool.main().get_executor().context() ==
        &asio::query(executors[0], asio::execution::context));

  std::mutex mutex;
  std::set<std::thread::id> threads;
  std::atomic<int> ran{0};
  for (int round = 0; round < 4; ++round) {
    for (auto& ex : executors) {
      asio::post(ex, [&] {
        std::lock_guard lock(mutex);
        threads.insert(std::this_thread::get_id());
        // The last handler stops the pool; run() returns only after every thread ended.
        if (++ran == 12) pool.stop();
      });
    }
  }
  pool.run();
  CHECK(ran == 12);
  CHECK(threads.size() == 3);
}

TEST_CASE("a context without work keeps running until stop()", "[io_pool]") {
  IoPool pool(2);
  std::atomic<bool> late_ran{false};
  auto executors = pool.executors();
  // Context 1 has nothing to do at first; work posted to it later still runs.
  asio::post(executors[0], [&] {
    std::thread([&, ex = executors[1]] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      asio::post(ex, [&] {
        late_ran = true;
        pool.stop();
      });
    }).detach();
  });
  pool.run();
  CHECK(late_ran);
}

TEST_CASE("a pool destroyed without stop() and with leftovers is torn down safely",
          "[io_pool]") {
  // Under AddressSanitizer this fails if a context is destroyed before another's leftovers, or
  // before the guard that keeps it running: a pool left by an early return is never stopped.
  // A handler left in one context may own an I/O object of another.
  auto pool = std::make_unique<IoPool>(2);
  auto executors = pool->executors();
  auto timer = std::make_shared<asio::steady_timer>(executors[0], std::chrono::hours(1));
  timer->async_wait([](const boost::system::error_code&) {});
  asio::post(executors[1], [timer] {});  // never runs: the pool is not run
  timer.reset();
  pool.reset();
  SUCCEED("destroyed without touching a freed context");
}

TEST_CASE("the pool's own threads are named genx3d-io<index>; the caller's keeps its name",
          "[io_pool]") {
  IoPool pool(3);
  auto executors = pool.executors();
  const std::string caller_name = genx3d::this_thread_name();
  std::mutex mutex;
  std::vector<std::string> names(3);
  std::atomic<int> ran{0};
  for (std::size_t i = 0; i < executors.size(); ++i) {
    asio::post(executors[i], [&, i] {
      {
        std::lock_guard lock(mutex);
        names[i] = genx3d::this_thread_name();
      }
      if (++ran == 3) pool.stop();
    });
  }
  pool.run();
  CHECK(names[0] == caller_name);  // context 0 runs on the thread that called run()
  CHECK(names[1] == "genx3d-io1");
  CHECK(names[2] == "genx3d-io2");
}
