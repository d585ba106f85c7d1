#include "api/job_view.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "common/clock.hpp"
#include "common/json_fields.hpp"
#include "common/job_json.hpp"

namespace genx3d::api {
namespace bj = boost::json;
using json_fields::text;

namespace {

bj::value optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? bj::value(format_rfc3339(*ms)) : bj::value(nullptr);
}

// The answer's own JSON form (common/job_json.hpp: message, code, model_used, tokens_used,
// warnings, validation, code_attempts) plus the job's identity and time.
bj::object chat_response_object(const Job& job) {
  bj::value r = bj::value_from(*job.answer);
  bj::object& o = r.as_object();
  o.emplace("id", text(job.id));
  o.emplace("timestamp", format_rfc3339(job.finished_at_ms.value_or(job.created_at_ms)));
  o.emplace("session_id", text(job.session_id));
  return std::move(o);
}

bj::object job_object(const Job& job) {
  bj::object j;
  j.reserve(13);
  j.emplace("id", text(job.id));
  j.emplace("object", "chat.job");
  j.emplace("status", to_string(job.state));
  j.emplace("session_id", text(job.session_id));
  j.emplace("model", text(job.payload.model));
  j.emplace("created_at", format_rfc3339(job.created_at_ms));
  j.emplace("started_at", optional_time(job.started_at_ms));
  j.emplace("finished_at", optional_time(job.finished_at_ms));
  j.emplace("attempts", job.attempts);
  j.emplace("result", nullptr);
  j.emplace("error", nullptr);
  if (job.state == JobState::succeeded && job.answer) j["result"] = chat_response_object(job);
  if (job.state == JobState::failed && job.error) {
    j["error"] = bj::value_from(*job.error);  // message, type and code, as stored
  }
  return j;
}

// For bodies that stay nlohmann documents and embed a Chat Response Object.
nlohmann::json to_nlohmann(const bj::value& v) {
  switch (v.kind()) {
    case bj::kind::null: return nullptr;
    case bj::kind::bool_: return v.get_bool();
    case bj::kind::int64: return v.get_int64();
    case bj::kind::uint64: return v.get_uint64();
    case bj::kind::double_: return v.get_double();
    case bj::kind::string: return std::string(v.get_string());
    case bj::kind::array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : v.get_array()) a.push_back(to_nlohmann(e));
      return a;
    }
    case bj::kind::object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [key, e] : v.get_object()) o[std::string(key)] = to_nlohmann(e);
      return o;
    }
  }
  return nullptr;
}

}  // namespace

std::string chat_response_text(const Job& job) {
  return bj::serialize(chat_response_object(job));
}

nlohmann::json chat_response_json(const Job& job) {
  return to_nlohmann(chat_response_object(job));
}

std::string job_object_text(const Job& job) { return bj::serialize(job_object(job)); }

std::string job_object_text(const Job& job, const JobPhases* phases) {
  bj::object j = job_object(job);
  std::string phase(to_string(job.state));
  if (job.state == JobState::running && phases) phase = phases->get(job.id).value_or(phase);
  j.emplace("phase", std::move(phase));
  return bj::serialize(j);
}

}  // namespace genx3d::api
