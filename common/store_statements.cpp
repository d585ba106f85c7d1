#include "common/store_statements.hpp"

#include "common/store.hpp"

#include <string>

namespace genx3d {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT store_write";
constexpr std::string_view kRelease = "RELEASE store_write";
constexpr std::string_view kRollbackTo = "ROLLBACK TO store_write";

// Enough of a statement to recognise it in an error message.
std::string sql_excerpt(sqlite3_stmt* stmt) {
  const char* sql = sqlite3_sql(stmt);
  std::string text = sql ? sql : "?";
  constexpr std::size_t kMax = 80;
  if (text.size() > kMax) text = text.substr(0, kMax) + "...";
  return text;
}

}  // namespace

void throw_store_error(sqlite3* db, std::string_view what) {
  throw StoreError("store: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

void exec_sql(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw StoreError("store: " + std::string(sql).substr(0, 80) + ": " + msg);
  }
}

// --- Query

Query::~Query() {
  // sqlite3_reset repeats the last step's error code; that error was already reported (thrown)
  // by step(), so it is ignored here.
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

void Query::check_bind(int rc) {
  if (rc != SQLITE_OK) throw_store_error(db_, "bind in " + sql_excerpt(stmt_));
}

Query& Query::bind(int index, std::string_view value) {
  check_bind(
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8));
  return *this;
}

Query& Query::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, value));
  return *this;
}

Query& Query::bind_optional(int index, const std::optional<std::string>& value) {
  if (value) return bind(index, std::string_view(*value));
  check_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

Query& Query::bind_optional(int index, const std::optional<std::int64_t>& value) {
  if (value) return bind(index, *value);
  check_bind(sqlite3_bind_null(stmt_, index));
  return *this;
}

bool Query::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_store_error(db_, sql_excerpt(stmt_));
}

std::int64_t Query::run() {
  while (step()) {
  }
  return sqlite3_changes64(db_);
}

std::string Query::text(int column) const {
  auto p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  // column_bytes after column_text: the order the SQLite documentation prescribes.
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::optional<std::string> Query::optional_text(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return text(column);
}

std::int64_t Query::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::optional<std::int64_t> Query::optional_int64(int column) const {
  if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
  return int64(column);
}

// --- StatementCache

StatementCache::~StatementCache() {
  for (auto& [sql, stmt] : stmts_) sqlite3_finalize(stmt);
}

Query StatementCache::query(std::string_view sql) {
  auto it = stmts_.find(sql);
  if (it == stmts_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      throw_store_error(db_, "prepare " + std::string(sql.substr(0, 80)));
    }
    it = stmts_.emplace(std::string(sql), stmt).first;
  }
  return Query(db_, it->second);
}

// --- SavepointGuard

SavepointGuard::SavepointGuard(StatementCache& cache)
    : cache_(cache), open_(sqlite3_get_autocommit(cache.db()) != 0) {
  if (open_) cache_.query(kSavepoint).run();
}

void SavepointGuard::release() {
  if (!open_) return;
  cache_.query(kRelease).run();
  open_ = false;
}

SavepointGuard::~SavepointGuard() {
  if (!open_) return;
  // Errors are swallowed: this runs while an exception unwinds, and if SQLite already rolled the
  // whole transaction back (disk full, I/O error) the savepoint is gone and there is nothing
  // left to undo.
  try {
    cache_.query(kRollbackTo).run();
    cache_.query(kRelease).run();
  } catch (...) {
  }
}

}  // namespace genx3d
