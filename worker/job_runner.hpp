// Runs one chat job: prompt -> provider (with fallbacks) -> post-processing -> outcome.
#pragma once

#include <boost/asio/awaitable.hpp>

#include "common/job.hpp"
#include "worker/provider_router.hpp"

namespace genx3d::worker {

// Thread safety: stateless apart from the router; run() may be called concurrently.
class JobRunner {
 public:
  explicit JobRunner(const ProviderRouter& router) : router_(router) {}
  boost::asio::awaitable<JobOutcome> run(const JobPayload& job) const;

 private:
  const ProviderRouter& router_;
};

// The answer a client sees, from a model's raw text (code extracted and checked).
ChatAnswer make_answer(const Completion& completion);

}  // namespace genx3d::worker
