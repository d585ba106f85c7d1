#include "api/job_view.hpp"

#include "common/clock.hpp"
#include "common/json_writer.hpp"
#include "common/job_json.hpp"

namespace genx3d::api {

namespace {

// These bodies are written as text into one string, not built as a boost::json::object and
// then serialized: every job renders one or two of them, and building the object (a node and
// a copy per member) cost ~31k instructions per long-poll answer, ~6% of embedded mode's total
// (callgrind). The answer, the largest part, is spliced in as the store wrote it.
void write_time(JsonWriter& w, std::int64_t ms) { w.string(format_rfc3339(ms)); }
void write_time(JsonWriter& w, const std::optional<std::int64_t>& ms) {
  if (ms) {
    write_time(w, *ms);
  } else {
    w.null();
  }
}

// The answer's JSON form (common/job_json.hpp: message, code, model_used, tokens_used,
// warnings, validation, code_attempts) plus the job's identity and time.
std::string chat_response(const Job& job) {
  const std::string fresh = job.answer_json.empty() ? job_json_text(*job.answer) : std::string();
  const std::string& answer = job.answer_json.empty() ? fresh : job.answer_json;
  JsonWriter out(answer.size() + 160);
  out.begin_object().members_of(answer).key("id").string(job.id);
  write_time(out.key("timestamp"), job.finished_at_ms.value_or(job.created_at_ms));
  out.key("session_id").string(job.session_id);
  return out.end_object().take();
}

// Left open, so a caller can add members.
JsonWriter job_object(const Job& job) {
  const bool succeeded = job.state == JobState::succeeded && job.answer;
  const bool failed = job.state == JobState::failed && job.error;
  const std::string result = succeeded ? chat_response(job) : "null";
  const std::string error = failed ? job_json_text(*job.error) : "null";  // as stored
  JsonWriter out(result.size() + error.size() + 320);
  out.begin_object();
  out.key("id").string(job.id);
  out.key("object").string("chat.job");
  out.key("status").string(to_string(job.state));
  out.key("session_id").string(job.session_id);
  out.key("model").string(job.payload.model);
  write_time(out.key("created_at"), job.created_at_ms);
  write_time(out.key("started_at"), job.started_at_ms);
  write_time(out.key("finished_at"), job.finished_at_ms);
  out.key("attempts").integer(job.attempts);
  out.key("result").raw(result);
  out.key("error").raw(error);
  return out;
}

}  // namespace

std::string chat_response_text(const Job& job) { return chat_response(job); }

nlohmann::json chat_response_json(const Job& job) {
  return nlohmann::json::parse(chat_response(job));
}

std::string job_object_text(const Job& job) { return job_object(job).end_object().take(); }

std::string job_object_text(const Job& job, const JobPhases* phases) {
  JsonWriter out = job_object(job);
  std::string phase(to_string(job.state));
  if (job.state == JobState::running && phases) phase = phases->get(job.id).value_or(phase);
  out.key("phase").string(phase);
  return out.end_object().take();
}

}  // namespace genx3d::api
