// Runs one chat job: prompt -> provider (with fallbacks) -> post-processing -> outcome.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <functional>

#include "common/job.hpp"
#include "worker/provider_router.hpp"
#include "worker/validation/code_validator.hpp"

namespace genx3d::worker {

// Thread safety: stateless apart from the router; run() may be called concurrently.
class JobRunner {
 public:
  // Told each phase a job enters ("generating", "validating", "repairing", "done").
  using PhaseListener = std::function<void(const std::string& job_id, std::string_view phase)>;

  explicit JobRunner(const ProviderRouter& router) : router_(router) {}
  // With a validator every answer's code is run, and repaired through the model up to
  // `repair_attempts` times (worker/job_runner_repair.cpp).
  JobRunner(const ProviderRouter& router, CodeValidator& validator, int repair_attempts,
            PhaseListener phases = {})
      : router_(router),
        validator_(&validator),
        repair_attempts_(repair_attempts),
        phases_(std::move(phases)) {}
  boost::asio::awaitable<JobOutcome> run(const JobPayload& job) const;

 private:
  boost::asio::awaitable<JobOutcome> run_with_repairs(const JobPayload& job) const;
  void enter(const JobPayload& job, std::string_view phase) const;

  const ProviderRouter& router_;
  CodeValidator* validator_ = nullptr;
  int repair_attempts_ = 0;
  PhaseListener phases_;
};

// The first request to the model for a job.
CompletionRequest first_request(const JobPayload& job);

// The answer a client sees, from a model's raw text (code extracted and checked).
ChatAnswer make_answer(const Completion& completion);

}  // namespace genx3d::worker
