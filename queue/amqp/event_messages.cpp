#include "queue/amqp/event_messages.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>

#include "common/job_json.hpp"
#include "common/json_fields.hpp"

namespace genx3d::amqp {
namespace bj = boost::json;

namespace {

// The body as a JSON object, or an error message.
boost::system::result<bj::value, std::string> parse_object(std::string_view body) {
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec);
  if (ec || !v.is_object()) return {boost::system::in_place_error, "not a JSON object"};
  return v;
}

}  // namespace

std::string encode_started(const StartedEvent& e) {
  return bj::serialize(bj::value{
      {"type", "started"}, {"job_id", json_fields::text(e.job_id)}, {"attempt", e.attempt}});
}

std::string encode_finished(const JobOutcome& outcome) {
  return bj::serialize(bj::value{{"type", "finished"}, {"outcome", bj::value_from(outcome)}});
}

boost::system::result<JobEvent, std::string> decode_event(std::string_view body) {
  auto v = parse_object(body);
  if (!v) return {boost::system::in_place_error, v.error()};
  const bj::object& o = v->get_object();
  try {
    const auto type = json_fields::get_or<std::string>(o, "type", "");
    if (type == "started") {
      return JobEvent{StartedEvent{json_fields::required<std::string>(o, "job_id"),
                                   json_fields::get_or(o, "attempt", 1)}};
    }
    if (type == "finished") return JobEvent{bj::value_to<JobOutcome>(o.at("outcome"))};
    return {boost::system::in_place_error, "unknown event type '" + type + "'"};
  } catch (const std::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

std::string encode_job(const JobPayload& job) { return job_json_text(job); }

boost::system::result<JobPayload, std::string> decode_job(std::string_view body) {
  auto v = parse_object(body);
  if (!v) return {boost::system::in_place_error, v.error()};
  try {
    return bj::value_to<JobPayload>(*v);
  } catch (const std::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

}  // namespace genx3d::amqp
