#include <catch2/catch.hpp>

#include "queue/amqp/event_messages.hpp"

#include "common/job_json.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

using namespace genx3d;
using namespace genx3d::amqp;

namespace {

// The one outcome a finished event carries (fails the test if it carries another number).
JobOutcome only_outcome(const JobEvent& e) {
  const auto* finished = std::get_if<FinishedEvent>(&e);
  REQUIRE(finished);
  REQUIRE(finished->outcomes.size() == 1);
  return finished->outcomes.front();
}

std::string encode_one(JobOutcome o) { return encode_finished(FinishedEvent{{std::move(o)}}); }

}  // namespace

TEST_CASE("a started event carries every start it batches", "[event_messages]") {
  auto e = decode_event(encode_started({{{"chat_1", 3}, {"chat_2", 1}}}));
  REQUIRE(e.has_value());
  auto* started = std::get_if<StartedEvent>(&*e);
  REQUIRE(started);
  REQUIRE(started->jobs.size() == 2);
  CHECK(started->jobs[0].job_id == "chat_1");
  CHECK(started->jobs[0].attempt == 3);
  CHECK(started->jobs[1].job_id == "chat_2");
}

TEST_CASE("a single start from an older worker still reads", "[event_messages]") {
  auto e = decode_event(R"({"type":"started","job_id":"chat_9","attempt":2})");
  REQUIRE(e.has_value());
  auto& started = std::get<StartedEvent>(*e);
  REQUIRE(started.jobs.size() == 1);
  CHECK(started.jobs[0].job_id == "chat_9");
  CHECK(started.jobs[0].attempt == 2);
  CHECK_FALSE(decode_event(R"({"type":"started","jobs":[{"attempt":1}]})").has_value());
}

TEST_CASE("a finished event carries the whole outcome", "[event_messages]") {
  JobOutcome o;
  o.job_id = "chat_2";
  o.attempt = 2;
  o.answer = ChatAnswer{"Here is a cube", std::string("var c = CSG.cube();"), "builtin/parametric",
                        42, {"line 1: require"}};
  auto e = decode_event(encode_one(o));
  REQUIRE(e.has_value());
  const JobOutcome one = only_outcome(*e);
  const JobOutcome* out = &one;
  CHECK(out->job_id == "chat_2");
  CHECK(out->attempt == 2);
  REQUIRE(out->answer);
  CHECK(out->answer->code == std::optional<std::string>("var c = CSG.cube();"));
  CHECK(out->answer->tokens_used == 42);
  CHECK(out->answer->warnings.size() == 1);
}

TEST_CASE("a finished event carries the attempt's run time", "[event_messages]") {
  JobOutcome o;
  o.job_id = "chat_3";
  o.run_ms = 1234;
  o.error = JobError{"provider_error", "timeout", "took too long"};
  auto e = decode_event(encode_one(o));
  REQUIRE(e.has_value());
  CHECK(only_outcome(*e).run_ms == 1234);
  // An outcome from a worker that predates run_ms reads as 0.
  auto old = decode_event(R"({"type":"finished","outcome":{"job_id":"chat_4","attempt":1}})");
  REQUIRE(old.has_value());
  CHECK(only_outcome(*old).run_ms == 0);
}

TEST_CASE("a finished event carries every outcome it batches, in order", "[event_messages]") {
  FinishedEvent batch;
  for (int i = 0; i < 3; ++i) {
    JobOutcome o;
    o.job_id = "chat_" + std::to_string(i);
    o.attempt = i + 1;
    if (i == 1) {
      o.error = JobError{"provider_error", "timeout", "slow"};
    } else {
      o.answer = ChatAnswer{"answer " + std::to_string(i), std::nullopt, "m", i, {}};
    }
    batch.outcomes.push_back(std::move(o));
  }
  auto e = decode_event(encode_finished(batch));
  REQUIRE(e.has_value());
  const auto& outcomes = std::get<FinishedEvent>(*e).outcomes;
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].job_id == "chat_0");
  CHECK(outcomes[0].answer->message == "answer 0");
  CHECK(outcomes[1].error->code == "timeout");
  CHECK_FALSE(outcomes[1].answer);
  CHECK(outcomes[2].attempt == 3);
  CHECK(outcomes[2].answer->tokens_used == 2);
  CHECK_FALSE(decode_event(R"({"type":"finished","outcomes":[{"attempt":1}]})").has_value());
  CHECK_FALSE(decode_event(R"({"type":"finished","outcomes":{}})").has_value());
}

TEST_CASE("a failed outcome keeps its error and retry flag", "[event_messages]") {
  JobOutcome o;
  o.job_id = "chat_3";
  o.error = JobError{"provider_error", "provider_unavailable", "503 from upstream"};
  o.retryable = true;
  auto e = decode_event(encode_one(o));
  REQUIRE(e.has_value());
  const JobOutcome out = only_outcome(*e);
  REQUIRE(out.error);
  CHECK(out.error->code == "provider_unavailable");
  CHECK(out.retryable);
  CHECK_FALSE(out.answer);
}

TEST_CASE("undecodable events are errors, not crashes", "[event_messages]") {
  CHECK_FALSE(decode_event("not json").has_value());
  CHECK_FALSE(decode_event("[1,2]").has_value());
  CHECK_FALSE(decode_event(R"({"type":"exploded"})").has_value());
  CHECK_FALSE(decode_event(R"({"type":"started"})").has_value());
}

TEST_CASE("a job payload round-trips with history and context", "[event_messages]") {
  JobPayload p;
  p.job_id = "chat_4";
  p.model = "gpt-4o";
  p.temperature = 0.2;
  p.message = "make it taller";
  p.history = {{"user", "a cube"}, {"assistant", "ok"}};
  p.context_code = "var x = CSG.sphere();";
  p.attempt = 2;
  auto back = decode_job(encode_job(p));
  REQUIRE(back.has_value());
  CHECK(back->job_id == "chat_4");
  CHECK(back->history.size() == 2);
  CHECK(back->history[1].content == "ok");
  CHECK(back->context_code == p.context_code);
  CHECK(back->temperature == Approx(0.2));
  CHECK(back->attempt == 2);
  CHECK_FALSE(decode_job(R"({"job_id": 5})").has_value());
}

TEST_CASE("a finished batch is the text Boost.JSON wrote for it before", "[event_messages]") {
  FinishedEvent batch;
  batch.outcomes.push_back(JobOutcome{
      "chat_1", 1, ChatAnswer{"a \"cube\"", std::string("cube();\n"), "m", 3, {}}, std::nullopt,
      false});
  batch.outcomes.push_back(
      JobOutcome{"chat_2", 2, std::nullopt, JobError{"provider_error", "timeout", "slow"}, true});
  namespace bj = boost::json;
  // The encoding of releases before the text writer: older APIs read what newer workers send.
  const std::string before =
      bj::serialize(bj::value{{"type", "finished"}, {"outcomes", bj::value_from(batch.outcomes)}});
  CHECK(encode_finished(batch) == before);
  CHECK(encode_finished(FinishedEvent{}) == R"({"type":"finished","outcomes":[]})");
}
