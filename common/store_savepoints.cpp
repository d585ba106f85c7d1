#include "common/store.hpp"

#include "common/store_statements.hpp"

namespace genx3d {

// Cached statements, not sqlite3_exec: these run twice per store operation, and parsing them
// anew each time took about 5% of the server's CPU under load.
void Store::op_savepoint() { stmts_->query("SAVEPOINT op").run(); }
void Store::op_release() { stmts_->query("RELEASE op").run(); }
void Store::op_rollback() {
  stmts_->query("ROLLBACK TO op").run();
  stmts_->query("RELEASE op").run();
}

}  // namespace genx3d
