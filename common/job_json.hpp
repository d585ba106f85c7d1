// JSON forms of the job types, used on the queue and in the store, as Boost.JSON conversions:
// boost::json::value_from(v), boost::json::value_to<T>(jv), or the text helpers below.
// Boost.JSON, not nlohmann::json (the API's request and response bodies): these documents are
// written and read several times per job, and nlohmann's parser and serializer took ~20% of the
// distributed API's instructions on them (callgrind, amqp burst).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <boost/json/fwd.hpp>

#include "common/job.hpp"

namespace genx3d {

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const ChatTurn& v);
ChatTurn tag_invoke(const boost::json::value_to_tag<ChatTurn>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const JobPayload& v);
JobPayload tag_invoke(const boost::json::value_to_tag<JobPayload>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const JobError& v);
JobError tag_invoke(const boost::json::value_to_tag<JobError>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const ChatAnswer& v);
ChatAnswer tag_invoke(const boost::json::value_to_tag<ChatAnswer>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const JobOutcome& v);
JobOutcome tag_invoke(const boost::json::value_to_tag<JobOutcome>&, const boost::json::value& jv);

class JsonWriter;  // common/json_writer.hpp

// Writes an outcome as the next value of `w` (a member of a worker's outcome batch), and a
// guess of its size for reserving.
void write_json(JsonWriter& w, const JobOutcome& v);
std::size_t json_size_hint(const JobOutcome& v);

// Serialized JSON text of a job type (always valid UTF-8), byte for byte what
// boost::json::serialize(boost::json::value_from(v)) gives.
std::string job_json_text(const JobPayload& v);
std::string job_json_text(const JobError& v);
std::string job_json_text(const ChatAnswer& v);

// Parses text into a job type; throws (std::exception) when it is not JSON or not that type.
JobPayload parse_job_payload(std::string_view text);
JobError parse_job_error(std::string_view text);
ChatAnswer parse_chat_answer(std::string_view text);

}  // namespace genx3d
