// The messages on genx3d.results: a worker's "started" and "finished" events for one job.
//   {"type": "started", "job_id": "chat_…", "attempt": 1}
//   {"type": "finished", "outcome": {JobOutcome}}
// Jobs on genx3d.jobs (and dead-lettered ones) are JobPayload JSON (common/job_json.hpp).
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <boost/system/result.hpp>

#include "common/job.hpp"

namespace genx3d::amqp {

struct StartedEvent {
  std::string job_id;
  int attempt = 1;
};

using JobEvent = std::variant<StartedEvent, JobOutcome>;

std::string encode_started(const StartedEvent& e);
std::string encode_finished(const JobOutcome& outcome);
boost::system::result<JobEvent, std::string> decode_event(std::string_view body);

std::string encode_job(const JobPayload& job);
boost::system::result<JobPayload, std::string> decode_job(std::string_view body);

}  // namespace genx3d::amqp
