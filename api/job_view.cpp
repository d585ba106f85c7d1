#include "api/job_view.hpp"

#include "common/clock.hpp"
#include "common/validation_json.hpp"

namespace genx3d::api {
namespace {

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
  if (a.validation) r["validation"] = *a.validation;
  if (!a.attempts.empty()) r["code_attempts"] = a.attempts;
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
