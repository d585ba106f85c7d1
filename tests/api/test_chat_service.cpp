#include "api/chat_service.hpp"
#include "common/clock.hpp"
#include "common/job_json.hpp"
#include "queue/inproc/inproc_job_queue.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"
#include "support/temp_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <chrono>
#include <string>

using namespace genx3d;
using namespace genx3d::api;
using namespace genx3d::test;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

JobOutcome answered(const std::string& id, int attempt = 1) {
  ChatAnswer a;
  a.message = "Here is your cube.";
  a.code = "var cube = CSG.cube();";
  a.model_used = "builtin/parametric";
  a.tokens_used = 12;
  return JobOutcome{id, attempt, a, std::nullopt, false};
}

JobOutcome failed(const std::string& id, int attempt, bool retryable) {
  return JobOutcome{id, attempt, std::nullopt,
                    JobError{"provider_error", "provider_unavailable", "upstream down"}, retryable};
}

asio::awaitable<void> finish_later(ChatService& chat, JobOutcome outcome, Clock::duration delay) {
  co_await sleep_for(delay);
  co_await chat.finished(std::move(outcome));
}

// A ChatService over a fresh in-memory store, a queue (the in-process one unless a test needs
// to see what is handed over) and real waiters.
template <class Queue>
struct RigWith {
  RigWith() = default;
  explicit RigWith(const std::filesystem::path& file) : ms(std::nullopt, file) {}

  asio::io_context ioc;  // first: it outlives everything that posts to it
  Config cfg;
  ModelCatalog catalog = ModelCatalog::with_defaults();
  MemoryStore ms;
  Queue queue;
  JobWaiters waiters;
  ChatService chat{cfg, catalog, *ms.executor, queue, waiters};

  const std::string& alice() const { return ms.alice.record.id; }
  const std::string& bob() const { return ms.bob.record.id; }

  static ChatRequest request(std::string message) {
    ChatRequest r;
    r.message = std::move(message);
    r.model = "gpt-4o-mini";
    r.temperature = 0.4;
    return r;
  }

  boost::system::result<Job, ApiError> submit(const std::string& owner, ChatRequest r) {
    return run_coro(ioc, chat.submit(owner, std::move(r)));
  }
  Job submit_ok(const std::string& owner, std::string message,
                std::optional<std::string> session = std::nullopt) {
    ChatRequest r = request(std::move(message));
    r.session_id = std::move(session);
    auto job = submit(owner, std::move(r));
    REQUIRE(job.has_value());
    return *job;
  }
  // The next payload on the queue (the test fails if there is none).
  JobPayload take() {
    REQUIRE(queue.depth() > 0);
    auto d = run_coro(ioc, queue.next());
    REQUIRE(d.has_value());
    return d->payload;
  }
  Job stored(const std::string& id) {
    auto j = run_coro(ioc, ms.executor->run([&](Store& s) { return s.get_job_any_owner(id); }));
    REQUIRE(j.has_value());
    REQUIRE(j->has_value());
    return **j;
  }
  std::int64_t messages(const std::string& session) {
    auto n = run_coro(ioc, ms.executor->run([&](Store& s) { return s.count_messages(session); }));
    REQUIRE(n.has_value());
    return *n;
  }
  void started(const std::string& id, int attempt) { run_coro(ioc, chat.started(id, attempt)); }
  void finished(JobOutcome o) { run_coro(ioc, chat.finished(std::move(o))); }
  ModelRecord create_model(const std::string& owner, std::string name, std::string code) {
    auto m = run_coro(ioc, ms.executor->run([&](Store& s) {
      return s.create_model(owner, name, code, now_ms());
    }));
    REQUIRE(m.has_value());
    return *m;
  }
};
using Rig = RigWith<InprocJobQueue>;

}  // namespace

// Keeps each payload with the JSON text the service handed over beside it.
struct TextRecordingQueue : JobQueue {
  std::vector<std::pair<JobPayload, std::string>> submitted;
  void submit(JobPayload job) override { submitted.emplace_back(std::move(job), ""); }
  void submit(JobPayload job, std::string json) override {
    submitted.emplace_back(std::move(job), std::move(json));
  }
  bool healthy() const override { return true; }
  bool durable() const override { return true; }
};

TEST_CASE("submit hands the queue the payload's JSON as the store holds it", "[chat_service]") {
  RigWith<TextRecordingQueue> rig;
  const Job first = rig.submit_ok(rig.alice(), "A cube");
  rig.finished(answered(first.id));
  // The payload then carries the first exchange.
  const Job second = rig.submit_ok(rig.alice(), "Make it 30 mm", first.session_id);

  REQUIRE(rig.queue.submitted.size() == 2);
  const auto& [payload, json] = rig.queue.submitted[1];
  CHECK(payload.history.size() == 2);
  CHECK(json == job_json_text(rig.stored(second.id).payload));
  CHECK(json == job_json_text(payload));
}

TEST_CASE("submit commits a queued job and hands its payload to the queue", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "Create a cube of 20 mm");
  CHECK(job.id.rfind("chat_", 0) == 0);
  CHECK(job.state == JobState::queued);
  CHECK(job.owner_key_id == rig.alice());
  CHECK(job.session_id.rfind("session_", 0) == 0);
  CHECK(job.attempts == 0);

  Job stored = rig.stored(job.id);
  CHECK(stored.state == JobState::queued);
  CHECK(stored.session_id == job.session_id);
  CHECK(stored.payload.message == "Create a cube of 20 mm");

  REQUIRE(rig.queue.depth() == 1);
  JobPayload p = rig.take();
  CHECK(p.job_id == job.id);
  CHECK(p.model == "gpt-4o-mini");
  CHECK(p.message == "Create a cube of 20 mm");
  CHECK(p.temperature == 0.4);
  CHECK(p.attempt == 1);
  CHECK(p.history.empty());
  CHECK_FALSE(p.context_id.has_value());
}

TEST_CASE("a client session id is created for the caller and reused", "[chat_service]") {
  Rig rig;
  Job first = rig.submit_ok(rig.alice(), "one", "my-session.1");
  CHECK(first.session_id == "my-session.1");
  Job second = rig.submit_ok(rig.alice(), "two", "my-session.1");
  CHECK(second.session_id == "my-session.1");
  CHECK(first.id != second.id);
  CHECK(rig.queue.depth() == 2);
}

TEST_CASE("another key's session reads as not found", "[chat_service]") {
  Rig rig;
  rig.submit_ok(rig.alice(), "mine", "alice-session");
  rig.take();
  ChatRequest r = Rig::request("intrude");
  r.session_id = "alice-session";
  auto refused = rig.submit(rig.bob(), r);
  REQUIRE(refused.has_error());
  CHECK(refused.error().status == 404);
  CHECK(refused.error().code == "not_found");
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("an unknown model is refused with the list of available models", "[chat_service]") {
  Rig rig;
  ChatRequest r = Rig::request("a cube");
  r.model = "gpt-9-ultra";
  auto refused = rig.submit(rig.alice(), r);
  REQUIRE(refused.has_error());
  CHECK(refused.error().status == 400);
  CHECK(refused.error().code == "model_not_available");
  CHECK_THAT(refused.error().message, Contains("gpt-9-ultra"));
  CHECK_THAT(refused.error().message, Contains("builtin/parametric"));
  CHECK_THAT(refused.error().message, Contains("gpt-4o-mini"));
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("a model with no serving provider is not available", "[chat_service]") {
  Rig rig;
  rig.catalog.add({"offline-only", "nowhere", {}, ""});
  ChatRequest r = Rig::request("a cube");
  r.model = "offline-only";
  auto refused = rig.submit(rig.alice(), r);
  REQUIRE(refused.has_error());
  CHECK(refused.error().code == "model_not_available");
}

TEST_CASE("a context model's name and code travel in the payload", "[chat_service]") {
  Rig rig;
  ModelRecord gear = rig.create_model(rig.alice(), "Gear", "var g = CSG.cylinder();");
  ChatRequest r = Rig::request("make it thicker");
  r.context = gear.id;
  auto job = rig.submit(rig.alice(), r);
  REQUIRE(job.has_value());
  JobPayload p = rig.take();
  CHECK(p.context_id == std::optional<std::string>(gear.id));
  CHECK(p.context_name == std::optional<std::string>("Gear"));
  CHECK(p.context_code == std::optional<std::string>("var g = CSG.cylinder();"));
}

TEST_CASE("an unknown or foreign context reads as not found", "[chat_service]") {
  Rig rig;
  ModelRecord bobs = rig.create_model(rig.bob(), "Bob's", "var b;");
  for (const std::string& context : {std::string("model_000000000000000000000000"), bobs.id}) {
    INFO(context);
    ChatRequest r = Rig::request("use it");
    r.context = context;
    auto refused = rig.submit(rig.alice(), r);
    REQUIRE(refused.has_error());
    CHECK(refused.error().status == 404);
    CHECK(refused.error().code == "not_found");
  }
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("trim_history keeps the newest messages within the count", "[chat_service]") {
  std::vector<MessageRecord> msgs;
  for (int i = 0; i < 6; ++i) {
    MessageRecord m;
    m.role = i % 2 == 0 ? "user" : "assistant";
    m.content = "m" + std::to_string(i);
    msgs.push_back(m);
  }
  auto turns = trim_history(msgs, 3, 10000);
  REQUIRE(turns.size() == 3);
  CHECK(turns[0].content == "m3");
  CHECK(turns[1].content == "m4");
  CHECK(turns[2].content == "m5");
  CHECK(turns[0].role == "assistant");
  CHECK(turns[1].role == "user");
  CHECK(trim_history(msgs, 0, 10000).empty());
  CHECK(trim_history({}, 5, 10000).empty());
  CHECK(trim_history(msgs, 100, 10000).size() == 6);
}

TEST_CASE("trim_history drops the oldest until the text fits the budget", "[chat_service]") {
  std::vector<MessageRecord> msgs(4);
  for (int i = 0; i < 4; ++i) {
    msgs[i].role = "user";
    msgs[i].content = std::string(10, static_cast<char>('a' + i));
  }
  auto two = trim_history(msgs, 10, 25);
  REQUIRE(two.size() == 2);
  CHECK(two[0].content == std::string(10, 'c'));
  CHECK(two[1].content == std::string(10, 'd'));
  CHECK(trim_history(msgs, 10, 30).size() == 3);  // the budget is inclusive
  CHECK(trim_history(msgs, 10, 9).empty());

  // Contiguous: a long message stops the walk even if an older short one would fit.
  std::vector<MessageRecord> gap(3);
  gap[0].content = "x";
  gap[1].content = std::string(100, 'y');
  gap[2].content = "z";
  auto kept = trim_history(gap, 10, 50);
  REQUIRE(kept.size() == 1);
  CHECK(kept[0].content == "z");
}

TEST_CASE("trim_history puts an assistant's code back in a fence and counts it", "[chat_service]") {
  MessageRecord user;
  user.role = "user";
  user.content = "a cube";
  MessageRecord assistant;
  assistant.role = "assistant";
  assistant.content = "Here.";
  assistant.code = "var c = CSG.cube();";
  auto turns = trim_history({user, assistant}, 10, 10000);
  REQUIRE(turns.size() == 2);
  CHECK(turns[1].content == "Here.\n\n```javascript\nvar c = CSG.cube();\n```");
  const std::size_t with_code = turns[1].content.size();
  auto only_newest = trim_history({user, assistant}, 10, with_code);
  REQUIRE(only_newest.size() == 1);
  CHECK(only_newest[0].role == "assistant");
  CHECK(trim_history({user, assistant}, 10, with_code - 1).empty());
}

TEST_CASE("a later chat in the session carries the earlier turns", "[chat_service]") {
  Rig rig;
  Job first = rig.submit_ok(rig.alice(), "a cube", "s1");
  rig.take();
  rig.started(first.id, 1);
  rig.finished(answered(first.id));
  rig.submit_ok(rig.alice(), "make it bigger", "s1");
  JobPayload p = rig.take();
  REQUIRE(p.history.size() == 2);
  CHECK(p.history[0].role == "user");
  CHECK(p.history[0].content == "a cube");
  CHECK(p.history[1].role == "assistant");
  CHECK_THAT(p.history[1].content, Contains("Here is your cube."));
  CHECK_THAT(p.history[1].content, Contains("var cube = CSG.cube();"));
}

TEST_CASE("the history sent follows the chat config's limits", "[chat_service]") {
  Rig rig;
  rig.cfg.chat.history_max_messages = 1;
  Job first = rig.submit_ok(rig.alice(), "a cube", "s1");
  rig.take();
  rig.finished(answered(first.id));
  rig.submit_ok(rig.alice(), "again", "s1");
  JobPayload p = rig.take();
  REQUIRE(p.history.size() == 1);
  CHECK(p.history[0].role == "assistant");

  rig.cfg.chat.history_max_messages = 20;
  rig.cfg.chat.history_budget_chars = 3;
  rig.submit_ok(rig.alice(), "once more", "s1");
  CHECK(rig.take().history.empty());
}

TEST_CASE("started marks the job running with its attempt", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.started(job.id, 1);
  Job s = rig.stored(job.id);
  CHECK(s.state == JobState::running);
  CHECK(s.attempts == 1);
  CHECK(s.started_at_ms.has_value());
  CHECK_FALSE(s.finished_at_ms.has_value());
}

TEST_CASE("started_many marks every job running in one store operation", "[chat_service]") {
  Rig rig;
  Job a = rig.submit_ok(rig.alice(), "a cube");
  Job b = rig.submit_ok(rig.alice(), "a gear");
  rig.take();
  rig.take();
  const auto ops_before = rig.ms.executor->ops_done();
  run_coro(rig.ioc, rig.chat.started_many({{a.id, 1}, {b.id, 2}, {"chat_unknown", 1}}));
  CHECK(rig.ms.executor->ops_done() == ops_before + 1);
  CHECK(rig.stored(a.id).state == JobState::running);
  Job sb = rig.stored(b.id);
  CHECK(sb.state == JobState::running);
  CHECK(sb.attempts == 2);
}

TEST_CASE("finished_many records a worker's batch in one store operation and acts on each",
          "[chat_service]") {
  Rig rig;
  Job a = rig.submit_ok(rig.alice(), "a cube", "s-many");
  Job b = rig.submit_ok(rig.alice(), "a gear");
  Job c = rig.submit_ok(rig.alice(), "a bolt");
  for (int i = 0; i < 3; ++i) rig.take();
  auto watch_a = rig.waiters.watch(a.id);
  auto watch_c = rig.waiters.watch(c.id);
  const auto ops_before = rig.ms.executor->ops_done();
  run_coro(rig.ioc, rig.chat.finished_many({answered(a.id), failed(b.id, 1, true),
                                            failed(c.id, 1, false), answered("chat_unknown")}));
  CHECK(rig.ms.executor->ops_done() == ops_before + 1);
  CHECK(rig.stored(a.id).state == JobState::succeeded);
  CHECK(rig.messages("s-many") == 2);
  CHECK(rig.stored(b.id).state == JobState::queued);  // retried
  JobPayload retry = rig.take();
  CHECK(retry.job_id == b.id);
  CHECK(retry.attempt == 2);
  CHECK(rig.stored(c.id).state == JobState::failed);
  CHECK(run_coro(rig.ioc, rig.waiters.wait(watch_a, 0s)));
  CHECK(run_coro(rig.ioc, rig.waiters.wait(watch_c, 0s)));
}

TEST_CASE("an outcome the store refuses fails alone; the rest of its batch is recorded",
          "[chat_service]") {
  TempDb tmp;
  Rig rig(tmp.path);
  Job good = rig.submit_ok(rig.alice(), "a cube");
  Job poisoned = rig.submit_ok(rig.alice(), "a gear");
  rig.take();
  rig.take();
  {
    // A second connection makes every write to one job's row fail.
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(tmp.path.string().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
    const std::string sql = "CREATE TRIGGER poison BEFORE UPDATE ON jobs WHEN NEW.id = '" +
                            poisoned.id + "' BEGIN SELECT RAISE(ABORT, 'poisoned'); END";
    CHECK(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
  }
  run_coro(rig.ioc, rig.chat.finished_many({answered(poisoned.id), answered(good.id)}));
  CHECK(rig.stored(good.id).state == JobState::succeeded);
  CHECK(rig.stored(poisoned.id).state == JobState::queued);
}

TEST_CASE("an answer completes the job once; a duplicate adds nothing", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube", "s-dup");
  rig.take();
  rig.started(job.id, 1);
  auto watch = rig.waiters.watch(job.id);
  rig.finished(answered(job.id));

  Job done = rig.stored(job.id);
  CHECK(done.state == JobState::succeeded);
  REQUIRE(done.answer.has_value());
  CHECK(done.answer->message == "Here is your cube.");
  CHECK(done.answer->code == std::optional<std::string>("var cube = CSG.cube();"));
  CHECK(done.finished_at_ms.has_value());
  CHECK(rig.messages("s-dup") == 2);
  // The waiter registered before the finish was woken.
  CHECK(run_coro(rig.ioc, rig.waiters.wait(watch, 0s)));

  auto late = answered(job.id);
  late.answer->message = "a second, different answer";
  rig.finished(late);
  CHECK(rig.messages("s-dup") == 2);
  CHECK(rig.stored(job.id).answer->message == "Here is your cube.");
  // A late failure cannot overwrite the result either.
  rig.finished(failed(job.id, 1, false));
  CHECK(rig.stored(job.id).state == JobState::succeeded);
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("a retryable failure is retried with the next attempt, then fails at the limit",
          "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube", "s-retry");
  JobPayload p = rig.take();
  REQUIRE(p.attempt == 1);
  for (int attempt = 1; attempt < ChatService::kMaxAttempts; ++attempt) {
    INFO("attempt " << attempt);
    rig.started(job.id, attempt);
    rig.finished(failed(job.id, attempt, true));
    Job s = rig.stored(job.id);
    CHECK(s.state == JobState::queued);
    CHECK(s.attempts == attempt);
    JobPayload retry = rig.take();
    CHECK(retry.job_id == job.id);
    CHECK(retry.attempt == attempt + 1);
    CHECK(retry.message == "a cube");
  }
  rig.started(job.id, ChatService::kMaxAttempts);
  auto watch = rig.waiters.watch(job.id);
  rig.finished(failed(job.id, ChatService::kMaxAttempts, true));
  Job s = rig.stored(job.id);
  CHECK(s.state == JobState::failed);
  CHECK(s.attempts == ChatService::kMaxAttempts);
  REQUIRE(s.error.has_value());
  CHECK(s.error->code == "provider_unavailable");
  CHECK(rig.queue.depth() == 0);
  CHECK(rig.messages("s-retry") == 0);  // failed jobs add nothing to the history
  CHECK(run_coro(rig.ioc, rig.waiters.wait(watch, 0s)));
}

TEST_CASE("a permanent failure fails the job at once", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.started(job.id, 1);
  rig.finished(failed(job.id, 1, false));
  Job s = rig.stored(job.id);
  CHECK(s.state == JobState::failed);
  REQUIRE(s.error.has_value());
  CHECK(s.error->type == "provider_error");
  CHECK(s.error->message == "upstream down");
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("recover resubmits unfinished jobs and fails the exhausted ones", "[chat_service]") {
  Rig rig;
  Job fresh = rig.submit_ok(rig.alice(), "never started");
  Job interrupted = rig.submit_ok(rig.alice(), "worker died once");
  Job exhausted = rig.submit_ok(rig.alice(), "kills its worker");
  Job finished = rig.submit_ok(rig.alice(), "done already");
  while (rig.queue.depth() > 0) rig.take();  // the previous process's queue died with it
  rig.started(interrupted.id, 1);
  rig.started(exhausted.id, ChatService::kMaxAttempts);
  rig.started(finished.id, 1);
  rig.finished(answered(finished.id));

  std::size_t n = run_coro(rig.ioc, rig.chat.recover());
  CHECK(n == 2);
  REQUIRE(rig.queue.depth() == 2);
  JobPayload a = rig.take();
  JobPayload b = rig.take();
  CHECK(a.job_id == fresh.id);
  CHECK(a.attempt == 1);
  CHECK(b.job_id == interrupted.id);
  CHECK(b.attempt == 2);
  CHECK(rig.stored(interrupted.id).state == JobState::queued);

  Job dead = rig.stored(exhausted.id);
  CHECK(dead.state == JobState::failed);
  REQUIRE(dead.error.has_value());
  CHECK(dead.error->code == "attempts_exhausted");
  CHECK(rig.stored(finished.id).state == JobState::succeeded);
}

TEST_CASE("await_job returns a final job at once", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.finished(answered(job.id));
  const auto start = Clock::now();
  auto r = run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  CHECK(Clock::now() - start < 5s);
  REQUIRE(r.has_value());
  REQUIRE(*r);
  CHECK((*r)->state == JobState::succeeded);
}

TEST_CASE("await_job returns a running job when it finishes", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.started(job.id, 1);
  const auto start = Clock::now();
  auto waiting = spawn(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  auto finisher = spawn(rig.ioc, finish_later(rig.chat, answered(job.id), 50ms));
  run_until(
      rig.ioc, [&] { return waiting->done; }, 10s);
  const auto took = Clock::now() - start;
  CHECK(took >= 40ms);
  CHECK(took < 10s);
  auto r = waiting->get();
  REQUIRE(r.has_value());
  REQUIRE(*r);
  CHECK((*r)->state == JobState::succeeded);
  run_until(rig.ioc, [&] { return finisher->done; });
}

TEST_CASE("await_job gives up at the timeout with the job as it is", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  const auto start = Clock::now();
  auto r = run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 100ms));
  const auto took = Clock::now() - start;
  CHECK(took >= 100ms);
  CHECK(took < 5s);
  REQUIRE(r.has_value());
  REQUIRE(*r);
  CHECK((*r)->state == JobState::queued);

  auto zero = run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 0s));
  REQUIRE(zero.has_value());
  REQUIRE(*zero);
  CHECK((*zero)->state == JobState::queued);
}

TEST_CASE("await_job returns at once after the waiters shut down", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.waiters.shutdown();
  const auto start = Clock::now();
  auto r = run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  CHECK(Clock::now() - start < 5s);
  REQUIRE(r.has_value());
  REQUIRE(*r);
  CHECK((*r)->state == JobState::queued);
}

TEST_CASE("await_job finds nothing for an unknown or foreign job", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  auto foreign = run_coro(rig.ioc, rig.chat.await_job(rig.bob(), job.id, 30s), 5s);
  REQUIRE(foreign.has_value());
  CHECK_FALSE(*foreign);
  auto unknown = run_coro(rig.ioc, rig.chat.await_job(rig.alice(), "chat_nope", 30s), 5s);
  REQUIRE(unknown.has_value());
  CHECK_FALSE(*unknown);
}

TEST_CASE("await_job leaves no registration behind", "[chat_service]") {
  // Each call watches the job before reading it; when it returns without waiting (the job is
  // final, unknown, or the time is up) that registration stays in JobWaiters until a notify
  // for the same id, which for a final or unknown job never comes.
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 20ms));
  CHECK(rig.waiters.waiting() == 0);
  rig.finished(answered(job.id));
  for (int i = 0; i < 5; ++i) run_coro(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  CHECK(rig.waiters.waiting() == 0);
  run_coro(rig.ioc, rig.chat.await_job(rig.alice(), "chat_nope", 30s));
  CHECK(rig.waiters.waiting() == 0);
}

TEST_CASE("an outcome for a start never reported records the start from the run time",
          "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "Create a cube of 20 mm");
  JobOutcome o;
  o.job_id = job.id;
  o.attempt = 1;
  o.run_ms = 40;
  o.answer = ChatAnswer{"a cube", std::string("const c = cube(20);"), "gpt-4o-mini", 9, {}};
  const auto before = now_ms();
  rig.finished(o);
  Job done = rig.stored(job.id);
  CHECK(done.state == JobState::succeeded);
  CHECK(done.attempts == 1);
  REQUIRE(done.started_at_ms);
  REQUIRE(done.finished_at_ms);
  CHECK(*done.finished_at_ms - *done.started_at_ms == 40);
  CHECK(*done.finished_at_ms >= before);
}

TEST_CASE("an outcome after a reported start keeps the reported start", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "Create a cube of 20 mm");
  rig.started(job.id, 1);
  const auto started_at = rig.stored(job.id).started_at_ms;
  REQUIRE(started_at);
  JobOutcome o;
  o.job_id = job.id;
  o.attempt = 1;
  o.run_ms = 100000;  // would put the start far earlier, if it were used
  o.answer = ChatAnswer{"a cube", std::nullopt, "gpt-4o-mini", 9, {}};
  rig.finished(o);
  Job done = rig.stored(job.id);
  CHECK(done.state == JobState::succeeded);
  CHECK(done.started_at_ms == started_at);
  CHECK(done.attempts == 1);
}

TEST_CASE("await_job on a job this process queued waits without reading it first",
          "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  CHECK(rig.waiters.expects(job.id, rig.alice()));
  const auto ops_before = rig.ms.executor->ops_done();
  auto waiting = spawn(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  auto finisher = spawn(rig.ioc, finish_later(rig.chat, answered(job.id), 50ms));
  run_until(rig.ioc, [&] { return waiting->done && finisher->done; }, 10s);
  auto r = waiting->get();
  REQUIRE(r.has_value());
  REQUIRE(*r);
  CHECK((*r)->state == JobState::succeeded);
  CHECK((*r)->answer.has_value());
  // One store operation in all: the finish. The waiter neither read before nor after it.
  CHECK(rig.ms.executor->ops_done() - ops_before == 1);
  CHECK_FALSE(rig.waiters.expects(job.id, rig.alice()));
}

TEST_CASE("await_job reads a job this process did not queue before it waits", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.waiters.notify(job.id);  // as if another process had queued it: nothing is expected
  const auto ops_before = rig.ms.executor->ops_done();
  auto waiting = spawn(rig.ioc, rig.chat.await_job(rig.alice(), job.id, 30s));
  auto finisher = spawn(rig.ioc, finish_later(rig.chat, answered(job.id), 50ms));
  run_until(rig.ioc, [&] { return waiting->done && finisher->done; }, 10s);
  REQUIRE(waiting->get().has_value());
  CHECK(rig.ms.executor->ops_done() - ops_before == 2);
}

TEST_CASE("a retried job stays expected; its final outcome ends that", "[chat_service]") {
  Rig rig;
  Job job = rig.submit_ok(rig.alice(), "a cube");
  rig.take();
  rig.finished(failed(job.id, 1, true));
  CHECK(rig.waiters.expects(job.id, rig.alice()));
  rig.take();
  rig.finished(failed(job.id, 2, false));
  CHECK_FALSE(rig.waiters.expects(job.id, rig.alice()));
}
