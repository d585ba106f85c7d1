// Versioned schema migrations. The schema version lives in PRAGMA user_version; migration N
// moves a database from version N-1 to N. Migrations are append-only: a released one is never
// edited, a change to the schema is a new migration.
#pragma once

struct sqlite3;

namespace genx3d {

// The version a database has once every migration this binary knows is applied.
int latest_schema_version();

// The database's current PRAGMA user_version.
int read_schema_version(sqlite3* db);

// Applies every pending migration in order inside one write transaction, so a crash or a
// concurrent opener (serve and `keys create` on a fresh data dir) never sees half a schema.
// Throws StoreError if a migration fails (nothing is applied then) or if the database is newer
// than this binary.
void apply_migrations(sqlite3* db);
// The same up to `version` only: how tests make a database as an older release left it.
void apply_migrations(sqlite3* db, int version);

}  // namespace genx3d
