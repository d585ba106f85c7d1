#include "queue/amqp/event_messages.hpp"

#include <nlohmann/json.hpp>

#include "common/job_json.hpp"

namespace genx3d::amqp {

using nlohmann::json;

std::string encode_started(const StartedEvent& e) {
  return json{{"type", "started"}, {"job_id", e.job_id}, {"attempt", e.attempt}}.dump();
}

std::string encode_finished(const JobOutcome& outcome) {
  return json{{"type", "finished"}, {"outcome", outcome}}.dump(
      -1, ' ', false, json::error_handler_t::replace);
}

boost::system::result<JobEvent, std::string> decode_event(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {boost::system::in_place_error, "not a JSON object"};
  try {
    const std::string type = j.value("type", "");
    if (type == "started") {
      return JobEvent{StartedEvent{j.at("job_id").get<std::string>(), j.value("attempt", 1)}};
    }
    if (type == "finished") return JobEvent{j.at("outcome").get<JobOutcome>()};
    return {boost::system::in_place_error, "unknown event type '" + type + "'"};
  } catch (const json::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

std::string encode_job(const JobPayload& job) {
  return json(job).dump(-1, ' ', false, json::error_handler_t::replace);
}

boost::system::result<JobPayload, std::string> decode_job(std::string_view body) {
  json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {boost::system::in_place_error, "not a JSON object"};
  try {
    return j.get<JobPayload>();
  } catch (const json::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

}  // namespace genx3d::amqp
