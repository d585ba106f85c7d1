#include "common/store.hpp"

#include "common/clock.hpp"
#include "common/ids.hpp"
#include "common/job_json.hpp"
#include "common/store_migrations.hpp"
#include "common/store_rows.hpp"
#include "common/store_statements.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <system_error>

namespace genx3d {

namespace {

// How long a write waits for another connection's lock (the CLI's `keys create` while serve
// runs) before it fails with SQLITE_BUSY.
constexpr int kBusyTimeoutMs = 5000;
std::string pragma_text(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) throw_store_error(db, sql);
  std::string value;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw_store_error(db, sql);
  return value;
}

void configure(sqlite3* db, bool in_memory) {
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  // WAL lets readers (another process's `keys list`) run beside the writer, and makes a commit
  // one sequential append. With WAL, synchronous=NORMAL fsyncs only at checkpoints, not at every
  // commit: a committed transaction survives a crash or kill -9 of this process (its pages are
  // in the OS already), which is what "no accepted job is lost" needs. Power loss or a kernel
  // crash may lose the last commits (never corrupt the file); FULL would close that gap at the
  // price of an fsync per group commit.
  std::string mode = pragma_text(db, "PRAGMA journal_mode = WAL");
  if (!in_memory && mode != "wal") {
    throw StoreError("store: cannot enable WAL mode (journal_mode is '" + mode + "')");
  }
  exec_sql(db, "PRAGMA synchronous = NORMAL");
  exec_sql(db, "PRAGMA foreign_keys = ON");
  // Statement journals (SQLite's undo copy of the pages a statement or savepoint changes inside
  // a transaction) stay in memory. On disk, one past 64 KiB spilled to a temporary file and then
  // grew by a pwrite per page for the rest of the transaction (strace, when every operation ran
  // in a savepoint: ~35 KB and ~17 syscalls per job at 5,000 jobs/s).
  exec_sql(db, "PRAGMA temp_store = MEMORY");
  // Checkpoint every ~40 MB of WAL instead of SQLite's ~4 MB: a page rewritten by many group
  // commits reaches the database file once per checkpoint, and checkpoints carry the fsyncs
  // (measured: ~8% more jobs/s). The WAL file keeps that size once grown.
  exec_sql(db, "PRAGMA wal_autocheckpoint = 10000");
  apply_migrations(db);
}

// SQLite keeps allocation statistics by default: every sqlite3_malloc and sqlite3_free then takes
// a global mutex and asks the allocator for the block's size (~85 of each per chat job; turning
// it off took the distributed API from 434k to 418k instructions per job under callgrind).
// genx3d reads none of those statistics. The switch only takes effect before SQLite
// initializes, so it runs once, ahead of the first connection.
void disable_memory_statistics() {
  static const bool once = [] {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialized: harmless
    return true;
  }();
  (void)once;
}

std::optional<std::int64_t> widen(std::optional<int> v) {
  return v ? std::optional<std::int64_t>(*v) : std::nullopt;
}

}  // namespace

using namespace store_rows;

// --- Lifetime and transactions

std::unique_ptr<Store> Store::open(const std::filesystem::path& file) {
  const std::string name = file.string();
  const bool in_memory = name == ":memory:";
  if (!in_memory && file.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(file.parent_path(), ec);
    if (ec)
      throw StoreError("store: cannot create " + file.parent_path().string() + ": " + ec.message());
  }
  disable_memory_statistics();
  sqlite3* db = nullptr;
  // NOMUTEX: one Store is used by one thread at a time, so SQLite's own locking is dead weight.
  int rc = sqlite3_open_v2(
      name.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  try {
    if (rc != SQLITE_OK) {
      throw StoreError("store: cannot open " + name + ": " +
                       (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    configure(db, in_memory);
    return std::unique_ptr<Store>(new Store(db));
  } catch (...) {
    sqlite3_close_v2(db);
    throw;
  }
}

Store::Store(sqlite3* db) : db_(db), stmts_(std::make_unique<Statements>(db)) {}

Store::~Store() {
  stmts_.reset();  // statements are finalized before their connection closes
  sqlite3_close_v2(db_);
}

int Store::schema_version() { return read_schema_version(db_); }

// IMMEDIATE takes the write lock at once (waiting up to the busy timeout): a deferred
// transaction that reads first could not upgrade to a writer if another process wrote meanwhile.
namespace {
constexpr std::string_view kAddTokens =
    "UPDATE api_keys SET tokens_used = tokens_used + ?2 WHERE id = ?1";
}  // namespace

void Store::begin() {
  stmts_->query("BEGIN IMMEDIATE").run();
  in_batch_ = true;
}

void Store::commit() {
  for (const auto& [key_id, tokens] : batch_tokens_) {
    stmts_->query(kAddTokens).bind(1, key_id).bind(2, tokens).run();
  }
  stmts_->query("COMMIT").run();
  batch_tokens_.clear();
  in_batch_ = false;
}

void Store::rollback() {
  batch_tokens_.clear();
  in_batch_ = false;
  stmts_->query("ROLLBACK").run();
}

void Store::add_tokens(std::string_view key_id, std::int64_t tokens) {
  if (tokens == 0) return;
  if (in_batch_) {
    batch_tokens_[std::string(key_id)] += tokens;
    return;
  }
  stmts_->query(kAddTokens).bind(1, key_id).bind(2, tokens).run();
}

// --- API keys

ApiKeyRecord Store::create_key(std::string_view name, std::string_view key_hash,
                               std::string_view prefix, std::optional<int> rate_limit_per_minute) {
  ApiKeyRecord key{new_id("key"),
                   std::string(name),
                   std::string(prefix),
                   now_ms(),
                   std::nullopt,
                   rate_limit_per_minute,
                   0};
  stmts_
      ->query(
          "INSERT INTO api_keys (id, name, key_hash, prefix, created_at, rate_limit_per_minute) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, key.id)
      .bind(2, name)
      .bind(3, key_hash)
      .bind(4, prefix)
      .bind(5, key.created_at_ms)
      .bind_optional(6, widen(rate_limit_per_minute))
      .run();
  return key;
}

std::optional<ApiKeyRecord> Store::find_active_key_by_hash(std::string_view key_hash) {
  auto q = stmts_->query("SELECT " GX3D_KEY_COLUMNS
                         " FROM api_keys WHERE key_hash = ?1 AND revoked_at IS NULL");
  q.bind(1, key_hash);
  if (!q.step()) return std::nullopt;
  return read_key(q);
}

std::vector<ApiKeyRecord> Store::list_keys() {
  auto q = stmts_->query("SELECT " GX3D_KEY_COLUMNS " FROM api_keys ORDER BY created_at, seq");
  std::vector<ApiKeyRecord> keys;
  while (q.step()) keys.push_back(read_key(q));
  return keys;
}

bool Store::revoke_key(std::string_view id_or_prefix, std::int64_t now_ms) {
  if (stmts_->query("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL")
          .bind(1, id_or_prefix)
          .bind(2, now_ms)
          .run() == 1) {
    return true;
  }
  // A 4-character prefix can be shared by two keys; revoking both on a typo-free but ambiguous
  // prefix would lock out a client nobody meant to touch, so the prefix must be unique.
  if (stmts_
          ->query("UPDATE api_keys SET revoked_at = ?2 WHERE prefix = ?1 AND revoked_at IS NULL "
                  "AND (SELECT count(*) FROM api_keys WHERE prefix = ?1 AND revoked_at IS NULL) "
                  "= 1")
          .bind(1, id_or_prefix)
          .bind(2, now_ms)
          .run() == 1) {
    return true;
  }
  auto q = stmts_->query("SELECT count(*) FROM api_keys WHERE prefix = ?1 AND revoked_at IS NULL");
  q.bind(1, id_or_prefix).step();
  if (auto matches = q.int64(0); matches > 1) {
    throw StoreError("store: prefix " + std::string(id_or_prefix) + " matches " +
                     std::to_string(matches) + " active keys; revoke by id instead");
  }
  return false;
}

// --- Sessions

SessionAccess Store::ensure_session(std::string_view session_id, std::string_view owner_key_id,
                                    std::int64_t now_ms) {
  auto inserted = stmts_
                      ->query(
                          "INSERT INTO sessions (id, owner_key_id, created_at) "
                          "VALUES (?1, ?2, ?3) ON CONFLICT (id) DO NOTHING")
                      .bind(1, session_id)
                      .bind(2, owner_key_id)
                      .bind(3, now_ms)
                      .run();
  if (inserted == 1) return SessionAccess::created;
  return session_owned_by(session_id, owner_key_id).value_or(false) ? SessionAccess::owned
                                                                    : SessionAccess::foreign;
}

std::optional<bool> Store::session_owned_by(std::string_view session_id,
                                            std::string_view owner_key_id) {
  auto q = stmts_->query("SELECT owner_key_id FROM sessions WHERE id = ?1");
  q.bind(1, session_id);
  if (!q.step()) return std::nullopt;
  return q.text(0) == owner_key_id;
}

// --- Chat history

std::vector<MessageRecord> Store::list_messages(std::string_view session_id, int limit,
                                                int offset) {
  auto q = stmts_->query(GX3D_SESSION_MESSAGES " ORDER BY at, seq, part LIMIT ?2 OFFSET ?3");
  q.bind(1, session_id).bind(2, std::max(limit, 0)).bind(3, std::max(offset, 0));
  std::vector<MessageRecord> messages;
  while (q.step()) messages.push_back(read_message(q));
  return messages;
}

std::int64_t Store::count_messages(std::string_view session_id) {
  auto q = stmts_->query("SELECT 2 * count(*) FROM exchanges WHERE session_id = ?1");
  q.bind(1, session_id).step();
  return q.int64(0);
}

std::vector<MessageRecord> Store::recent_messages(std::string_view session_id, int max_count) {
  auto q = stmts_->query(GX3D_SESSION_MESSAGES
                         " ORDER BY at DESC, seq DESC, part DESC LIMIT ?2");
  q.bind(1, session_id).bind(2, std::max(max_count, 0));
  std::vector<MessageRecord> messages;
  while (q.step()) messages.push_back(read_message(q));
  std::reverse(messages.begin(), messages.end());
  return messages;
}

std::int64_t Store::clear_messages(std::string_view session_id) {
  // Each exchange is two messages.
  return 2 * stmts_->query("DELETE FROM exchanges WHERE session_id = ?1")
                 .bind(1, session_id)
                 .run();
}

// --- 3D models

ModelRecord Store::create_model(std::string_view owner_key_id, std::string_view name,
                                std::string_view code, std::int64_t now_ms) {
  ModelRecord model{
      new_id("model"), std::string(owner_key_id), std::string(name), std::string(code), now_ms,
      now_ms};
  stmts_
      ->query(
          "INSERT INTO models (id, owner_key_id, name, code, created_at, updated_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?5)")
      .bind(1, model.id)
      .bind(2, owner_key_id)
      .bind(3, name)
      .bind(4, code)
      .bind(5, now_ms)
      .run();
  return model;
}

std::optional<ModelRecord> Store::get_model(std::string_view owner_key_id, std::string_view id) {
  auto q = stmts_->query("SELECT " GX3D_MODEL_COLUMNS
                         " FROM models WHERE id = ?1 AND owner_key_id = ?2");
  q.bind(1, id).bind(2, owner_key_id);
  if (!q.step()) return std::nullopt;
  return read_model(q);
}

std::vector<ModelRecord> Store::list_models(std::string_view owner_key_id, int limit, int offset) {
  auto q = stmts_->query("SELECT " GX3D_MODEL_COLUMNS
                         " FROM models WHERE owner_key_id = ?1"
                         " ORDER BY created_at DESC, seq DESC LIMIT ?2 OFFSET ?3");
  q.bind(1, owner_key_id).bind(2, std::max(limit, 0)).bind(3, std::max(offset, 0));
  std::vector<ModelRecord> models;
  while (q.step()) models.push_back(read_model(q));
  return models;
}

std::int64_t Store::count_models(std::string_view owner_key_id) {
  auto q = stmts_->query("SELECT count(*) FROM models WHERE owner_key_id = ?1");
  q.bind(1, owner_key_id).step();
  return q.int64(0);
}

std::optional<ModelRecord> Store::update_model(std::string_view owner_key_id, std::string_view id,
                                               const std::optional<std::string>& name,
                                               const std::optional<std::string>& code,
                                               std::int64_t now_ms) {
  // One statement (RETURNING gives the updated row), so no savepoint is needed.
  auto q = stmts_->query(
      "UPDATE models SET name = coalesce(?3, name), code = coalesce(?4, code), updated_at = ?5"
      " WHERE id = ?1 AND owner_key_id = ?2 RETURNING " GX3D_MODEL_COLUMNS);
  q.bind(1, id).bind(2, owner_key_id).bind_optional(3, name).bind_optional(4, code).bind(5, now_ms);
  if (!q.step()) return std::nullopt;
  return read_model(q);
}

bool Store::delete_model(std::string_view owner_key_id, std::string_view id) {
  return stmts_->query("DELETE FROM models WHERE id = ?1 AND owner_key_id = ?2")
             .bind(1, id)
             .bind(2, owner_key_id)
             .run() == 1;
}

}  // namespace genx3d
