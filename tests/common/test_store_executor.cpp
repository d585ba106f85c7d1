#include "common/clock.hpp"
#include "common/store_executor.hpp"
#include "common/thread_name.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace genx3d;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {

// Holds the store thread inside one operation until released, so operations enqueued meanwhile
// are known to land in the same (next) batch.
struct Gate {
  std::atomic<bool> entered{false};
  std::atomic<bool> open{false};

  asio::awaitable<StoreResult<int>> hold(StoreExecutor& ex) {
    return ex.run([this](Store&) {
      entered = true;
      while (!open) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return 0;
    });
  }
  void wait_entered() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!entered && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    REQUIRE(entered);
  }
};

// The counters are bumped after a batch's results are posted, so they may trail the results
// the caller already holds by a moment.
void wait_for_ops(const StoreExecutor& ex, std::uint64_t ops) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (ex.ops_done() < ops && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(ex.ops_done() == ops);
}

}  // namespace

TEST_CASE("run returns the operation's value on the caller's executor", "[store_executor]") {
  MemoryStore ms;
  asio::io_context ioc;
  const auto caller = std::this_thread::get_id();
  std::thread::id op_thread;
  auto version = run_coro(ioc, ms.executor->run([&](Store& s) {
    op_thread = std::this_thread::get_id();
    return s.schema_version();
  }));
  REQUIRE(version.has_value());
  CHECK(*version > 0);
  CHECK(op_thread != caller);  // the store is touched on its own thread only

  auto keys = run_coro(ioc, ms.executor->run([](Store& s) { return s.list_keys(); }));
  REQUIRE(keys.has_value());
  CHECK(keys->size() == 2);
}

TEST_CASE("operations run on a thread named genx3d-store", "[store_executor]") {
  MemoryStore ms;
  asio::io_context ioc;
  auto name = run_coro(ioc, ms.executor->run([](Store&) { return this_thread_name(); }));
  REQUIRE(name.has_value());
  CHECK(*name == "genx3d-store");
}

TEST_CASE("a void operation completes with an empty success", "[store_executor]") {
  MemoryStore ms;
  asio::io_context ioc;
  bool ran = false;
  auto r = run_coro(ioc, ms.executor->run([&](Store&) { ran = true; }));
  CHECK(r.has_value());
  CHECK(ran);
}

TEST_CASE("a throwing operation returns its error text", "[store_executor]") {
  MemoryStore ms;
  asio::io_context ioc;
  auto r = run_coro(ioc, ms.executor->run([](Store&) -> int { throw StoreError("disk on fire"); }));
  REQUIRE(r.has_error());
  CHECK(r.error() == "disk on fire");

  auto odd = run_coro(ioc, ms.executor->run([](Store&) -> int { throw 42; }));
  REQUIRE(odd.has_error());
  CHECK(odd.error() == "unknown store failure");

  // The executor goes on after failures.
  auto after = run_coro(ioc, ms.executor->run([](Store& s) { return s.list_keys().size(); }));
  REQUIRE(after.has_value());
  CHECK(*after == 2);
}

TEST_CASE("a failed operation is undone alone; the rest of its batch commits", "[store_executor]") {
  MemoryStore ms;
  StoreExecutor& ex = *ms.executor;
  const std::string alice = ms.alice.record.id;
  asio::io_context ioc;
  Gate gate;

  auto held = spawn(ioc, gate.hold(ex));
  ioc.poll();
  gate.wait_entered();
  const auto ops_before = ex.ops_done();
  const auto batches_before = ex.batches_done();

  auto first = spawn(
      ioc, ex.run([&](Store& s) { return s.create_model(alice, "kept-1", "var a;", now_ms()); }));
  auto broken = spawn(ioc, ex.run([&](Store& s) -> ModelRecord {
    s.create_model(alice, "undone", "var b;", now_ms());
    throw StoreError("failed after writing");
  }));
  auto last = spawn(
      ioc, ex.run([&](Store& s) { return s.create_model(alice, "kept-2", "var c;", now_ms()); }));
  ioc.poll();  // all three are enqueued while the gate holds the store thread
  gate.open = true;
  run_until(ioc, [&] { return held->done && first->done && broken->done && last->done; });

  CHECK(first->get().has_value());
  CHECK(last->get().has_value());
  auto b = broken->get();
  REQUIRE(b.has_error());
  CHECK(b.error() == "failed after writing");
  // The gated batch, then one batch with the three operations, replayed one by one.
  wait_for_ops(ex, ops_before + 4);
  CHECK(ex.batches_done() == batches_before + 2);
  CHECK(ex.batches_replayed() == 1);

  auto names = run_coro(ioc, ex.run([&](Store& s) {
    std::vector<std::string> out;
    for (const auto& m : s.list_models(alice, 10, 0)) out.push_back(m.name);
    return out;
  }));
  REQUIRE(names.has_value());
  CHECK_THAT(*names,
             Catch::Matchers::UnorderedEquals(std::vector<std::string>{"kept-1", "kept-2"}));
}

TEST_CASE("operations that arrive while a batch runs are committed together", "[store_executor]") {
  MemoryStore ms;
  StoreExecutor& ex = *ms.executor;
  asio::io_context ioc;
  Gate gate;
  auto held = spawn(ioc, gate.hold(ex));
  ioc.poll();
  gate.wait_entered();
  const auto ops_before = ex.ops_done();
  const auto batches_before = ex.batches_done();

  std::vector<std::shared_ptr<Slot<StoreResult<std::int64_t>>>> slots;
  for (int i = 0; i < 50; ++i) {
    slots.push_back(spawn(ioc, ex.run([](Store& s) { return s.count_models("nobody"); })));
  }
  ioc.poll();
  gate.open = true;
  run_until(ioc, [&] {
    for (auto& s : slots) {
      if (!s->done) return false;
    }
    return held->done;
  });
  for (auto& s : slots) CHECK(s->get().has_value());
  wait_for_ops(ex, ops_before + 51);
  CHECK(ex.batches_done() == batches_before + 2);  // the gate's batch, then the other 50
}

TEST_CASE("many concurrent operations from several threads all complete", "[store_executor]") {
  MemoryStore ms;
  StoreExecutor& ex = *ms.executor;
  const std::string alice = ms.alice.record.id;
  constexpr int kThreads = 4;
  constexpr int kOpsPerThread = 250;
  const auto ops_before = ex.ops_done();
  std::atomic<int> succeeded{0};
  std::atomic<int> failed{0};
  std::atomic<int> errors{0};

  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        asio::io_context ioc;
        std::vector<std::shared_ptr<Slot<StoreResult<ModelRecord>>>> slots;
        for (int i = 0; i < kOpsPerThread; ++i) {
          std::string name = "t" + std::to_string(t) + "-" + std::to_string(i);
          slots.push_back(spawn(ioc, ex.run([&alice, name](Store& s) {
            return s.create_model(alice, name, "", now_ms());
          })));
        }
        run_until(ioc, [&] {
          for (auto& s : slots) {
            if (!s->done) return false;
          }
          return true;
        });
        for (auto& s : slots) (s->get().has_value() ? succeeded : failed)++;
      } catch (...) {  // an exception must not leave its thread; the checks below fail instead
        ++errors;
      }
    });
  }
  for (auto& th : threads) th.join();

  CHECK(errors == 0);
  CHECK(succeeded == kThreads * kOpsPerThread);
  CHECK(failed == 0);
  wait_for_ops(ex, ops_before + kThreads * kOpsPerThread);
  // Group commit: under this load some batches carried more than one operation.
  CHECK(ex.batches_done() < ex.ops_done());

  asio::io_context ioc;
  auto count = run_coro(ioc, ex.run([&](Store& s) { return s.count_models(alice); }));
  REQUIRE(count.has_value());
  CHECK(*count == kThreads * kOpsPerThread);
}

TEST_CASE("destroying the executor finishes the operations already queued", "[store_executor]") {
  MemoryStore ms;
  asio::io_context ioc;
  Gate gate;
  auto held = spawn(ioc, gate.hold(*ms.executor));
  ioc.poll();
  gate.wait_entered();
  auto queued = spawn(ioc, ms.executor->run([](Store& s) { return s.list_keys().size(); }));
  ioc.poll();
  gate.open = true;
  ms.executor.reset();  // joins the store thread after the queued operation ran
  run_until(ioc, [&] { return queued->done && held->done; });
  auto r = queued->get();
  REQUIRE(r.has_value());
  CHECK(*r == 2);
}
