#include "queue/inproc/inproc_job_queue.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace genx3d;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {
JobPayload payload(std::string id, int attempt = 1) {
  JobPayload p;
  p.job_id = std::move(id);
  p.model = "builtin/parametric";
  p.message = "a cube";
  p.attempt = attempt;
  return p;
}
}  // namespace

TEST_CASE("a submitted job is handed out by next", "[inproc_queue]") {
  InprocJobQueue q;
  CHECK(q.healthy());
  CHECK_FALSE(q.durable());
  q.submit(payload("chat_1", 2));
  CHECK(q.depth() == 1);
  asio::io_context ioc;
  auto d = run_coro(ioc, q.next());
  REQUIRE(d.has_value());
  CHECK(d->payload.job_id == "chat_1");
  CHECK(d->payload.attempt == 2);
  CHECK(d->payload.message == "a cube");
  CHECK(q.depth() == 0);
  // Durability comes from the store: ack and requeue are harmless no-ops.
  REQUIRE(d->ack);
  REQUIRE(d->requeue);
  d->ack();
  d->requeue();
  CHECK(q.depth() == 0);
}

TEST_CASE("a waiting next is woken by a later submit", "[inproc_queue]") {
  InprocJobQueue q;
  asio::io_context ioc;
  auto slot = spawn(ioc, q.next());
  ioc.poll();
  CHECK_FALSE(slot->done);  // nothing to take yet: the coroutine waits
  q.submit(payload("chat_late"));
  CHECK(q.depth() == 0);  // handed straight to the waiter, never queued
  run_until(ioc, [&] { return slot->done; });
  auto d = slot->get();
  REQUIRE(d.has_value());
  CHECK(d->payload.job_id == "chat_late");
}

TEST_CASE("a submit from another thread wakes a waiting next", "[inproc_queue]") {
  InprocJobQueue q;
  asio::io_context ioc;
  auto slot = spawn(ioc, q.next());
  ioc.poll();
  std::thread producer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    q.submit(payload("chat_thread"));
  });
  run_until(
      ioc, [&] { return slot->done; }, std::chrono::seconds(10));
  producer.join();
  auto d = slot->get();
  REQUIRE(d.has_value());
  CHECK(d->payload.job_id == "chat_thread");
}

TEST_CASE("jobs come out in the order they went in", "[inproc_queue]") {
  InprocJobQueue q;
  for (int i = 0; i < 20; ++i) q.submit(payload("chat_" + std::to_string(i)));
  CHECK(q.depth() == 20);
  asio::io_context ioc;
  for (int i = 0; i < 20; ++i) {
    auto d = run_coro(ioc, q.next());
    REQUIRE(d.has_value());
    CHECK(d->payload.job_id == "chat_" + std::to_string(i));
  }
  CHECK(q.depth() == 0);
}

TEST_CASE("waiters are served in the order they asked", "[inproc_queue]") {
  InprocJobQueue q;
  asio::io_context ioc;
  auto first = spawn(ioc, q.next());
  auto second = spawn(ioc, q.next());
  ioc.poll();
  q.submit(payload("chat_a"));
  q.submit(payload("chat_b"));
  run_until(ioc, [&] { return first->done && second->done; });
  auto a = first->get();
  auto b = second->get();
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(a->payload.job_id == "chat_a");
  CHECK(b->payload.job_id == "chat_b");
}

TEST_CASE("close wakes every waiter with nullopt", "[inproc_queue]") {
  InprocJobQueue q;
  asio::io_context ioc;
  std::vector<std::shared_ptr<Slot<std::optional<JobDelivery>>>> waiters;
  for (int i = 0; i < 5; ++i) waiters.push_back(spawn(ioc, q.next()));
  ioc.poll();
  q.close();
  run_until(ioc, [&] {
    for (auto& w : waiters) {
      if (!w->done) return false;
    }
    return true;
  });
  for (auto& w : waiters) CHECK_FALSE(w->get().has_value());
}

TEST_CASE("after close, queued jobs are dropped and next returns nullopt at once",
          "[inproc_queue]") {
  InprocJobQueue q;
  q.submit(payload("chat_dropped"));
  q.close();
  CHECK(q.depth() == 0);
  q.submit(payload("chat_after_close"));
  CHECK(q.depth() == 0);
  asio::io_context ioc;
  CHECK_FALSE(run_coro(ioc, q.next()).has_value());
}

TEST_CASE("depth counts what no loop has taken", "[inproc_queue]") {
  InprocJobQueue q;
  CHECK(q.depth() == 0);
  q.submit(payload("chat_1"));
  q.submit(payload("chat_2"));
  q.submit(payload("chat_3"));
  CHECK(q.depth() == 3);
  asio::io_context ioc;
  run_coro(ioc, q.next());
  CHECK(q.depth() == 2);
}

TEST_CASE("batch jobs hold at most the batch limit of loops; interactive ones pass",
          "[inproc_queue]") {
  InprocJobQueue q;
  q.set_batch_limit(1);
  asio::io_context ioc;
  auto batch_job = [](std::string id) {
    JobPayload p = payload(std::move(id));
    p.batch_id = "batch_1";
    p.batch_owner = "key_a";
    return p;
  };
  q.submit(batch_job("b1"));
  q.submit(batch_job("b2"));
  auto first = run_coro(ioc, q.next());
  REQUIRE(first.has_value());
  CHECK(first->payload.job_id == "b1");
  // b2 waits while b1 is out, even with a loop asking.
  auto slot = spawn(ioc, q.next());
  ioc.poll();
  CHECK_FALSE(slot->done);
  q.submit(payload("chat_1"));  // an interactive job goes to the waiting loop at once
  run_until(ioc, [&] { return slot->done; });
  CHECK(slot->get()->payload.job_id == "chat_1");
  auto third = spawn(ioc, q.next());
  ioc.poll();
  CHECK_FALSE(third->done);
  first->ack();  // b1 settled: its slot goes to b2
  run_until(ioc, [&] { return third->done; });
  CHECK(third->get()->payload.job_id == "b2");
}

TEST_CASE("batch_loop_limit keeps one loop in 16 (at least one) for interactive jobs",
          "[inproc_queue]") {
  CHECK(batch_loop_limit(1) == 0);
  CHECK(batch_loop_limit(2) == 1);
  CHECK(batch_loop_limit(16) == 15);
  CHECK(batch_loop_limit(64) == 60);
}

TEST_CASE("a job cancelled while queued is never handed out", "[inproc_queue]") {
  InprocJobQueue q;
  asio::io_context ioc;
  q.submit(payload("chat_1"));
  q.submit(payload("chat_2"));
  q.cancelled(CancelNotice{std::string("chat_1"), std::nullopt});
  auto d = run_coro(ioc, q.next());
  REQUIRE(d.has_value());
  CHECK(d->payload.job_id == "chat_2");
  CHECK(q.skipped_cancelled() == 1);
  CHECK(q.depth() == 0);
}

TEST_CASE("a cancelled batch's queued jobs are skipped and free their batch slots",
          "[inproc_queue]") {
  InprocJobQueue q;
  q.set_batch_limit(1);
  asio::io_context ioc;
  auto batch_job = [](std::string id, std::string batch) {
    JobPayload p = payload(std::move(id));
    p.batch_id = std::move(batch);
    p.batch_owner = "key_a";
    return p;
  };
  q.submit(batch_job("a1", "batch_a"));
  q.submit(batch_job("a2", "batch_a"));
  q.submit(batch_job("b1", "batch_b"));
  q.cancelled(CancelNotice{std::nullopt, std::string("batch_a")});
  // With one batch slot, b1 comes out only if the skipped a1 and a2 gave theirs back.
  auto d = run_coro(ioc, q.next());
  REQUIRE(d.has_value());
  CHECK(d->payload.job_id == "b1");
  CHECK(q.skipped_cancelled() == 2);
}
