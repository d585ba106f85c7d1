// How jobs and their answers look on the wire: the seed's Chat Response Object and our Job
// Object (schemas/chat-response.schema.json, schemas/job.schema.json).
#pragma once

#include <nlohmann/json.hpp>

#include "common/job.hpp"
#include "common/job_phases.hpp"

namespace genx3d::api {

// The Chat Response Object of a succeeded job.
nlohmann::json chat_response_json(const Job& job);

// The Job Object: status, timestamps, attempts, and the result or error once final.
nlohmann::json job_object_json(const Job& job);

// The same with `phase`: queued, generating, validating, repairing (from `phases`, the worker's
// in-process board), "running" when the board does not know, or the final status.
nlohmann::json job_object_json(const Job& job, const JobPhases* phases);

}  // namespace genx3d::api
