// JSON forms of the validation types (common/validation.hpp), for the queue, store and API.
#pragma once

#include "common/validation.hpp"

#include <nlohmann/json_fwd.hpp>

namespace genx3d {

void to_json(nlohmann::json& j, const CodeError& v);
void from_json(const nlohmann::json& j, CodeError& v);
void to_json(nlohmann::json& j, const DimensionCheck& v);
void from_json(const nlohmann::json& j, DimensionCheck& v);
void to_json(nlohmann::json& j, const Validation& v);
void from_json(const nlohmann::json& j, Validation& v);
void to_json(nlohmann::json& j, const CodeAttempt& v);
void from_json(const nlohmann::json& j, CodeAttempt& v);

}  // namespace genx3d
