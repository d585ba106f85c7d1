#include "common/job_json.hpp"

#include <nlohmann/json.hpp>

#include "common/validation_json.hpp"

namespace genx3d {
namespace {

template <class T>
void put_optional(nlohmann::json& j, const char* key, const std::optional<T>& v) {
  if (v) j[key] = *v;
}

template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& v) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) v = it->template get<T>();
}

}  // namespace

void to_json(nlohmann::json& j, const ChatTurn& v) {
  j = {{"role", v.role}, {"content", v.content}};
}
void from_json(const nlohmann::json& j, ChatTurn& v) {
  j.at("role").get_to(v.role);
  j.at("content").get_to(v.content);
}

void to_json(nlohmann::json& j, const JobPayload& v) {
  j = {{"job_id", v.job_id},   {"model", v.model},     {"temperature", v.temperature},
       {"message", v.message}, {"history", v.history}, {"attempt", v.attempt}};
  put_optional(j, "context_id", v.context_id);
  put_optional(j, "context_name", v.context_name);
  put_optional(j, "context_code", v.context_code);
  put_optional(j, "batch_id", v.batch_id);
  put_optional(j, "batch_owner", v.batch_owner);
}
void from_json(const nlohmann::json& j, JobPayload& v) {
  j.at("job_id").get_to(v.job_id);
  j.at("model").get_to(v.model);
  v.temperature = j.value("temperature", 0.7);
  j.at("message").get_to(v.message);
  v.history = j.value("history", std::vector<ChatTurn>{});
  v.attempt = j.value("attempt", 1);
  get_optional(j, "context_id", v.context_id);
  get_optional(j, "context_name", v.context_name);
  get_optional(j, "context_code", v.context_code);
  get_optional(j, "batch_id", v.batch_id);
  get_optional(j, "batch_owner", v.batch_owner);
}

void to_json(nlohmann::json& j, const JobError& v) {
  j = {{"type", v.type}, {"code", v.code}, {"message", v.message}};
}
void from_json(const nlohmann::json& j, JobError& v) {
  v.type = j.value("type", "internal_error");
  v.code = j.value("code", "internal_error");
  v.message = j.value("message", "");
}

void to_json(nlohmann::json& j, const ChatAnswer& v) {
  j = {{"message", v.message},
       {"code", v.code ? nlohmann::json(*v.code) : nlohmann::json(nullptr)},
       {"model_used", v.model_used},
       {"tokens_used", v.tokens_used},
       {"warnings", v.warnings}};
  put_optional(j, "validation", v.validation);
  if (!v.attempts.empty()) j["code_attempts"] = v.attempts;
}
void from_json(const nlohmann::json& j, ChatAnswer& v) {
  j.at("message").get_to(v.message);
  get_optional(j, "code", v.code);
  j.at("model_used").get_to(v.model_used);
  v.tokens_used = j.value("tokens_used", std::int64_t{0});
  v.warnings = j.value("warnings", std::vector<std::string>{});
  get_optional(j, "validation", v.validation);
  v.attempts = j.value("code_attempts", std::vector<CodeAttempt>{});
}

void to_json(nlohmann::json& j, const JobOutcome& v) {
  j = {{"job_id", v.job_id}, {"attempt", v.attempt}, {"retryable", v.retryable},
       {"run_ms", v.run_ms}};
  put_optional(j, "answer", v.answer);
  put_optional(j, "error", v.error);
}
void from_json(const nlohmann::json& j, JobOutcome& v) {
  j.at("job_id").get_to(v.job_id);
  v.attempt = j.value("attempt", 1);
  v.retryable = j.value("retryable", false);
  v.run_ms = j.value("run_ms", std::int64_t{0});
  get_optional(j, "answer", v.answer);
  get_optional(j, "error", v.error);
}

}  // namespace genx3d
