// The lifecycle of a chat job. The diagram lives beside the OpenAPI document:
// schemas/job-states.md.
#pragma once

#include <optional>
#include <string_view>

namespace genx3d {

enum class JobState {
  // Accepted and committed to the store; waiting for a worker. The API moves a job in (submit,
  // or a retry after its worker was lost); a worker's start event moves it out.
  queued,
  // A worker has started it. Only the worker's start event moves a job in; its result (or the
  // cancel endpoint) moves it out.
  running,
  // Final: the worker returned an answer; its messages are in the session history.
  succeeded,
  // Final: the provider or the job failed permanently, or retries were exhausted.
  failed,
  // Final: cancelled by its owner before it finished.
  cancelled,
};

std::string_view to_string(JobState s);
std::optional<JobState> job_state_from_string(std::string_view s);

// Final states never change again; a late or duplicate event for such a job is ignored.
constexpr bool is_final(JobState s) {
  return s == JobState::succeeded || s == JobState::failed || s == JobState::cancelled;
}

// Whether the state machine allows `from -> to`. Store writes guard on this, so a duplicate or
// out-of-order event can never overwrite a final result.
bool is_allowed_transition(JobState from, JobState to);

}  // namespace genx3d
