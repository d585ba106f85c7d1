#include "api/job_view.hpp"

#include <catch2/catch.hpp>

#include <boost/json.hpp>

#include "common/clock.hpp"
#include "common/json_fields.hpp"
#include "common/job_json.hpp"

using namespace genx3d;
using namespace genx3d::api;
namespace bj = boost::json;

namespace {

ChatAnswer sample_answer() {
  ChatAnswer a;
  a.message = "Here is a \"gear\":\n```js\nfunction main() {}\n```\tdone \\ ok \x01";
  a.code = "function main() {\n  return cube();\n}";
  a.model_used = "gpt-4o-mini";
  a.tokens_used = 321;
  a.warnings = {"uses require()", "line\nbreak"};
  Validation v;
  v.ok = true;
  v.polygons = 12;
  v.bbox_max = {10.5, 20.25, 1e-3};
  v.volume = 1234.567;
  a.validation = v;
  a.attempts = {CodeAttempt{std::string("x"), CodeError{"syntax", "bad", 1, 2}}};
  return a;
}

Job finished_job() {
  Job job;
  job.id = "job_abc";
  job.session_id = "session \"one\"";
  job.payload.model = "gpt-4o-mini";
  job.state = JobState::succeeded;
  job.answer = sample_answer();
  job.attempts = 2;
  job.created_at_ms = 1'700'000'000'123;
  job.started_at_ms = 1'700'000'000'200;
  job.finished_at_ms = 1'700'000'001'999;
  return job;
}

bj::value opt_time(const std::optional<std::int64_t>& ms) {
  return ms ? bj::value(format_rfc3339(*ms)) : bj::value(nullptr);
}

// The Job Object as a boost::json document, field by field in the documented order: what the
// text writer must serialize to, byte for byte.
std::string reference_job_object(const Job& job, const std::string& phase) {
  bj::object j;
  j["id"] = json_fields::text(job.id);
  j["object"] = "chat.job";
  j["status"] = to_string(job.state);
  j["session_id"] = json_fields::text(job.session_id);
  j["model"] = json_fields::text(job.payload.model);
  j["created_at"] = format_rfc3339(job.created_at_ms);
  j["started_at"] = opt_time(job.started_at_ms);
  j["finished_at"] = opt_time(job.finished_at_ms);
  j["attempts"] = job.attempts;
  j["result"] = nullptr;
  j["error"] = nullptr;
  if (job.state == JobState::succeeded && job.answer) {
    bj::object r = bj::value_from(*job.answer).as_object();
    r["id"] = json_fields::text(job.id);
    r["timestamp"] = format_rfc3339(job.finished_at_ms.value_or(job.created_at_ms));
    r["session_id"] = json_fields::text(job.session_id);
    j["result"] = std::move(r);
  }
  if (job.state == JobState::failed && job.error) j["error"] = bj::value_from(*job.error);
  j["phase"] = phase;
  return bj::serialize(j);
}

}  // namespace

TEST_CASE("a job object is its documented JSON form, byte for byte", "[job_view]") {
  Job job = finished_job();
  CHECK(job_object_text(job, nullptr) == reference_job_object(job, "succeeded"));

  Job queued = job;
  queued.state = JobState::queued;
  queued.answer.reset();
  queued.started_at_ms.reset();
  queued.finished_at_ms.reset();
  CHECK(job_object_text(queued, nullptr) == reference_job_object(queued, "queued"));

  Job failed = job;
  failed.state = JobState::failed;
  failed.answer.reset();
  failed.error = JobError{"provider_error", "model_not_available", "no \"model\"\n"};
  CHECK(job_object_text(failed, nullptr) == reference_job_object(failed, "failed"));
}

TEST_CASE("the answer the store wrote is spliced in unchanged", "[job_view]") {
  Job job = finished_job();
  const std::string serialized_here = job_object_text(job, nullptr);
  job.answer_json = job_json_text(*job.answer);
  CHECK(job_object_text(job, nullptr) == serialized_here);
  // The spliced text is what goes out, not a fresh serialization of the answer.
  job.answer_json = R"({"message":"as stored","model_used":"m","tokens_used":1,"warnings":[]})";
  bj::value v = bj::parse(job_object_text(job, nullptr));
  CHECK(v.at("result").at("message") == "as stored");
  CHECK(v.at("result").at("id") == "job_abc");
}

TEST_CASE("text that is not UTF-8 comes out repaired, as valid JSON", "[job_view]") {
  Job job = finished_job();
  job.session_id = "s\xff\xfe-1";
  job.payload.model = "m\xc3";
  const std::string text = job_object_text(job, nullptr);
  CHECK(text == reference_job_object(job, "succeeded"));
  bj::value v = bj::parse(text);
  CHECK(v.at("session_id") == "s\xEF\xBF\xBD\xEF\xBF\xBD-1");
  CHECK(v.at("model") == "m\xEF\xBF\xBD");
}

TEST_CASE("a running job's phase comes from the phase board", "[job_view]") {
  Job job = finished_job();
  job.state = JobState::running;
  job.answer.reset();
  job.finished_at_ms.reset();
  JobPhases phases;
  CHECK(bj::parse(job_object_text(job, &phases)).at("phase") == "running");
  phases.set(job.id, "repairing");
  CHECK(job_object_text(job, &phases) == reference_job_object(job, "repairing"));
}

TEST_CASE("the chat response object carries the answer and the job's identity", "[job_view]") {
  Job job = finished_job();
  bj::value r = bj::parse(chat_response_text(job));
  bj::object expected = bj::value_from(*job.answer).as_object();
  expected["id"] = "job_abc";
  expected["timestamp"] = format_rfc3339(*job.finished_at_ms);
  expected["session_id"] = job.session_id;
  CHECK(r == expected);
  CHECK(chat_response_json(job) == nlohmann::json::parse(chat_response_text(job)));
}
