// The job methods of Store: insert, read, and the guarded state transitions.
#include <sqlite3.h>

#include "common/ids.hpp"
#include "common/store.hpp"
#include "common/store_rows.hpp"
#include "common/store_statements.hpp"

namespace genx3d {

using namespace store_rows;

// --- Jobs

void Store::insert_job(const Job& job) { insert_job(job, job_json_text(job.payload)); }

void Store::insert_job(const Job& job, std::string_view payload_json) {
  if (job.state != JobState::queued) {
    throw StoreError("store: insert_job needs a queued job, got " +
                     std::string(to_string(job.state)));
  }
  SavepointGuard savepoint(*stmts_);
  stmts_
      ->query(
          "INSERT INTO jobs (id, owner_key_id, session_id, state, model, attempts, created_at)"
          " VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?6)")
      .bind(1, job.id)
      .bind(2, job.owner_key_id)
      .bind(3, job.session_id)
      .bind(4, job.payload.model)
      .bind(5, job.attempts)
      .bind(6, job.created_at_ms)
      .run();
  stmts_->query("INSERT INTO job_payloads (job_seq, payload) VALUES (last_insert_rowid(), ?1)")
      .bind(1, payload_json)
      .run();
  savepoint.release();
}

std::optional<Job> Store::get_job(std::string_view owner_key_id, std::string_view id) {
  auto q = stmts_->query("SELECT " GX3D_JOB_COLUMNS GX3D_JOB_FROM
                         " WHERE j.id = ?1 AND j.owner_key_id = ?2");
  q.bind(1, id).bind(2, owner_key_id);
  if (!q.step()) return std::nullopt;
  return read_job(q);
}

std::optional<Job> Store::get_job_status(std::string_view owner_key_id, std::string_view id) {
  auto q = stmts_->query("SELECT " GX3D_JOB_STATUS_COLUMNS
                         " FROM jobs j WHERE j.id = ?1 AND j.owner_key_id = ?2");
  q.bind(1, id).bind(2, owner_key_id);
  if (!q.step()) return std::nullopt;
  return read_job_status(q);
}

std::optional<Job> Store::get_job_any_owner(std::string_view id) {
  auto q = stmts_->query("SELECT " GX3D_JOB_COLUMNS GX3D_JOB_FROM " WHERE j.id = ?1");
  q.bind(1, id);
  if (!q.step()) return std::nullopt;
  return read_job(q);
}

bool Store::mark_running(std::string_view id, int attempt, std::int64_t now_ms) {
  return stmts_
             ->query(
                 "UPDATE jobs SET state = 'running', attempts = ?2, started_at = ?3"
                 " WHERE id = ?1 AND (state = 'queued' OR (state = 'running' AND attempts < ?2))")
             .bind(1, id)
             .bind(2, attempt)
             .bind(3, now_ms)
             .run() == 1;
}

std::optional<Job> Store::complete_job(std::string_view id, const ChatAnswer& answer,
                                       std::int64_t now_ms, std::optional<AttemptRun> run) {
  SavepointGuard savepoint(*stmts_);
  Job job;
  std::int64_t seq = 0;
  std::string user_message;
  // A SELECT then an UPDATE by rowid, not UPDATE … RETURNING: SQLite buffers RETURNING rows in
  // a temporary table, and opening and closing one per job cost more than the rest of this
  // function (perf: ~8% of the server's CPU). The batch transaction has the only writer, so
  // nothing can move the job between the two statements.
  {
    auto q = stmts_->query(
        "SELECT j.seq, j.owner_key_id, j.session_id, j.created_at, j.model, j.attempts,"
        " j.started_at, json_extract(p.payload, '$.message'), j.state = 'queued'"
        " FROM jobs j JOIN job_payloads p ON p.job_seq = j.seq"
        " WHERE j.id = ?1 AND j.state IN ('queued', 'running')");
    if (!q.bind(1, id).step()) {
      savepoint.release();
      return std::nullopt;  // already final (or unknown): a duplicate result adds nothing
    }
    seq = q.int64(0);
    job.id = std::string(id);
    job.owner_key_id = q.text(1);
    job.session_id = q.text(2);
    job.created_at_ms = q.int64(3);
    job.payload.job_id = job.id;
    job.payload.model = q.text(4);
    job.attempts = static_cast<int>(q.int64(5));
    job.started_at_ms = q.optional_int64(6);
    user_message = q.text(7);
    // mark_running's rule: a queued job, or a running one at a lower attempt, takes this one.
    if (run && (q.int64(8) != 0 || job.attempts < run->attempt)) {
      job.attempts = run->attempt;
      job.started_at_ms = run->started_at_ms;
    }
  }
  job.answer_json = job_json_text(answer);
  stmts_
      ->query(
          "UPDATE jobs SET state = 'succeeded', answer = ?2, finished_at = ?3, attempts = ?4,"
          " started_at = ?5 WHERE seq = ?1")
      .bind(1, seq)
      .bind(2, job.answer_json)
      .bind(3, now_ms)
      .bind(4, job.attempts)
      .bind_optional(5, job.started_at_ms)
      .run();
  job.state = JobState::succeeded;
  job.answer = answer;
  job.finished_at_ms = now_ms;
  const std::string question_id = new_id("msg");
  const std::string answer_id = new_id("msg");
  stmts_
      ->query(
          "INSERT INTO exchanges (job_seq, session_id, user_id, user_content, user_at,"
          " answer_id, answer_content, answer_code, answer_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, seq)
      .bind(2, job.session_id)
      .bind(3, question_id)
      .bind(4, user_message)
      .bind(5, job.created_at_ms)
      .bind(6, answer_id)
      .bind(7, answer.message)
      .bind_optional(8, answer.code)
      .bind(9, now_ms)
      .run();
  add_tokens(job.owner_key_id, answer.tokens_used);
  savepoint.release();
  return job;
}

bool Store::fail_job(std::string_view id, const JobError& error, std::int64_t now_ms,
                     std::optional<AttemptRun> run) {
  JobError stored = error;
  stored.message = cap_chars(error.message, kMaxErrorMessageChars);
  const std::string stored_json = job_json_text(stored);
  // ?4 and ?5 are NULL without `run`; the CASE is mark_running's rule otherwise.
  return stmts_
             ->query(
                 "UPDATE jobs SET state = 'failed', error = ?2, finished_at = ?3,"
                 " started_at = CASE WHEN ?4 IS NOT NULL AND (state = 'queued' OR attempts < ?4)"
                 "   THEN ?5 ELSE started_at END,"
                 " attempts = CASE WHEN ?4 IS NOT NULL AND (state = 'queued' OR attempts < ?4)"
                 "   THEN ?4 ELSE attempts END"
                 " WHERE id = ?1 AND state IN ('queued', 'running')")
             .bind(1, id)
             .bind(2, stored_json)
             .bind(3, now_ms)
             .bind_optional(4, run ? std::optional<std::int64_t>(run->attempt) : std::nullopt)
             .bind_optional(5, run ? std::optional<std::int64_t>(run->started_at_ms) : std::nullopt)
             .run() == 1;
}

// started_at is cleared: it describes the current attempt, and a queued job has none yet.
bool Store::requeue_job(std::string_view id) {
  return stmts_
             ->query(
                 "UPDATE jobs SET state = 'queued', started_at = NULL, published_at = NULL"
                 " WHERE id = ?1 AND state = 'running'")
             .bind(1, id)
             .run() == 1;
}

bool Store::cancel_job(std::string_view owner_key_id, std::string_view id, std::int64_t now_ms) {
  return stmts_
             ->query(
                 "UPDATE jobs SET state = 'cancelled', finished_at = ?3"
                 " WHERE id = ?1 AND owner_key_id = ?2 AND state IN ('queued', 'running')")
             .bind(1, id)
             .bind(2, owner_key_id)
             .bind(3, now_ms)
             .run() == 1;
}

std::vector<Job> Store::recover_unfinished_jobs() {
  SavepointGuard savepoint(*stmts_);
  // Write first, then read: the savepoint then starts as a writer, and the rows read are the
  // final ones. The redundant IN term lets SQLite use the partial index jobs_unfinished.
  stmts_
      ->query(
          "UPDATE jobs SET state = 'queued', started_at = NULL"
          " WHERE state IN ('queued', 'running') AND state = 'running'")
      .run();
  std::vector<Job> jobs;
  {
    auto q = stmts_->query("SELECT " GX3D_JOB_COLUMNS GX3D_JOB_FROM
                           " WHERE j.state IN ('queued', 'running')"
                           " ORDER BY j.created_at, j.seq");
    while (q.step()) jobs.push_back(read_job(q));
  }
  savepoint.release();
  return jobs;
}

bool Store::mark_published(std::string_view id, std::int64_t now_ms) {
  return stmts_
             ->query("UPDATE jobs SET published_at = ?2 WHERE id = ?1 AND published_at IS NULL")
             .bind(1, id)
             .bind(2, now_ms)
             .run() == 1;
}

std::vector<Job> Store::unpublished_jobs() {
  std::vector<Job> jobs;
  // The redundant IN term lets SQLite walk the partial index jobs_unfinished, already in
  // created_at order; only start-up runs this, so reading the unfinished rows to skip the
  // published ones costs less than indexing every job on its way through.
  auto q = stmts_->query("SELECT " GX3D_JOB_COLUMNS GX3D_JOB_FROM
                         " WHERE j.state IN ('queued', 'running') AND j.state = 'queued'"
                         " AND j.published_at IS NULL ORDER BY j.created_at, j.seq");
  while (q.step()) jobs.push_back(read_job(q));
  return jobs;
}

}  // namespace genx3d
