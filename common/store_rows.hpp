// Internal to the store: the column lists its SELECTs share, and the functions that turn a row
// into a record. Used by store.cpp and store_jobs.cpp; not part of the store's interface.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/job_json.hpp"
#include "common/store.hpp"
#include "common/store_statements.hpp"

namespace genx3d::store_rows {

inline constexpr std::size_t kMaxErrorMessageChars = 2000;


// Column lists shared by the SELECTs and the read_* functions below; keep them in step.
#define GX3D_KEY_COLUMNS \
  "id, name, prefix, created_at, revoked_at, rate_limit_per_minute, tokens_used"
// A session's messages (?1), both halves of its exchanges with their job's id, in read_message's
// column order, then the sort key: at, seq (the job's), part (0 the question, 1 the answer).
// Each half comes in `at` order from its own index, so an ORDER BY on the sort key merges them.
#define GX3D_SESSION_MESSAGES                                                                    \
  "SELECT e.user_id, e.session_id, 'user', e.user_content, NULL, j.id, e.user_at AS at,"         \
  " e.job_seq AS seq, 0 AS part FROM exchanges e JOIN jobs j ON j.seq = e.job_seq"               \
  " WHERE e.session_id = ?1"                                                                     \
  " UNION ALL SELECT e.answer_id, e.session_id, 'assistant', e.answer_content, e.answer_code,"  \
  " j.id, e.answer_at, e.job_seq, 1 FROM exchanges e JOIN jobs j ON j.seq = e.job_seq"          \
  " WHERE e.session_id = ?1"
#define GX3D_MODEL_COLUMNS "id, owner_key_id, name, code, created_at, updated_at"
// Jobs are read with their payload: FROM jobs j JOIN job_payloads p.
#define GX3D_JOB_COLUMNS                                                                    \
  "j.id, j.owner_key_id, j.session_id, j.state, p.payload, j.answer, j.error, j.attempts, " \
  "j.created_at, j.started_at, j.finished_at"
#define GX3D_JOB_FROM " FROM jobs j JOIN job_payloads p ON p.job_seq = j.seq"
// A job's status without its payload (the model stands in column 4): FROM jobs j.
#define GX3D_JOB_STATUS_COLUMNS                                                           \
  "j.id, j.owner_key_id, j.session_id, j.state, j.model, j.answer, j.error, j.attempts, " \
  "j.created_at, j.started_at, j.finished_at"

// JSON columns are written with job_json_text (common/job_json.hpp): invalid UTF-8 (say, a
// provider's raw error body) is replaced rather than thrown on, so a bad byte cannot turn a
// job's result into a store failure.

// The first `max_chars` UTF-8 characters of `s` (never cuts a multi-byte sequence in two).
std::string cap_chars(std::string_view s, std::size_t max_chars);

ApiKeyRecord read_key(const Query& q);
MessageRecord read_message(const Query& q);
ModelRecord read_model(const Query& q);
Job read_job(const Query& q);         // GX3D_JOB_COLUMNS
Job read_job_status(const Query& q);  // GX3D_JOB_STATUS_COLUMNS: payload.model only

}  // namespace genx3d::store_rows
