// The SQLite store: API keys, sessions, messages, jobs and 3D models, with versioned migrations.
// Synchronous on purpose; StoreExecutor runs it on its own thread behind an async interface.
//
// Thread safety: none. One Store is used by one thread at a time (the StoreExecutor's thread,
// or a CLI command's main thread).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/batch.hpp"
#include "common/job.hpp"

struct sqlite3;

namespace genx3d {

// Any SQLite failure. Thrown by Store; never crosses a thread (StoreExecutor catches it).
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ApiKeyRecord {
  std::string id;                                 // "key_…"
  std::string name;
  std::string prefix;                             // first 9 characters of the key, for display
  std::int64_t created_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;
  std::optional<int> rate_limit_per_minute;       // unset: the server default
  std::int64_t tokens_used = 0;                   // total over all succeeded jobs
};

struct MessageRecord {
  std::string id;                                 // "msg_…"
  std::string session_id;
  std::string role;                               // "user" or "assistant"
  std::string content;
  std::optional<std::string> code;                // assistant messages with code only
  std::string job_id;
  std::int64_t created_at_ms = 0;
};

struct ModelRecord {
  std::string id;                                 // "model_…"
  std::string owner_key_id;
  std::string name;
  std::string code;
  std::int64_t created_at_ms = 0;
  std::int64_t updated_at_ms = 0;
};

enum class SessionAccess {
  created,  // did not exist; now belongs to the caller
  owned,    // exists and belongs to the caller
  foreign,  // exists and belongs to another key: callers answer 404
};

class Store {
 public:
  // Opens (creating if needed) the database file, sets WAL mode, busy timeout and foreign keys,
  // and applies pending migrations. ":memory:" gives a private in-memory store for tests.
  static std::unique_ptr<Store> open(const std::filesystem::path& file);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schema_version();

  // Transactions for callers that batch several calls (StoreExecutor's group commit). Outside
  // one, methods that write more than one row protect themselves with a SAVEPOINT; inside, the
  // transaction is the unit, and a caller rolls it back when a call throws. Tokens used by the
  // jobs completed inside one are added to their keys at commit.
  void begin();
  void commit();
  void rollback();

  // --- API keys. Only the SHA-256 of a key is stored.
  ApiKeyRecord create_key(std::string_view name, std::string_view key_hash,
                          std::string_view prefix, std::optional<int> rate_limit_per_minute);
  std::optional<ApiKeyRecord> find_active_key_by_hash(std::string_view key_hash);
  std::vector<ApiKeyRecord> list_keys();
  // Revokes by id ("key_…") or by the displayed prefix; false if nothing active matched.
  bool revoke_key(std::string_view id_or_prefix, std::int64_t now_ms);

  // --- Sessions.
  SessionAccess ensure_session(std::string_view session_id, std::string_view owner_key_id,
                               std::int64_t now_ms);
  // nullopt if the session does not exist; else whether `owner_key_id` owns it.
  std::optional<bool> session_owned_by(std::string_view session_id, std::string_view owner_key_id);

  // --- Chat history, oldest first (by created_at, then insertion order).
  std::vector<MessageRecord> list_messages(std::string_view session_id, int limit, int offset);
  std::int64_t count_messages(std::string_view session_id);
  // The newest `max_count` messages, returned oldest first: the raw material of a prompt.
  std::vector<MessageRecord> recent_messages(std::string_view session_id, int max_count);
  // Deletes every message of the session; returns how many.
  std::int64_t clear_messages(std::string_view session_id);

  // --- 3D models, always scoped to their owner: another owner's model reads as missing.
  ModelRecord create_model(std::string_view owner_key_id, std::string_view name,
                           std::string_view code, std::int64_t now_ms);
  std::optional<ModelRecord> get_model(std::string_view owner_key_id, std::string_view id);
  std::vector<ModelRecord> list_models(std::string_view owner_key_id, int limit, int offset);
  std::int64_t count_models(std::string_view owner_key_id);
  std::optional<ModelRecord> update_model(std::string_view owner_key_id, std::string_view id,
                                          const std::optional<std::string>& name,
                                          const std::optional<std::string>& code,
                                          std::int64_t now_ms);
  bool delete_model(std::string_view owner_key_id, std::string_view id);

  // --- Jobs. Every state change is guarded: it names the state(s) it expects and returns
  // whether it changed anything, so a duplicate or late event is a harmless no-op.
  void insert_job(const Job& job);  // job.state must be queued
  // The same, with `payload_json` = job_json_text(job.payload) made by the caller.
  void insert_job(const Job& job, std::string_view payload_json);
  std::optional<Job> get_job(std::string_view owner_key_id, std::string_view id);
  std::optional<Job> get_job_any_owner(std::string_view id);
  // get_job without the payload, whose JSON (with its history) is the costliest part of a read:
  // for status views and results. payload holds only job_id and model.
  std::optional<Job> get_job_status(std::string_view owner_key_id, std::string_view id);
  // queued -> running; records the attempt number and start time. A running job moves again
  // (running -> running) only for a higher attempt: the broker redelivered it after its
  // worker was lost.
  bool mark_running(std::string_view id, int attempt, std::int64_t now_ms);
  // An attempt as an outcome reports it: its number and when it started.
  struct AttemptRun {
    int attempt = 1;
    std::int64_t started_at_ms = 0;
  };
  // queued|running -> succeeded. Atomically (a SAVEPOINT outside a transaction): stores the
  // answer, appends the user message (timestamped at job creation) and the assistant message to
  // the session history, and adds tokens_used to the owner key's total (at commit, inside one). Exactly once per job by construction.
  // Returns the job as it now stands, in get_job_status's form (so waiters need not read it
  // again); nullopt when the job was already final or is unknown.
  // With `run`, the attempt that produced the answer is recorded as mark_running would (its
  // start may never have been reported), in the same write.
  std::optional<Job> complete_job(std::string_view id, const ChatAnswer& answer,
                                  std::int64_t now_ms, std::optional<AttemptRun> run = {});
  // queued|running -> failed, with the error (message capped at 2,000 characters); `run` as for
  // complete_job.
  bool fail_job(std::string_view id, const JobError& error, std::int64_t now_ms,
                std::optional<AttemptRun> run = {});
  // running -> queued, for a retry after a lost or failed attempt.
  bool requeue_job(std::string_view id);
  // queued|running -> cancelled, only for the owner.
  bool cancel_job(std::string_view owner_key_id, std::string_view id, std::int64_t now_ms);
  // Jobs not yet final, oldest first, for recovery after a restart. Running ones are moved back
  // to queued (their worker died with the process).
  std::vector<Job> recover_unfinished_jobs();
  // The outbox of distributed mode: a queued job counts as published once the broker confirmed
  // it. requeue_job() makes a job unpublished again (its retry is a new message).
  bool mark_published(std::string_view id, std::int64_t now_ms);
  // Queued jobs the broker never confirmed, oldest first: to publish again after a restart.
  std::vector<Job> unpublished_jobs();

  // --- Batches (store_batches.cpp). Their jobs go in with insert_job, then link_batch_job.
  BatchRecord insert_batch(std::string_view owner_key_id, std::int64_t total,
                           const std::optional<std::string>& metadata, std::int64_t now_ms);
  void link_batch_job(std::int64_t batch_seq, std::string_view job_id,
                      std::string_view custom_id);
  // With its counts; nullopt when missing or another owner's.
  std::optional<BatchRecord> get_batch(std::string_view owner_key_id, std::string_view id);
  std::vector<BatchRecord> list_batches(std::string_view owner_key_id, int limit, int offset);
  std::int64_t count_batches(std::string_view owner_key_id);
  // Final jobs of the batch after the cursor `after_job_seq`, in submission order.
  std::vector<BatchResultRow> batch_results(std::int64_t batch_seq, std::int64_t after_job_seq,
                                            int limit);
  // Records the request and moves the batch's queued jobs to cancelled (running ones finish).
  // Returns the batch as it then is; nullopt when missing or another owner's.
  std::optional<BatchRecord> cancel_batch(std::string_view owner_key_id, std::string_view id,
                                          std::int64_t now_ms);

  // --- Idempotency keys (store_idempotency.cpp), per owner. Records older than
  // `not_before_ms` are treated as absent, and replaced by the next use of the key.
  std::optional<IdempotencyRecord> find_idempotency_key(std::string_view owner_key_id,
                                                        std::string_view key,
                                                        std::int64_t not_before_ms);
  void put_idempotency_key(std::string_view owner_key_id, std::string_view key,
                           const IdempotencyRecord& record, std::int64_t now_ms);

 private:
  explicit Store(sqlite3* db);
  // Adds to a key's tokens_used: at once outside begin()/commit(), else once per key at commit
  // (complete_job would otherwise rewrite the same api_keys row for every job of a batch).
  void add_tokens(std::string_view key_id, std::int64_t tokens);
  struct Statements;
  sqlite3* db_;
  std::unique_ptr<Statements> stmts_;
  bool in_batch_ = false;  // between begin() and its commit or rollback
  std::unordered_map<std::string, std::int64_t> batch_tokens_;  // key id -> tokens to add
};

}  // namespace genx3d
