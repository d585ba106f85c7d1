#include "common/store.hpp"

#include <sqlite3.h>

namespace genx3d {
namespace {

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    throw StoreError(std::string(sql) + ": " + msg);
  }
}

}  // namespace

void Store::op_savepoint() { exec(db_, "SAVEPOINT op"); }
void Store::op_release() { exec(db_, "RELEASE op"); }
void Store::op_rollback() { exec(db_, "ROLLBACK TO op; RELEASE op"); }

}  // namespace genx3d
