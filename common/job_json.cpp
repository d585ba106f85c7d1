#include "common/job_json.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/json_fields.hpp"
#include "common/json_writer.hpp"
#include "common/validation_json.hpp"

namespace genx3d {
namespace bj = boost::json;
using json_fields::get_optional;
using json_fields::get_or;
using json_fields::or_null;
using json_fields::required;
using json_fields::text;

namespace {

void put_optional(bj::object& o, std::string_view key, const std::optional<std::string>& v) {
  if (v) o.emplace(key, text(*v));
}

template <class T>
T parse_as(std::string_view s) {
  return bj::value_to<T>(bj::parse(s));
}

}  // namespace

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const ChatTurn& v) {
  jv = {{"role", text(v.role)}, {"content", text(v.content)}};
}
ChatTurn tag_invoke(const bj::value_to_tag<ChatTurn>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  return {required<std::string>(o, "role"), required<std::string>(o, "content")};
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const JobPayload& v) {
  bj::object& o = jv.emplace_object();
  o.reserve(11);
  o.emplace("job_id", text(v.job_id));
  o.emplace("model", text(v.model));
  o.emplace("temperature", json_fields::number(v.temperature));
  o.emplace("message", text(v.message));
  o.emplace("history", bj::value_from(v.history));
  o.emplace("attempt", v.attempt);
  put_optional(o, "context_id", v.context_id);
  put_optional(o, "context_name", v.context_name);
  put_optional(o, "context_code", v.context_code);
  put_optional(o, "batch_id", v.batch_id);
  put_optional(o, "batch_owner", v.batch_owner);
}
JobPayload tag_invoke(const bj::value_to_tag<JobPayload>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  JobPayload v;
  v.job_id = required<std::string>(o, "job_id");
  v.model = required<std::string>(o, "model");
  v.temperature = get_or(o, "temperature", 0.7);
  v.message = required<std::string>(o, "message");
  v.history = get_or(o, "history", std::vector<ChatTurn>{});
  v.attempt = get_or(o, "attempt", 1);
  get_optional(o, "context_id", v.context_id);
  get_optional(o, "context_name", v.context_name);
  get_optional(o, "context_code", v.context_code);
  get_optional(o, "batch_id", v.batch_id);
  get_optional(o, "batch_owner", v.batch_owner);
  return v;
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const JobError& v) {
  jv = {{"type", text(v.type)}, {"code", text(v.code)}, {"message", text(v.message)}};
}
JobError tag_invoke(const bj::value_to_tag<JobError>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  return {get_or<std::string>(o, "type", "internal_error"),
          get_or<std::string>(o, "code", "internal_error"), get_or<std::string>(o, "message", "")};
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const ChatAnswer& v) {
  bj::object& o = jv.emplace_object();
  o.reserve(7);
  o.emplace("message", text(v.message));
  o.emplace("code", or_null(v.code));
  o.emplace("model_used", text(v.model_used));
  o.emplace("tokens_used", v.tokens_used);
  o.emplace("warnings", json_fields::texts(v.warnings));
  if (v.validation) o.emplace("validation", bj::value_from(*v.validation));
  if (!v.attempts.empty()) o.emplace("code_attempts", bj::value_from(v.attempts));
}
ChatAnswer tag_invoke(const bj::value_to_tag<ChatAnswer>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  ChatAnswer v;
  v.message = required<std::string>(o, "message");
  get_optional(o, "code", v.code);
  v.model_used = required<std::string>(o, "model_used");
  v.tokens_used = get_or(o, "tokens_used", std::int64_t{0});
  v.warnings = get_or(o, "warnings", std::vector<std::string>{});
  get_optional(o, "validation", v.validation);
  v.attempts = get_or(o, "code_attempts", std::vector<CodeAttempt>{});
  return v;
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const JobOutcome& v) {
  bj::object& o = jv.emplace_object();
  o.reserve(6);
  o.emplace("job_id", text(v.job_id));
  o.emplace("attempt", v.attempt);
  o.emplace("retryable", v.retryable);
  o.emplace("run_ms", v.run_ms);
  if (v.answer) o.emplace("answer", bj::value_from(*v.answer));
  if (v.error) o.emplace("error", bj::value_from(*v.error));
}
JobOutcome tag_invoke(const bj::value_to_tag<JobOutcome>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  JobOutcome v;
  v.job_id = required<std::string>(o, "job_id");
  v.attempt = get_or(o, "attempt", 1);
  v.retryable = get_or(o, "retryable", false);
  v.run_ms = get_or(o, "run_ms", std::int64_t{0});
  get_optional(o, "answer", v.answer);
  get_optional(o, "error", v.error);
  return v;
}

// The text forms below write the same members, in the same order, as the value_from
// conversions above (tests compare them byte for byte); see common/json_writer.hpp for why.
namespace {

void write_optional(JsonWriter& w, std::string_view key, const std::optional<std::string>& v) {
  if (v) w.key(key).string(*v);
}

void write_json(JsonWriter& w, const JobPayload& v) {
  w.begin_object();
  w.key("job_id").string(v.job_id);
  w.key("model").string(v.model);
  w.key("temperature").number(v.temperature);
  w.key("message").string(v.message);
  w.key("history").begin_array();
  for (const ChatTurn& turn : v.history) {
    w.begin_object().key("role").string(turn.role).key("content").string(turn.content);
    w.end_object();
  }
  w.end_array();
  w.key("attempt").integer(v.attempt);
  write_optional(w, "context_id", v.context_id);
  write_optional(w, "context_name", v.context_name);
  write_optional(w, "context_code", v.context_code);
  write_optional(w, "batch_id", v.batch_id);
  write_optional(w, "batch_owner", v.batch_owner);
  w.end_object();
}

void write_json(JsonWriter& w, const JobError& v) {
  w.begin_object().key("type").string(v.type).key("code").string(v.code);
  w.key("message").string(v.message).end_object();
}

void write_json(JsonWriter& w, const ChatAnswer& v) {
  w.begin_object();
  w.key("message").string(v.message);
  w.key("code").string_or_null(v.code);
  w.key("model_used").string(v.model_used);
  w.key("tokens_used").integer(v.tokens_used);
  w.key("warnings").begin_array();
  for (const std::string& warning : v.warnings) w.string(warning);
  w.end_array();
  if (v.validation) write_json(w.key("validation"), *v.validation);
  if (!v.attempts.empty()) {
    w.key("code_attempts").begin_array();
    for (const CodeAttempt& attempt : v.attempts) write_json(w, attempt);
    w.end_array();
  }
  w.end_object();
}

std::size_t payload_size_hint(const JobPayload& v) {
  std::size_t n = 192 + v.message.size();
  for (const ChatTurn& turn : v.history) n += 32 + turn.content.size();
  if (v.context_code) n += v.context_code->size();
  return n;
}

std::size_t answer_size_hint(const ChatAnswer& v) {
  std::size_t n = 160 + v.message.size() + (v.code ? v.code->size() : 0);
  for (const std::string& warning : v.warnings) n += 8 + warning.size();
  if (v.validation) n += 320;
  for (const CodeAttempt& attempt : v.attempts) n += 96 + (attempt.code ? attempt.code->size() : 0);
  return n;
}

}  // namespace

void write_json(JsonWriter& w, const JobOutcome& v) {
  w.begin_object();
  w.key("job_id").string(v.job_id);
  w.key("attempt").integer(v.attempt);
  w.key("retryable").boolean(v.retryable);
  w.key("run_ms").integer(v.run_ms);
  if (v.answer) write_json(w.key("answer"), *v.answer);
  if (v.error) write_json(w.key("error"), *v.error);
  w.end_object();
}

std::size_t json_size_hint(const JobOutcome& v) {
  return 96 + (v.answer ? answer_size_hint(*v.answer) : 0) +
         (v.error ? 64 + v.error->message.size() : 0);
}

std::string job_json_text(const JobPayload& v) {
  JsonWriter w(payload_size_hint(v));
  write_json(w, v);
  return w.take();
}

std::string job_json_text(const JobError& v) {
  JsonWriter w(64 + v.message.size());
  write_json(w, v);
  return w.take();
}

std::string job_json_text(const ChatAnswer& v) {
  JsonWriter w(answer_size_hint(v));
  write_json(w, v);
  return w.take();
}

JobPayload parse_job_payload(std::string_view s) { return parse_as<JobPayload>(s); }
JobError parse_job_error(std::string_view s) { return parse_as<JobError>(s); }
ChatAnswer parse_chat_answer(std::string_view s) { return parse_as<ChatAnswer>(s); }

}  // namespace genx3d
