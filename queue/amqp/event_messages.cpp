#include "queue/amqp/event_messages.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_to.hpp>

#include "common/job_json.hpp"
#include "common/json_fields.hpp"
#include "common/json_writer.hpp"

namespace genx3d::amqp {
namespace bj = boost::json;

namespace {

// The body as a JSON object, or an error message. Its values live in `arena` only until they
// are converted to the job types, so one block per message serves what was an allocation per
// string, array and object.
boost::system::result<bj::value, std::string> parse_object(std::string_view body,
                                                           bj::monotonic_resource& arena) {
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec, &arena);
  if (ec || !v.is_object()) return {boost::system::in_place_error, "not a JSON object"};
  return v;
}

StartedJob started_job(const bj::object& o) {
  return {json_fields::required<std::string>(o, "job_id"), json_fields::get_or(o, "attempt", 1)};
}

StartedEvent decode_started(const bj::object& o) {
  StartedEvent e;
  if (const bj::value* jobs = o.if_contains("jobs")) {
    for (const auto& job : jobs->as_array()) e.jobs.push_back(started_job(job.as_object()));
  } else {
    e.jobs.push_back(started_job(o));  // one start, from a worker before batched starts
  }
  return e;
}

FinishedEvent decode_finished(const bj::object& o) {
  FinishedEvent e;
  if (const bj::value* outcomes = o.if_contains("outcomes")) {
    e.outcomes = bj::value_to<std::vector<JobOutcome>>(*outcomes);
  } else {
    e.outcomes.push_back(bj::value_to<JobOutcome>(o.at("outcome")));  // an older worker's one
  }
  return e;
}

}  // namespace

std::string encode_started(const StartedEvent& e) {
  bj::array jobs;
  jobs.reserve(e.jobs.size());
  for (const auto& job : e.jobs) {
    jobs.push_back({{"job_id", json_fields::text(job.job_id)}, {"attempt", job.attempt}});
  }
  return bj::serialize(bj::value{{"type", "started"}, {"jobs", std::move(jobs)}});
}

std::string encode_finished(const FinishedEvent& e) {
  std::size_t size = 48;
  for (const auto& outcome : e.outcomes) size += json_size_hint(outcome);
  JsonWriter w(size);
  w.begin_object().key("type").string("finished").key("outcomes").begin_array();
  for (const auto& outcome : e.outcomes) write_json(w, outcome);
  w.end_array().end_object();
  return w.take();
}

boost::system::result<JobEvent, std::string> decode_event(std::string_view body) {
  bj::monotonic_resource arena;
  auto v = parse_object(body, arena);
  if (!v) return {boost::system::in_place_error, v.error()};
  const bj::object& o = v->get_object();
  try {
    const auto type = json_fields::get_or<std::string>(o, "type", "");
    if (type == "started") return JobEvent{decode_started(o)};
    if (type == "finished") return JobEvent{decode_finished(o)};
    return {boost::system::in_place_error, "unknown event type '" + type + "'"};
  } catch (const std::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

std::string encode_job(const JobPayload& job) { return job_json_text(job); }

boost::system::result<JobPayload, std::string> decode_job(std::string_view body) {
  bj::monotonic_resource arena;
  auto v = parse_object(body, arena);
  if (!v) return {boost::system::in_place_error, v.error()};
  try {
    return bj::value_to<JobPayload>(*v);
  } catch (const std::exception& e) {
    return {boost::system::in_place_error, e.what()};
  }
}

}  // namespace genx3d::amqp
