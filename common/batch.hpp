// The batch record: many chat jobs submitted at once under one id. A batch has no state column
// of its own; its status is derived from its jobs' states (batch_status), so it can never
// disagree with them.
#pragma once

#include "common/job.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace genx3d {

// How many of a batch's jobs are in each state. total = the sum of the others.
struct BatchCounts {
  std::int64_t total = 0;
  std::int64_t queued = 0;
  std::int64_t running = 0;
  std::int64_t succeeded = 0;
  std::int64_t failed = 0;
  std::int64_t cancelled = 0;

  std::int64_t unfinished() const { return queued + running; }
  bool operator==(const BatchCounts&) const = default;
};

enum class BatchStatus {
  queued,       // no job has started yet
  in_progress,  // some job started or finished, some are not final
  completed,    // every job is final, and nobody cancelled the batch
  cancelling,   // cancel requested; jobs already running are finishing
  cancelled,    // cancel requested and every job is final
};

std::string_view to_string(BatchStatus s);

struct BatchRecord {
  std::int64_t seq = 0;  // internal; links batch_jobs
  std::string id;        // "batch_…"
  std::string owner_key_id;
  std::optional<std::string> metadata;  // the client's JSON object, as text
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> cancel_requested_at_ms;
  std::optional<std::int64_t> finished_at_ms;  // when the last job became final
  BatchCounts counts;
};

BatchStatus batch_status(const BatchRecord& batch);

// One line of a batch's results: a final job and the client's id for it.
struct BatchResultRow {
  std::int64_t job_seq = 0;  // the paging cursor
  std::string custom_id;
  Job job;
};

// What an Idempotency-Key points at.
struct IdempotencyRecord {
  std::string kind;          // "chat" or "batch"
  std::string request_hash;  // SHA-256 of the request that first used the key
  std::string target_id;     // the job or batch it created
};

}  // namespace genx3d
