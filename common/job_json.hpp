// JSON forms of the job types, used on the queue and in the store.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "common/job.hpp"

namespace genx3d {

void to_json(nlohmann::json& j, const ChatTurn& v);
void from_json(const nlohmann::json& j, ChatTurn& v);
void to_json(nlohmann::json& j, const JobPayload& v);
void from_json(const nlohmann::json& j, JobPayload& v);
void to_json(nlohmann::json& j, const JobError& v);
void from_json(const nlohmann::json& j, JobError& v);
void to_json(nlohmann::json& j, const ChatAnswer& v);
void from_json(const nlohmann::json& j, ChatAnswer& v);
void to_json(nlohmann::json& j, const JobOutcome& v);
void from_json(const nlohmann::json& j, JobOutcome& v);

}  // namespace genx3d
