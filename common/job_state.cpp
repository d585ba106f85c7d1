#include "common/job_state.hpp"

namespace genx3d {

std::string_view to_string(JobState s) {
  switch (s) {
    case JobState::queued: return "queued";
    case JobState::running: return "running";
    case JobState::succeeded: return "succeeded";
    case JobState::failed: return "failed";
    case JobState::cancelled: return "cancelled";
  }
  return "unknown";
}

std::optional<JobState> job_state_from_string(std::string_view s) {
  for (auto st : {JobState::queued, JobState::running, JobState::succeeded, JobState::failed,
                  JobState::cancelled}) {
    if (to_string(st) == s) return st;
  }
  return std::nullopt;
}

bool is_allowed_transition(JobState from, JobState to) {
  switch (from) {
    case JobState::queued:
      // A queued job may also finish directly: a result can overtake its start event.
      return to == JobState::running || to == JobState::cancelled || to == JobState::succeeded ||
             to == JobState::failed;
    case JobState::running:
      return to == JobState::succeeded || to == JobState::failed || to == JobState::cancelled ||
             to == JobState::queued;
    default:
      return false;
  }
}

}  // namespace genx3d
