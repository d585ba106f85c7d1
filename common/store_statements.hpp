// The SQLite plumbing under Store: a cache of prepared statements, a Query that borrows one for
// a single use, and a SAVEPOINT guard. Each SQL text is prepared once (SQLITE_PREPARE_PERSISTENT)
// and reused, because the store runs thousands of short statements per second and preparing is
// a large share of each one's cost.
//
// Thread safety: none, like the Store that owns them.
#pragma once

#include "common/store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace genx3d {

// Throws StoreError naming `what` with SQLite's message for the connection.
[[noreturn]] void throw_store_error(sqlite3* db, std::string_view what);

// Runs uncached SQL that returns no rows we need (DDL, one-off pragmas, migrations).
void exec_sql(sqlite3* db, const char* sql);

// One use of a cached statement. Whatever way the scope is left, the destructor resets the
// statement and clears its bindings, so it never holds a read lock or a stale pointer between
// uses. Text is bound SQLITE_STATIC, not copied: SQLite reads it where it lies until the
// statement is reset (copying every bound string was ~1% of the API's instructions per job). So
// bound text must outlive the Query; the deleted overloads turn a temporary string into a
// compile error rather than a dangling pointer.
class Query {
 public:
  Query(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  // Parameters are 1-based, as in SQL (?1, ?2, …).
  Query& bind(int index, std::string_view value);
  Query& bind(int index, std::string&& value) = delete;
  Query& bind(int index, std::int64_t value);
  Query& bind_optional(int index, const std::optional<std::string>& value);
  Query& bind_optional(int index, std::optional<std::string>&& value) = delete;
  Query& bind_optional(int index, const std::optional<std::int64_t>& value);

  // True when a row is ready to read; false when the statement is done.
  bool step();
  // Steps to the end and returns how many rows the statement changed.
  std::int64_t run();

  // Columns are 0-based, as in the SQLite C API.
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::int64_t int64(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  void check_bind(int rc);
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// Prepared statements keyed by their SQL text, prepared on first use and finalized with the
// cache (which must therefore die before its connection is closed).
class StatementCache {
 public:
  explicit StatementCache(sqlite3* db) : db_(db) {}
  ~StatementCache();
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  Query query(std::string_view sql);
  sqlite3* db() const { return db_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, Hash, std::equal_to<>> stmts_;
};

// Makes one multi-row write atomic outside a transaction: a SAVEPOINT, which outside BEGIN is a
// transaction of its own. Unless release() was reached, the destructor rolls back to it and
// releases it: an exception leaves neither a half write nor an open savepoint behind.
// Inside a transaction (StoreExecutor's batch) it does nothing: there the transaction is the
// undo unit, rolled back whole when an operation throws. A savepoint per write made SQLite
// keep a statement journal, a copy of every page each write touched (about 8% of the server's
// instructions per job).
class SavepointGuard {
 public:
  explicit SavepointGuard(StatementCache& cache);
  ~SavepointGuard();
  SavepointGuard(const SavepointGuard&) = delete;
  SavepointGuard& operator=(const SavepointGuard&) = delete;

  void release();

 private:
  StatementCache& cache_;
  bool open_;
};

// Store's private cache, defined here so every store_*.cpp can reach the same statements.
struct Store::Statements : StatementCache {
  using StatementCache::StatementCache;
};

}  // namespace genx3d
