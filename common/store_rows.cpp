#include "common/store_rows.hpp"

namespace genx3d::store_rows {

std::string cap_chars(std::string_view s, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {  // not a continuation byte
      if (chars == max_chars) return std::string(s.substr(0, i));
      ++chars;
    }
  }
  return std::string(s);
}

ApiKeyRecord read_key(const Query& q) {
  ApiKeyRecord k;
  k.id = q.text(0);
  k.name = q.text(1);
  k.prefix = q.text(2);
  k.created_at_ms = q.int64(3);
  k.revoked_at_ms = q.optional_int64(4);
  if (auto limit = q.optional_int64(5)) k.rate_limit_per_minute = static_cast<int>(*limit);
  k.tokens_used = q.int64(6);
  return k;
}

MessageRecord read_message(const Query& q) {
  return MessageRecord{q.text(0),          q.text(1), q.text(2), q.text(3),
                       q.optional_text(4), q.text(5), q.int64(6)};
}

ModelRecord read_model(const Query& q) {
  return ModelRecord{q.text(0), q.text(1), q.text(2), q.text(3), q.int64(4), q.int64(5)};
}

namespace {

// Every column but the payload's (4).
Job read_job_columns(const Query& q) {
  Job job;
  job.id = q.text(0);
  job.owner_key_id = q.text(1);
  job.session_id = q.text(2);
  auto state = job_state_from_string(q.text(3));
  if (!state) throw StoreError("store: job " + job.id + " has unknown state " + q.text(3));
  job.state = *state;
  try {
    if (auto answer = q.optional_text(5)) {
      job.answer = parse_chat_answer(*answer);
    }
    if (auto error = q.optional_text(6)) job.error = parse_job_error(*error);
  } catch (const std::exception& e) {
    throw StoreError("store: job " + job.id + " has unreadable JSON: " + e.what());
  }
  job.attempts = static_cast<int>(q.int64(7));
  job.created_at_ms = q.int64(8);
  job.started_at_ms = q.optional_int64(9);
  job.finished_at_ms = q.optional_int64(10);
  return job;
}

}  // namespace

Job read_job(const Query& q) {
  Job job = read_job_columns(q);
  try {
    job.payload = parse_job_payload(q.text(4));
  } catch (const std::exception& e) {
    throw StoreError("store: job " + job.id + " has an unreadable payload: " + e.what());
  }
  return job;
}

Job read_job_status(const Query& q) {
  Job job = read_job_columns(q);
  job.payload.job_id = job.id;
  job.payload.model = q.text(4);
  return job;
}

}  // namespace genx3d::store_rows
