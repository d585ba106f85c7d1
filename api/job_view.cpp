#include "api/job_view.hpp"

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>

#include "common/clock.hpp"
#include "common/validation_json.hpp"

namespace genx3d::api {
namespace {

// The validation types have one JSON form, in Boost.JSON (common/validation_json.hpp, shared
// with the queue and the store); response bodies are nlohmann documents, so it is copied across.
nlohmann::json from_boost(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return nullptr;
    case boost::json::kind::bool_: return v.get_bool();
    case boost::json::kind::int64: return v.get_int64();
    case boost::json::kind::uint64: return v.get_uint64();
    case boost::json::kind::double_: return v.get_double();
    case boost::json::kind::string: return std::string(v.get_string());
    case boost::json::kind::array: {
      nlohmann::json a = nlohmann::json::array();
      for (const auto& e : v.get_array()) a.push_back(from_boost(e));
      return a;
    }
    case boost::json::kind::object: {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [key, e] : v.get_object()) o[std::string(key)] = from_boost(e);
      return o;
    }
  }
  return nullptr;
}

nlohmann::json optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? nlohmann::json(format_rfc3339(*ms)) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json chat_response_json(const Job& job) {
  const ChatAnswer& a = *job.answer;
  nlohmann::json r = {{"id", job.id},
                      {"message", a.message},
                      {"code", a.code ? nlohmann::json(*a.code) : nlohmann::json(nullptr)},
                      {"timestamp", format_rfc3339(job.finished_at_ms.value_or(job.created_at_ms))},
                      {"session_id", job.session_id},
                      {"model_used", a.model_used},
                      {"tokens_used", a.tokens_used},
                      {"warnings", a.warnings}};
  if (a.validation) r["validation"] = from_boost(boost::json::value_from(*a.validation));
  if (!a.attempts.empty()) r["code_attempts"] = from_boost(boost::json::value_from(a.attempts));
  return r;
}

nlohmann::json job_object_json(const Job& job) {
  nlohmann::json j = {{"id", job.id},
                      {"object", "chat.job"},
                      {"status", to_string(job.state)},
                      {"session_id", job.session_id},
                      {"model", job.payload.model},
                      {"created_at", format_rfc3339(job.created_at_ms)},
                      {"started_at", optional_time(job.started_at_ms)},
                      {"finished_at", optional_time(job.finished_at_ms)},
                      {"attempts", job.attempts},
                      {"result", nullptr},
                      {"error", nullptr}};
  if (job.state == JobState::succeeded && job.answer) j["result"] = chat_response_json(job);
  if (job.state == JobState::failed && job.error) {
    j["error"] = {{"message", job.error->message},
                  {"type", job.error->type},
                  {"code", job.error->code}};
  }
  return j;
}

nlohmann::json job_object_json(const Job& job, const JobPhases* phases) {
  nlohmann::json j = job_object_json(job);
  std::string phase(to_string(job.state));
  if (job.state == JobState::running) phase = "running";
  if (job.state == JobState::running && phases) phase = phases->get(job.id).value_or(phase);
  j["phase"] = phase;
  return j;
}

}  // namespace genx3d::api
