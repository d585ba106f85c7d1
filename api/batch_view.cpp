#include "api/batch_view.hpp"

#include "api/job_view.hpp"
#include "common/clock.hpp"

namespace genx3d::api {
namespace {

nlohmann::json optional_time(const std::optional<std::int64_t>& ms) {
  return ms ? nlohmann::json(format_rfc3339(*ms)) : nlohmann::json(nullptr);
}

nlohmann::json counts_json(const BatchCounts& c) {
  return {{"total", c.total},         {"queued", c.queued}, {"running", c.running},
          {"succeeded", c.succeeded}, {"failed", c.failed}, {"cancelled", c.cancelled}};
}

nlohmann::json error_json(const Job& job) {
  if (job.state == JobState::cancelled) {
    return {{"message", "The job was cancelled"},
            {"type", "invalid_request_error"},
            {"code", "job_cancelled"}};
  }
  JobError e = job.error.value_or(JobError{"internal_error", "internal_error", "The job failed"});
  return {{"message", e.message}, {"type", e.type}, {"code", e.code}};
}

}  // namespace

nlohmann::json batch_object_json(const BatchRecord& batch) {
  nlohmann::json metadata = nullptr;
  if (batch.metadata) {
    metadata = nlohmann::json::parse(*batch.metadata, nullptr, false);
    if (metadata.is_discarded()) metadata = nullptr;
  }
  return {{"id", batch.id},
          {"object", "batch"},
          {"status", to_string(batch_status(batch))},
          {"request_counts", counts_json(batch.counts)},
          {"created_at", format_rfc3339(batch.created_at_ms)},
          {"cancel_requested_at", optional_time(batch.cancel_requested_at_ms)},
          {"finished_at", optional_time(batch.finished_at_ms)},
          {"metadata", metadata},
          {"results_url", "/api/v1/batches/" + batch.id + "/results"}};
}

nlohmann::json batch_result_line_json(const BatchResultRow& row) {
  const Job& job = row.job;
  const bool ok = job.state == JobState::succeeded && job.answer;
  return {{"custom_id", row.custom_id},
          {"job_id", job.id},
          {"status", to_string(job.state)},
          {"response", ok ? chat_response_json(job) : nlohmann::json(nullptr)},
          {"error", ok ? nlohmann::json(nullptr) : error_json(job)}};
}

}  // namespace genx3d::api
