#include "api/batch_service.hpp"
#include "api/chat_service.hpp"
#include "common/clock.hpp"
#include "queue/inproc/inproc_job_queue.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace genx3d;
using namespace genx3d::api;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {

// A BatchService and a ChatService over one fresh store and the in-process queue.
struct Rig {
  asio::io_context ioc;
  Config cfg;
  ModelCatalog catalog = ModelCatalog::with_defaults();
  MemoryStore ms;
  InprocJobQueue queue;
  JobWaiters waiters;
  ChatService chat{cfg, catalog, *ms.executor, queue, waiters};
  BatchService batches{cfg, *ms.executor, queue, waiters};

  const std::string& alice() const { return ms.alice.record.id; }

  BatchRequest request(int n, std::optional<std::string> context = std::nullopt) {
    std::string body;
    for (int i = 0; i < n; ++i) {
      nlohmann::json line = {{"custom_id", "c" + std::to_string(i)}, {"message", "a cube"}};
      if (context) line["context"] = *context;
      body += line.dump() + "\n";
    }
    auto r = parse_batch_request(body, cfg.chat, catalog);
    REQUIRE(r.has_value());
    return *r;
  }
  boost::system::result<BatchService::Submitted, ApiError> submit(
      BatchRequest r, std::optional<IdempotencyKey> key = std::nullopt) {
    return run_coro(ioc, batches.submit(alice(), std::move(r), std::move(key)));
  }
  std::vector<JobPayload> drain_queue() {
    std::vector<JobPayload> out;
    while (queue.depth() > 0) out.push_back(run_coro(ioc, queue.next())->payload);
    return out;
  }
  BatchRecord batch(const std::string& id) {
    auto b = run_coro(ioc, ms.executor->run([&](Store& s) { return s.get_batch(alice(), id); }));
    REQUIRE(b.has_value());
    REQUIRE(b->has_value());
    return **b;
  }
  std::string read_results(std::int64_t seq) {
    BodyStream next = batches.results(seq);
    std::string all;
    for (;;) {
      auto piece = run_coro(ioc, next());
      REQUIRE(piece.has_value());
      if (!*piece) return all;
      all += **piece;
    }
  }
};

ChatAnswer answer() {
  ChatAnswer a;
  a.message = "done";
  a.model_used = "builtin/parametric";
  return a;
}

}  // namespace

TEST_CASE("a batch is committed whole and queued as batch work of its owner", "[batch_service]") {
  Rig rig;
  auto done = rig.submit(rig.request(3));
  REQUIRE(done.has_value());
  CHECK_FALSE(done->replayed);
  CHECK(done->batch.counts == BatchCounts{3, 3, 0, 0, 0, 0});
  auto payloads = rig.drain_queue();
  REQUIRE(payloads.size() == 3);
  for (const auto& p : payloads) {
    CHECK(p.batch_id == done->batch.id);
    CHECK(p.batch_owner == rig.alice());
  }
  CHECK(batch_status(rig.batch(done->batch.id)) == BatchStatus::queued);
}

TEST_CASE("a replayed Idempotency-Key returns the first batch and queues nothing",
          "[batch_service]") {
  Rig rig;
  IdempotencyKey key{"k-1", "hash-of-body"};
  auto first = rig.submit(rig.request(2), key);
  REQUIRE(first.has_value());
  rig.drain_queue();
  auto second = rig.submit(rig.request(2), key);
  REQUIRE(second.has_value());
  CHECK(second->replayed);
  CHECK(second->batch.id == first->batch.id);
  CHECK(rig.queue.depth() == 0);
  auto other = rig.submit(rig.request(2), IdempotencyKey{"k-1", "another-body"});
  REQUIRE_FALSE(other.has_value());
  CHECK(other.error().status == 422);
  CHECK(other.error().code == "idempotency_key_reused");
}

TEST_CASE("a missing context refuses the whole batch and creates nothing", "[batch_service]") {
  Rig rig;
  auto r = rig.submit(rig.request(2, std::string("model_nope")));
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().code == "invalid_batch");
  CHECK(r.error().message.find("custom_id 'c1'") != std::string::npos);
  CHECK(rig.queue.depth() == 0);
  auto n = run_coro(rig.ioc,
                    rig.ms.executor->run([&](Store& s) { return s.count_batches(rig.alice()); }));
  CHECK(*n == 0);
}

TEST_CASE("a cancelled batch's queued jobs are refused when a worker takes them",
          "[batch_service]") {
  Rig rig;
  auto done = rig.submit(rig.request(3));
  REQUIRE(done.has_value());
  auto payloads = rig.drain_queue();
  CHECK(run_coro(rig.ioc, rig.chat.start(payloads[0])));  // running before the cancel
  auto cancelled = run_coro(rig.ioc, rig.batches.cancel(rig.alice(), done->batch.id));
  REQUIRE(cancelled.has_value());
  REQUIRE(cancelled->has_value());
  CHECK(batch_status(**cancelled) == BatchStatus::cancelling);
  CHECK((*cancelled)->counts == BatchCounts{3, 0, 1, 0, 0, 2});
  CHECK_FALSE(run_coro(rig.ioc, rig.chat.start(payloads[1])));
  CHECK_FALSE(run_coro(rig.ioc, rig.chat.start(payloads[2])));
  run_coro(rig.ioc, rig.chat.finished(JobOutcome{payloads[0].job_id, 1, answer(), {}, false}));
  BatchRecord end = rig.batch(done->batch.id);
  CHECK(batch_status(end) == BatchStatus::cancelled);
  CHECK(end.counts.succeeded + end.counts.cancelled == 3);

  std::string lines = rig.read_results(end.seq);
  CHECK(std::count(lines.begin(), lines.end(), '\n') == 3);
  CHECK(lines.find("\"job_cancelled\"") != std::string::npos);
  CHECK(lines.find("\"custom_id\":\"c0\"") < lines.find("\"custom_id\":\"c1\""));
}

TEST_CASE("cancelling one job: queued is cancelled, succeeded stays", "[batch_service]") {
  Rig rig;
  ChatRequest r;
  r.message = "a cube";
  r.model = "gpt-4o-mini";
  auto a = run_coro(rig.ioc, rig.chat.submit(rig.alice(), r));
  auto b = run_coro(rig.ioc, rig.chat.submit(rig.alice(), r));
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  run_coro(rig.ioc, rig.chat.finished(JobOutcome{a->id, 1, answer(), {}, false}));
  auto ca = run_coro(rig.ioc, rig.batches.cancel_job(rig.alice(), a->id));
  CHECK((*ca)->state == JobState::succeeded);
  auto cb = run_coro(rig.ioc, rig.batches.cancel_job(rig.alice(), b->id));
  CHECK((*cb)->state == JobState::cancelled);
  auto missing = run_coro(rig.ioc, rig.batches.cancel_job(rig.ms.bob.record.id, b->id));
  CHECK_FALSE(missing->has_value());
}

TEST_CASE("a chat's replayed Idempotency-Key returns the first job", "[chat_service]") {
  Rig rig;
  ChatRequest r;
  r.message = "a cube";
  r.model = "gpt-4o-mini";
  r.idempotency = IdempotencyKey{"chat-key", "h"};
  auto first = run_coro(rig.ioc, rig.chat.submit(rig.alice(), r));
  auto second = run_coro(rig.ioc, rig.chat.submit(rig.alice(), r));
  REQUIRE(first.has_value());
  REQUIRE(second.has_value());
  CHECK(second->id == first->id);
  CHECK(rig.queue.depth() == 1);
}
