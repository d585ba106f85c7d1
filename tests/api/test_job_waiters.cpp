#include "api/job_waiters.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <thread>
#include <vector>

using namespace genx3d::api;
using namespace genx3d::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {
// Waits for `job_id` and reports whether it was woken, and how long it took.
struct Outcome {
  bool notified = false;
  Clock::duration took{};
};
asio::awaitable<Outcome> timed_wait(JobWaiters& w, std::string job_id, Clock::duration timeout) {
  const auto start = Clock::now();
  auto reg = w.watch(job_id);
  bool notified = co_await w.wait(reg, timeout);
  co_return Outcome{notified, Clock::now() - start};
}
}  // namespace

TEST_CASE("notify wakes a waiting coroutine", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto waiting = spawn(ioc, timed_wait(w, "chat_1", 30s));
  ioc.poll();
  REQUIRE_FALSE(waiting->done);
  CHECK(w.waiting() == 1);
  w.notify("chat_1");
  run_until(
      ioc, [&] { return waiting->done; }, 5s);
  auto o = waiting->get();
  CHECK(o.notified);
  CHECK(o.took < 5s);
  CHECK(w.waiting() == 0);
}

TEST_CASE("notify from another thread wakes the waiter on its own executor", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto waiting = spawn(ioc, timed_wait(w, "chat_1", 30s));
  ioc.poll();
  std::thread notifier([&] {
    std::this_thread::sleep_for(20ms);
    w.notify("chat_1");
  });
  run_until(
      ioc, [&] { return waiting->done; }, 5s);
  notifier.join();
  auto o = waiting->get();
  CHECK(o.notified);
  CHECK(o.took >= 15ms);
  CHECK(w.waiting() == 0);
}

TEST_CASE("a notify between watch and wait is not lost", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto reg = w.watch("chat_1");
  w.notify("chat_1");
  const auto start = Clock::now();
  bool notified = run_coro(ioc, w.wait(reg, 30s));
  CHECK(notified);
  CHECK(Clock::now() - start < 5s);
  CHECK(w.waiting() == 0);
}

TEST_CASE("a wait that nobody notifies times out with false", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto o = run_coro(ioc, timed_wait(w, "chat_1", 50ms));
  CHECK_FALSE(o.notified);
  CHECK(o.took >= 50ms);
  CHECK(w.waiting() == 0);
}

TEST_CASE("notify wakes only the waiters of that job", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto a1 = spawn(ioc, timed_wait(w, "chat_a", 30s));
  auto a2 = spawn(ioc, timed_wait(w, "chat_a", 30s));
  auto b = spawn(ioc, timed_wait(w, "chat_b", 200ms));
  ioc.poll();
  CHECK(w.waiting() == 3);
  w.notify("chat_a");
  run_until(
      ioc, [&] { return a1->done && a2->done; }, 5s);
  CHECK(a1->get().notified);
  CHECK(a2->get().notified);
  CHECK_FALSE(b->done);
  CHECK(w.waiting() == 1);
  run_until(
      ioc, [&] { return b->done; }, 5s);
  CHECK_FALSE(b->get().notified);
  CHECK(w.waiting() == 0);
}

TEST_CASE("a notify for a job nobody waits for is harmless and not remembered", "[job_waiters]") {
  JobWaiters w;
  w.notify("chat_nobody");
  CHECK(w.waiting() == 0);
  asio::io_context ioc;
  // A watch made after the notify does not see it.
  auto o = run_coro(ioc, timed_wait(w, "chat_nobody", 30ms));
  CHECK_FALSE(o.notified);
}

TEST_CASE("shutdown wakes every waiter, and later waits return at once", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  std::vector<std::shared_ptr<Slot<Outcome>>> waiting;
  for (int i = 0; i < 4; ++i) {
    waiting.push_back(spawn(ioc, timed_wait(w, "chat_" + std::to_string(i % 2), 30s)));
  }
  ioc.poll();
  CHECK(w.waiting() == 4);
  CHECK_FALSE(w.is_shut_down());
  w.shutdown();
  CHECK(w.is_shut_down());
  run_until(
      ioc,
      [&] {
        for (auto& s : waiting) {
          if (!s->done) return false;
        }
        return true;
      },
      5s);
  for (auto& s : waiting) CHECK(s->get().notified);
  CHECK(w.waiting() == 0);

  auto late = run_coro(ioc, timed_wait(w, "chat_new", 30s), 5s);
  CHECK(late.notified);
  CHECK(late.took < 5s);
  CHECK(w.waiting() == 0);
}

TEST_CASE("many waiters on several threads are all woken", "[job_waiters]") {
  JobWaiters w;
  constexpr int kThreads = 3;
  constexpr int kPerThread = 50;
  std::atomic<int> woken{0};
  std::atomic<int> registered{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      try {
        asio::io_context ioc;
        std::vector<std::shared_ptr<Slot<Outcome>>> slots;
        for (int i = 0; i < kPerThread; ++i) {
          slots.push_back(spawn(ioc, timed_wait(w, "chat_" + std::to_string(i % 5), 30s)));
        }
        ioc.poll();
        registered += kPerThread;
        run_until(
            ioc,
            [&] {
              for (auto& s : slots) {
                if (!s->done) return false;
              }
              return true;
            },
            10s);
        for (auto& s : slots) woken += s->get().notified ? 1 : 0;
      } catch (...) {  // an exception must not leave its thread; the checks below fail instead
        ++errors;
        registered += kPerThread;
      }
    });
  }
  while (registered < kThreads * kPerThread) std::this_thread::sleep_for(1ms);
  for (int i = 0; i < 5; ++i) w.notify("chat_" + std::to_string(i));
  for (auto& th : threads) th.join();
  CHECK(errors == 0);
  CHECK(woken == kThreads * kPerThread);
  CHECK(w.waiting() == 0);
}

TEST_CASE("notify hands the final job to every waiter it wakes", "[job_waiters]") {
  JobWaiters w;
  asio::io_context ioc;
  auto first = w.watch("chat_1");
  auto second = w.watch("chat_1");
  auto plain = w.watch("chat_2");
  auto job = std::make_shared<genx3d::Job>();
  job->id = "chat_1";
  job->state = genx3d::JobState::succeeded;
  CHECK_FALSE(JobWaiters::final_job(*first));  // nothing before the notify

  w.notify("chat_1", job);
  w.notify("chat_2");
  CHECK(JobWaiters::final_job(*first) == job);
  CHECK(JobWaiters::final_job(*second) == job);
  CHECK_FALSE(JobWaiters::final_job(*plain));  // woken without one: the waiter reads the job
  auto waited = spawn(ioc, w.wait(first, 30s));
  run_until(
      ioc, [&] { return waited->done; }, 5s);
  CHECK(waited->get());
  CHECK(JobWaiters::final_job(*first)->state == genx3d::JobState::succeeded);
  w.unwatch(second);
  w.unwatch(plain);
}

TEST_CASE("an expected job stays expected for its owner until its notify", "[job_waiters]") {
  JobWaiters w;
  CHECK_FALSE(w.expects("chat_1", "key_a"));
  w.expect("chat_1", "key_a");
  CHECK(w.expects("chat_1", "key_a"));
  CHECK_FALSE(w.expects("chat_1", "key_b"));  // another key's job is not told apart from none
  CHECK_FALSE(w.expects("chat_2", "key_a"));
  w.notify("chat_1");
  CHECK_FALSE(w.expects("chat_1", "key_a"));

  w.expect("chat_3", "key_a");
  w.shutdown();  // waits then return at once, and read the job: nothing is expected any more
  CHECK_FALSE(w.expects("chat_3", "key_a"));
  w.expect("chat_4", "key_a");
  CHECK_FALSE(w.expects("chat_4", "key_a"));
}
