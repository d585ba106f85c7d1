// The messages on genx3d.results: a worker's "started" and "finished" events, each for one or
// more jobs.
//   {"type": "started", "jobs": [{"job_id": "chat_…", "attempt": 1}, …]}
//     (a worker before batched starts sent one: {"type": "started", "job_id": …, "attempt": …})
//   {"type": "finished", "outcomes": [{JobOutcome}, …]}
//     (a worker before batched outcomes sent one: {"type": "finished", "outcome": {JobOutcome}})
// An API reads both forms, so upgrade the APIs before the workers.
// Jobs on genx3d.jobs (and dead-lettered ones) are JobPayload JSON (common/job_json.hpp).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <boost/system/result.hpp>

#include "common/job.hpp"
#include "common/job_queue.hpp"

namespace genx3d::amqp {

// The attempts one worker saw running past the announcement delay at one moment.
struct StartedEvent {
  std::vector<StartedJob> jobs;
};

// The outcomes one worker had ready while its previous ones awaited the broker (OutcomeBatcher).
struct FinishedEvent {
  std::vector<JobOutcome> outcomes;
};

using JobEvent = std::variant<StartedEvent, FinishedEvent>;

std::string encode_started(const StartedEvent& e);
std::string encode_finished(const FinishedEvent& e);
boost::system::result<JobEvent, std::string> decode_event(std::string_view body);

std::string encode_job(const JobPayload& job);
boost::system::result<JobPayload, std::string> decode_job(std::string_view body);

}  // namespace genx3d::amqp
