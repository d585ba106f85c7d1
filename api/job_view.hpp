// How jobs and their answers look on the wire: the seed's Chat Response Object and our Job
// Object (schemas/chat-response.schema.json, schemas/job.schema.json).
// Built with Boost.JSON, not nlohmann::json like the other bodies: every job renders one or two
// of them, and nlohmann's initializer lists and serializer took ~17% of the API's instructions
// (callgrind, distributed burst).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/job.hpp"
#include "common/job_phases.hpp"

namespace genx3d::api {

// The Chat Response Object of a succeeded job, serialized.
std::string chat_response_text(const Job& job);
// The same as a document, for bodies that embed it (batch results).
nlohmann::json chat_response_json(const Job& job);

// The Job Object: status, timestamps, attempts, and the result or error once final.
std::string job_object_text(const Job& job);

// The same with `phase`: queued, generating, validating, repairing (from `phases`, the worker's
// in-process board), "running" when the board does not know, or the final status.
std::string job_object_text(const Job& job, const JobPhases* phases);

}  // namespace genx3d::api
