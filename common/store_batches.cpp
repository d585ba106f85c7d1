// The batch methods of Store. A batch's status and counts are read from its jobs every time,
// never stored, so they cannot drift from the jobs' guarded transitions.
#include "common/ids.hpp"
#include "common/store.hpp"
#include "common/store_rows.hpp"
#include "common/store_statements.hpp"

#include <sqlite3.h>

namespace genx3d {

using namespace store_rows;

namespace {

#define GX3D_BATCH_COLUMNS "seq, id, owner_key_id, metadata, created_at, cancel_requested_at"

BatchRecord read_batch(const Query& q) {
  BatchRecord b;
  b.seq = q.int64(0);
  b.id = q.text(1);
  b.owner_key_id = q.text(2);
  b.metadata = q.optional_text(3);
  b.created_at_ms = q.int64(4);
  b.cancel_requested_at_ms = q.optional_int64(5);
  return b;
}

void add_count(BatchCounts& c, std::string_view state, std::int64_t n) {
  if (state == "queued")
    c.queued += n;
  else if (state == "running")
    c.running += n;
  else if (state == "succeeded")
    c.succeeded += n;
  else if (state == "failed")
    c.failed += n;
  else if (state == "cancelled")
    c.cancelled += n;
  c.total += n;
}

void fill_batch_counts(StatementCache& stmts, BatchRecord& b) {
  auto q = stmts.query(
      "SELECT j.state, count(*), max(j.finished_at) FROM batch_jobs b"
      " JOIN jobs j ON j.seq = b.job_seq WHERE b.batch_seq = ?1 GROUP BY j.state");
  q.bind(1, b.seq);
  b.counts = {};
  std::optional<std::int64_t> last_finish;
  while (q.step()) {
    add_count(b.counts, q.text(0), q.int64(1));
    if (auto f = q.optional_int64(2); f && (!last_finish || *f > *last_finish)) last_finish = f;
  }
  b.finished_at_ms = b.counts.unfinished() == 0 ? last_finish : std::nullopt;
}

}  // namespace

BatchRecord Store::insert_batch(std::string_view owner_key_id, std::int64_t total,
                                const std::optional<std::string>& metadata, std::int64_t now_ms) {
  BatchRecord b;
  b.id = new_id("batch");
  b.owner_key_id = std::string(owner_key_id);
  b.metadata = metadata;
  b.created_at_ms = now_ms;
  auto q = stmts_->query(
      "INSERT INTO batches (id, owner_key_id, total, metadata, created_at)"
      " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING seq");
  q.bind(1, b.id).bind(2, owner_key_id).bind(3, total).bind_optional(4, metadata).bind(5, now_ms);
  if (!q.step()) throw StoreError("store: inserting batch returned no seq");
  b.seq = q.int64(0);
  return b;
}

void Store::link_batch_job(std::int64_t batch_seq, std::string_view job_id,
                           std::string_view custom_id) {
  stmts_
      ->query(
          "INSERT INTO batch_jobs (job_seq, batch_seq, custom_id)"
          " VALUES ((SELECT seq FROM jobs WHERE id = ?1), ?2, ?3)")
      .bind(1, job_id)
      .bind(2, batch_seq)
      .bind(3, custom_id)
      .run();
}

std::optional<BatchRecord> Store::get_batch(std::string_view owner_key_id, std::string_view id) {
  std::optional<BatchRecord> b;
  {
    auto q = stmts_->query("SELECT " GX3D_BATCH_COLUMNS
                           " FROM batches WHERE id = ?1 AND owner_key_id = ?2");
    q.bind(1, id).bind(2, owner_key_id);
    if (!q.step()) return std::nullopt;
    b = read_batch(q);
  }
  fill_batch_counts(*stmts_, *b);
  return b;
}

std::vector<BatchRecord> Store::list_batches(std::string_view owner_key_id, int limit, int offset) {
  std::vector<BatchRecord> out;
  {
    // Newest first: the batch a client just submitted is the one it looks for.
    auto q = stmts_->query("SELECT " GX3D_BATCH_COLUMNS
                           " FROM batches WHERE owner_key_id = ?1"
                           " ORDER BY created_at DESC, seq DESC LIMIT ?2 OFFSET ?3");
    q.bind(1, owner_key_id).bind(2, std::int64_t{limit}).bind(3, std::int64_t{offset});
    while (q.step()) out.push_back(read_batch(q));
  }
  for (auto& b : out) fill_batch_counts(*stmts_, b);
  return out;
}

std::int64_t Store::count_batches(std::string_view owner_key_id) {
  auto q = stmts_->query("SELECT count(*) FROM batches WHERE owner_key_id = ?1");
  q.bind(1, owner_key_id).step();
  return q.int64(0);
}

std::vector<BatchResultRow> Store::batch_results(std::int64_t batch_seq, std::int64_t after_job_seq,
                                                 int limit) {
  std::vector<BatchResultRow> rows;
  // The job's columns come first, where read_job expects them.
  auto q = stmts_->query("SELECT " GX3D_JOB_COLUMNS
                         ", b.job_seq, b.custom_id"
                         " FROM batch_jobs b JOIN jobs j ON j.seq = b.job_seq"
                         " JOIN job_payloads p ON p.job_seq = j.seq"
                         " WHERE b.batch_seq = ?1 AND b.job_seq > ?2"
                         " AND j.state IN ('succeeded', 'failed', 'cancelled')"
                         " ORDER BY b.job_seq LIMIT ?3");
  q.bind(1, batch_seq).bind(2, after_job_seq).bind(3, std::int64_t{limit});
  while (q.step()) {
    BatchResultRow row;
    row.job = read_job(q);
    row.job_seq = q.int64(11);
    row.custom_id = q.text(12);
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<BatchRecord> Store::cancel_batch(std::string_view owner_key_id, std::string_view id,
                                               std::int64_t now_ms) {
  SavepointGuard savepoint(*stmts_);
  stmts_
      ->query(
          "UPDATE batches SET cancel_requested_at = ?3"
          " WHERE id = ?1 AND owner_key_id = ?2 AND cancel_requested_at IS NULL")
      .bind(1, id)
      .bind(2, owner_key_id)
      .bind(3, now_ms)
      .run();
  // Guarded like cancel_job: only jobs still queued move, so a result that lands first wins.
  stmts_
      ->query(
          "UPDATE jobs SET state = 'cancelled', finished_at = ?2"
          " WHERE state = 'queued' AND seq IN (SELECT b.job_seq FROM batch_jobs b"
          " JOIN batches t ON t.seq = b.batch_seq WHERE t.id = ?1 AND t.owner_key_id = ?3)")
      .bind(1, id)
      .bind(2, now_ms)
      .bind(3, owner_key_id)
      .run();
  auto batch = get_batch(owner_key_id, id);
  savepoint.release();
  return batch;
}

}  // namespace genx3d
