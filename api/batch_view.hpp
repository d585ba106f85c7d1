// How batches and their results look on the wire (schemas/batch.schema.json,
// schemas/batch-result-line.schema.json).
#pragma once

#include "common/batch.hpp"

#include <nlohmann/json.hpp>

namespace genx3d::api {

// The Batch Object: status, request_counts, timestamps.
nlohmann::json batch_object_json(const BatchRecord& batch);

// One line of GET /batches/{id}/results: custom_id with the Chat Response Object or the error.
nlohmann::json batch_result_line_json(const BatchResultRow& row);

}  // namespace genx3d::api
