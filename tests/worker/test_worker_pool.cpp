#include "support/fake_job_source.hpp"
#include "support/fake_provider.hpp"
#include "support/recording_event_sink.hpp"
#include "support/run_coro.hpp"
#include "worker/worker_pool.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

using namespace genx3d;
using namespace genx3d::worker;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {

JobPayload job(const std::string& id, const std::string& message = "a cube") {
  JobPayload p;
  p.job_id = id;
  p.model = "fake-model";
  p.message = message;
  p.attempt = 1;
  return p;
}

// A pool over a fake source, sink and provider, on one io_context.
struct PoolRig {
  asio::io_context ioc;
  FakeJobSource source;
  RecordingEventSink events;
  std::shared_ptr<FakeProvider> provider;
  ProviderRouter router;
  JobRunner runner{router};
  WorkerPool pool;

  PoolRig(int concurrency, FakeProvider::Options options, JobEventSink* sink = nullptr)
      : provider(std::make_shared<FakeProvider>(std::move(options))),
        router(catalog(), {{"fake", provider}}),
        pool({ioc.get_executor()}, source, sink ? *sink : events, runner, concurrency) {}

  ~PoolRig() {
    // The loops reference everything above: end them before the members go.
    source.close();
    try {
      run_coro(ioc, pool.drained());
    } catch (...) {
    }
  }

  static ModelCatalog catalog() {
    ModelCatalog c;
    c.add({"fake-model", "fake", {}, "test double"});
    return c;
  }
};

}  // namespace

TEST_CASE("every job is reported started, then finished, exactly once, and acked",
          "[worker_pool]") {
  FakeProvider::Options o;
  o.delay = std::chrono::milliseconds(5);
  PoolRig rig(4, o);
  rig.pool.start();
  constexpr int kJobs = 25;
  for (int i = 0; i < kJobs; ++i) rig.source.push(job("chat_" + std::to_string(i)));
  run_until(rig.ioc, [&] { return rig.events.finished_total() == kJobs; });

  for (int i = 0; i < kJobs; ++i) {
    const std::string id = "chat_" + std::to_string(i);
    INFO(id);
    CHECK(rig.events.started_count(id) == 1);
    CHECK(rig.events.finished_count(id) == 1);
    CHECK(rig.source.acks(id) == 1);
    CHECK(rig.source.requeues(id) == 0);
  }
  for (const auto& outcome : rig.events.outcomes()) {
    REQUIRE(outcome.answer.has_value());
    CHECK_FALSE(outcome.error.has_value());
    CHECK(outcome.answer->model_used == "fake-model");
    CHECK(outcome.answer->tokens_used == 7);
    CHECK(outcome.attempt == 1);
    CHECK(outcome.run_ms >= 5);  // the provider's delay, at least
    CHECK(outcome.run_ms < 5000);
  }
  CHECK(rig.provider->calls() == kJobs);
  CHECK(rig.pool.jobs_done() == kJobs);
}

TEST_CASE("no more jobs run at once than the pool's concurrency", "[worker_pool]") {
  FakeProvider::Options o;
  o.delay = std::chrono::milliseconds(20);
  PoolRig rig(3, o);
  rig.pool.start();
  CHECK(rig.pool.loops_running() == 3);
  for (int i = 0; i < 12; ++i) rig.source.push(job("chat_" + std::to_string(i)));
  run_until(rig.ioc, [&] { return rig.events.finished_total() == 12; });
  CHECK(rig.provider->max_concurrent() <= 3);
  // Twelve slow jobs keep all three loops busy at the start.
  CHECK(rig.provider->max_concurrent() == 3);
}

TEST_CASE("a provider that throws fails that job and the pool goes on", "[worker_pool]") {
  FakeProvider::Options o;
  o.throw_when = "explode";
  PoolRig rig(1, o);
  rig.pool.start();
  rig.source.push(job("chat_before"));
  rig.source.push(job("chat_boom", "please explode"));
  rig.source.push(job("chat_after"));
  run_until(rig.ioc, [&] { return rig.events.finished_total() == 3; });

  for (const auto& outcome : rig.events.outcomes()) {
    INFO(outcome.job_id);
    if (outcome.job_id == "chat_boom") {
      CHECK_FALSE(outcome.answer.has_value());
      REQUIRE(outcome.error.has_value());
      CHECK(outcome.error->code == "worker_error");
      CHECK_THAT(outcome.error->message, Catch::Matchers::Contains("exploded on purpose"));
    } else {
      CHECK(outcome.answer.has_value());
    }
  }
  CHECK(rig.source.acks("chat_boom") == 1);
  CHECK(rig.source.acks("chat_after") == 1);
  CHECK(rig.pool.in_flight() == 0);
}

TEST_CASE("a provider error becomes the job's error, keeping retryable", "[worker_pool]") {
  FakeProvider::Options o;
  o.error = ProviderError{"provider_unavailable", "upstream is down", true, std::nullopt};
  PoolRig rig(2, o);
  rig.pool.start();
  rig.source.push(job("chat_x"));
  run_until(rig.ioc, [&] { return rig.events.finished_total() == 1; });
  auto outcome = rig.events.outcomes().at(0);
  CHECK(outcome.job_id == "chat_x");
  CHECK_FALSE(outcome.answer.has_value());
  REQUIRE(outcome.error.has_value());
  CHECK(outcome.error->type == "provider_error");
  CHECK(outcome.error->code == "provider_unavailable");
  CHECK(outcome.error->message == "upstream is down");
  CHECK(outcome.retryable);
}

namespace {
// Fails to take outcomes, as a broker connection that dropped would.
class RefusingSink final : public JobEventSink {
 public:
  asio::awaitable<void> started(std::string, int) override { co_return; }
  asio::awaitable<void> finished(JobOutcome) override {
    ++refused;
    throw std::runtime_error("connection lost");
    co_return;
  }
  std::atomic<int> refused{0};
};
}  // namespace

TEST_CASE("a job whose outcome cannot be reported is given back, not acked", "[worker_pool]") {
  RefusingSink sink;
  PoolRig rig(1, {}, &sink);
  rig.pool.start();
  rig.source.push(job("chat_lost"));
  rig.source.push(job("chat_next"));
  run_until(rig.ioc, [&] { return sink.refused == 2; });
  run_until(rig.ioc, [&] { return rig.pool.jobs_done() == 2; });
  CHECK(rig.source.requeues("chat_lost") == 1);
  CHECK(rig.source.acks("chat_lost") == 0);
  CHECK(rig.source.requeues("chat_next") == 1);
}

namespace {
// Holds every outcome until release(), as a broker slow to confirm would; records what it took.
class GatedSink final : public JobEventSink {
 public:
  asio::awaitable<void> started(std::string, int) override { co_return; }
  asio::awaitable<void> finished(JobOutcome outcome) override {
    ++waiting;
    while (!open_) {
      asio::steady_timer gate(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
      co_await gate.async_wait(asio::use_awaitable);
    }
    --waiting;
    finished_ids.push_back(outcome.job_id);
    co_return;
  }
  void release() { open_ = true; }

  int waiting = 0;  // the io_context is single-threaded in these tests
  std::vector<std::string> finished_ids;

 private:
  bool open_ = false;
};
}  // namespace

TEST_CASE("the report headroom is a quarter of the concurrency, at least one", "[worker_pool]") {
  CHECK(WorkerPool::report_headroom(1) == 1);
  CHECK(WorkerPool::report_headroom(7) == 1);
  CHECK(WorkerPool::report_headroom(256) == 64);
  CHECK(WorkerPool::report_headroom(1000) == 250);
}

TEST_CASE("a loop takes its next job while its last outcome awaits the confirm", "[worker_pool]") {
  GatedSink sink;
  PoolRig rig(1, {}, &sink);
  rig.pool.start();
  rig.source.push(job("chat_first"));
  rig.source.push(job("chat_second"));
  // The single loop ran the second job although the first one's outcome is still unconfirmed.
  run_until(rig.ioc, [&] { return rig.provider->calls() == 2 && sink.waiting == 2; });
  CHECK(rig.source.acks("chat_first") == 0);
  CHECK(rig.pool.in_flight() == 2);
  CHECK(rig.pool.reporting() == 2);

  sink.release();
  run_until(rig.ioc, [&] { return rig.pool.jobs_done() == 2; });
  CHECK(rig.source.acks("chat_first") == 1);
  CHECK(rig.source.acks("chat_second") == 1);
  CHECK(rig.pool.in_flight() == 0);
  CHECK(rig.pool.reporting() == 0);
}

TEST_CASE("past the report headroom a loop waits for its own outcome's confirm", "[worker_pool]") {
  GatedSink sink;
  PoolRig rig(4, {}, &sink);  // headroom 1
  rig.pool.start();
  for (int i = 0; i < 10; ++i) rig.source.push(job("chat_" + std::to_string(i)));
  // One detached report, then every loop holds its own: 4 + 1 jobs taken, no more.
  run_until(rig.ioc, [&] { return sink.waiting == 5; });
  for (int i = 0; i < 20; ++i) rig.ioc.run_one_for(std::chrono::milliseconds(5));
  CHECK(rig.provider->calls() == 5);
  CHECK(rig.pool.in_flight() == 5);
  CHECK(rig.source.pending() == 5);

  sink.release();
  run_until(rig.ioc, [&] { return rig.pool.jobs_done() == 10; });
  CHECK(sink.finished_ids.size() == 10);
  for (int i = 0; i < 10; ++i) CHECK(rig.source.acks("chat_" + std::to_string(i)) == 1);
}

TEST_CASE("drained waits for the outcomes still awaiting their confirm", "[worker_pool]") {
  GatedSink sink;
  PoolRig rig(2, {}, &sink);
  rig.pool.start();
  rig.source.push(job("chat_unconfirmed"));
  run_until(rig.ioc, [&] { return sink.waiting == 1; });
  rig.source.close();
  auto drained = spawn(rig.ioc, rig.pool.drained());
  run_until(rig.ioc, [&] { return rig.pool.loops_running() == 0; });
  for (int i = 0; i < 10; ++i) rig.ioc.run_one_for(std::chrono::milliseconds(5));
  CHECK_FALSE(drained->done);

  sink.release();
  run_until(rig.ioc, [&] { return drained->done; });
  CHECK(rig.source.acks("chat_unconfirmed") == 1);
  CHECK(rig.pool.in_flight() == 0);
}

TEST_CASE("closing the source ends the loops and drained completes", "[worker_pool]") {
  FakeProvider::Options o;
  o.delay = std::chrono::milliseconds(30);
  PoolRig rig(4, o);
  rig.pool.start();
  CHECK(rig.pool.loops_running() == 4);
  rig.source.push(job("chat_running"));
  run_until(rig.ioc, [&] { return rig.provider->current() == 1; });

  rig.source.close();
  run_coro(rig.ioc, rig.pool.drained(), std::chrono::seconds(10));
  CHECK(rig.pool.loops_running() == 0);
  CHECK(rig.pool.in_flight() == 0);
  // The job that was running when the source closed still finished and was reported.
  CHECK(rig.events.finished_count("chat_running") == 1);
  CHECK(rig.source.acks("chat_running") == 1);
}

TEST_CASE("drained completes at once for a pool that never started", "[worker_pool]") {
  PoolRig rig(2, {});
  CHECK(rig.pool.loops_running() == 0);
  run_coro(rig.ioc, rig.pool.drained(), std::chrono::seconds(5));
  CHECK(rig.pool.jobs_done() == 0);
}

TEST_CASE("the loops are spread over the executors given", "[worker_pool]") {
  asio::io_context first;
  asio::io_context second;
  FakeJobSource source;
  RecordingEventSink events;
  auto provider = std::make_shared<FakeProvider>(FakeProvider::Options{});
  ModelCatalog c;
  c.add({"fake-model", "fake", {}, "test double"});
  ProviderRouter router(c, {{"fake", provider}});
  JobRunner runner{router};
  WorkerPool pool({first.get_executor(), second.get_executor()}, source, events, runner, 4);
  pool.start();
  // Each loop's first step waits for a job on the context it was spawned on.
  CHECK(first.poll() > 0);
  CHECK(second.poll() > 0);
  source.push(job("chat_1"));
  source.push(job("chat_2"));
  for (int i = 0; i < 1000 && events.finished_total() < 2; ++i) {
    first.poll();
    second.poll();
  }
  CHECK(events.finished_total() == 2);
  source.close();
  for (int i = 0; i < 1000 && pool.loops_running() > 0; ++i) {
    first.poll();
    second.poll();
  }
  CHECK(pool.loops_running() == 0);
}

TEST_CASE("a pool without an executor is refused", "[worker_pool]") {
  FakeJobSource source;
  RecordingEventSink events;
  ProviderRouter router(ModelCatalog{}, {});
  JobRunner runner{router};
  CHECK_THROWS_AS(WorkerPool({}, source, events, runner, 1), std::invalid_argument);
}
