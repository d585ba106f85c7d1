// How jobs and their answers look on the wire: the seed's Chat Response Object and our Job
// Object (schemas/chat-response.schema.json, schemas/job.schema.json).
#pragma once

#include <nlohmann/json.hpp>

#include "common/job.hpp"

namespace genx3d::api {

// The Chat Response Object of a succeeded job.
nlohmann::json chat_response_json(const Job& job);

// The Job Object: status, timestamps, attempts, and the result or error once final.
nlohmann::json job_object_json(const Job& job);

}  // namespace genx3d::api
