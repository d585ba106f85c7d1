#include "api/job_view.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

#include "common/clock.hpp"
#include "common/json_fields.hpp"
#include "common/job_json.hpp"
#include "common/utf8.hpp"

namespace genx3d::api {
namespace bj = boost::json;

namespace {

// These bodies are written as text into one string, not built as a boost::json::object and
// then serialized: every job renders one or two of them, and building the object (a node and
// a copy per member) cost ~31k instructions per long-poll answer, ~6% of embedded mode's total
// (callgrind). The answer, the largest part, is spliced in as the store wrote it.
class JsonText {
 public:
  explicit JsonText(std::size_t reserve) { out_.reserve(reserve); }

  // A string as json_fields::text gives it: escaped by Boost.JSON's serializer, and invalid
  // UTF-8 replaced.
  JsonText& string(std::string_view s) {
    if (!valid_utf8(s)) {
      out_ += bj::serialize(json_fields::text(s));
    } else if (std::none_of(s.begin(), s.end(), needs_escape)) {
      out_.append(1, '"').append(s).append(1, '"');
    } else {
      bj::serializer sr;
      sr.reset(s);
      char buf[1024];
      while (!sr.done()) out_.append(sr.read(buf));
    }
    return *this;
  }
  JsonText& key(std::string_view k) {
    out_.append(out_.empty() ? "{\"" : ",\"").append(k).append("\":");
    return *this;
  }
  JsonText& raw(std::string_view s) {
    out_.append(s);
    return *this;
  }
  JsonText& time(std::int64_t ms) { return string(format_rfc3339(ms)); }
  JsonText& time(const std::optional<std::int64_t>& ms) { return ms ? time(*ms) : raw("null"); }
  // A JSON object's members without its braces, so more can follow them.
  JsonText& members_of(std::string_view object) {
    object.remove_prefix(1);
    object.remove_suffix(1);
    if (!object.empty()) out_.append(object).append(1, ',');
    return *this;
  }
  std::string finish() {
    out_ += '}';
    return std::move(out_);
  }

 private:
  static bool needs_escape(char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
  }
  std::string out_;
};

// The answer's JSON form (common/job_json.hpp: message, code, model_used, tokens_used,
// warnings, validation, code_attempts) plus the job's identity and time.
std::string chat_response(const Job& job) {
  const std::string fresh = job.answer_json.empty() ? job_json_text(*job.answer) : std::string();
  const std::string& answer = job.answer_json.empty() ? fresh : job.answer_json;
  JsonText out(answer.size() + 160);
  out.raw("{").members_of(answer).raw("\"id\":").string(job.id);
  out.key("timestamp").time(job.finished_at_ms.value_or(job.created_at_ms));
  out.key("session_id").string(job.session_id);
  return out.finish();
}

JsonText job_object(const Job& job) {
  const bool succeeded = job.state == JobState::succeeded && job.answer;
  const bool failed = job.state == JobState::failed && job.error;
  const std::string result = succeeded ? chat_response(job) : "null";
  const std::string error = failed ? job_json_text(*job.error) : "null";  // as stored
  JsonText out(result.size() + error.size() + 320);
  out.key("id").string(job.id);
  out.key("object").raw("\"chat.job\"");
  out.key("status").string(to_string(job.state));
  out.key("session_id").string(job.session_id);
  out.key("model").string(job.payload.model);
  out.key("created_at").time(job.created_at_ms);
  out.key("started_at").time(job.started_at_ms);
  out.key("finished_at").time(job.finished_at_ms);
  out.key("attempts").raw(std::to_string(job.attempts));
  out.key("result").raw(result);
  out.key("error").raw(error);
  return out;
}

}  // namespace

std::string chat_response_text(const Job& job) { return chat_response(job); }

nlohmann::json chat_response_json(const Job& job) {
  return nlohmann::json::parse(chat_response(job));
}

std::string job_object_text(const Job& job) { return job_object(job).finish(); }

std::string job_object_text(const Job& job, const JobPhases* phases) {
  JsonText out = job_object(job);
  std::string phase(to_string(job.state));
  if (job.state == JobState::running && phases) phase = phases->get(job.id).value_or(phase);
  out.key("phase").string(phase);
  return out.finish();
}

}  // namespace genx3d::api
