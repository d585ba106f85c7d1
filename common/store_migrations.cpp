#include "common/store_migrations.hpp"

#include "common/store.hpp"
#include "common/store_statements.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <iterator>
#include <string>

namespace genx3d {
namespace {

// Timestamps are integer Unix milliseconds. JSON columns hold the job_json.hpp forms.
// Keys are never deleted (only revoked), so the references to api_keys never block a delete.
constexpr const char* kMigrations[] = {
    // 1: the first schema.
    R"sql(
-- Tables listed in order get an explicit seq INTEGER PRIMARY KEY: it breaks ties between rows
-- made in the same millisecond by insertion order, and unlike an implicit rowid VACUUM keeps it.
CREATE TABLE api_keys (
  seq                   INTEGER PRIMARY KEY,
  id                    TEXT NOT NULL UNIQUE,
  name                  TEXT NOT NULL,
  key_hash              TEXT NOT NULL UNIQUE,
  prefix                TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  revoked_at            INTEGER,
  rate_limit_per_minute INTEGER,
  tokens_used           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
  id           TEXT PRIMARY KEY,
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  created_at   INTEGER NOT NULL
);

-- seq is the job's insertion order and the link to its payload; id (random, unguessable) is what
-- clients see.
CREATE TABLE jobs (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  session_id   TEXT NOT NULL REFERENCES sessions (id),
  state        TEXT NOT NULL
               CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  model        TEXT NOT NULL,
  answer       TEXT,
  error        TEXT,
  attempts     INTEGER NOT NULL DEFAULT 0,
  created_at   INTEGER NOT NULL,
  started_at   INTEGER,
  finished_at  INTEGER
);
-- Recovery reads the unfinished jobs oldest first. A partial index holds only those, so it stays
-- small however many finished jobs pile up, and queued <-> running moves do not touch it.
-- Queries must spell its predicate exactly (state IN ('queued', 'running')) to use it.
CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE state IN ('queued', 'running');

-- The payload (the JSON JobPayload, with up to the history budget of earlier turns) is written
-- once and never changes. In the jobs row it would be copied again by every state change, since
-- SQLite rewrites a whole row on UPDATE; here the hot row stays small. Keyed by jobs.seq, so
-- inserts append instead of landing on a random page.
CREATE TABLE job_payloads (
  job_seq INTEGER PRIMARY KEY REFERENCES jobs (seq),
  payload TEXT NOT NULL
);

-- A message belongs to the job that produced it: UNIQUE (job_seq, role) makes "one user and one
-- assistant message per job" a property of the schema, not only of complete_job's guard. It is
-- keyed by the job's seq, not its random id, so the index grows at its end instead of dirtying
-- a random page per insert (measured: ~40% more jobs/s at 60k jobs). The job id is read back
-- through jobs.seq.
-- id gets no index: nothing looks a message up by id.
CREATE TABLE messages (
  seq        INTEGER PRIMARY KEY,
  id         TEXT NOT NULL,
  session_id TEXT NOT NULL REFERENCES sessions (id),
  role       TEXT NOT NULL CHECK (role IN ('user', 'assistant')),
  content    TEXT NOT NULL,
  code       TEXT,
  job_seq    INTEGER NOT NULL REFERENCES jobs (seq),
  created_at INTEGER NOT NULL,
  UNIQUE (job_seq, role)
);
-- History is ordered by (created_at, seq). Every index ends with the rowid (= seq) implicitly, so
-- this one serves that order with no sort step.
CREATE INDEX messages_by_session ON messages (session_id, created_at);

CREATE TABLE models (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  name         TEXT NOT NULL,
  code         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX models_by_owner ON models (owner_key_id, created_at);
)sql",
    // 2: the outbox of distributed mode. published_at is set once the broker confirmed the
    // job's message; a restart publishes again only the queued jobs without it.
    R"sql(
ALTER TABLE jobs ADD COLUMN published_at INTEGER;
CREATE INDEX jobs_unpublished ON jobs (created_at) WHERE state = 'queued' AND published_at IS NULL;
)sql",
    // 3: batches (many chat jobs submitted at once) and Idempotency-Key records. A batch's jobs
    // are ordinary jobs; batch_jobs links them, so the hot jobs row does not grow.
    R"sql(
CREATE TABLE batches (
  seq          INTEGER PRIMARY KEY,
  id           TEXT NOT NULL UNIQUE,
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  total        INTEGER NOT NULL,
  metadata     TEXT,
  created_at   INTEGER NOT NULL,
  cancel_requested_at INTEGER
);
CREATE INDEX batches_by_owner ON batches (owner_key_id, created_at);

-- Keyed by the job's seq: results page through a batch in submission order, and the counts
-- join to jobs by primary key.
CREATE TABLE batch_jobs (
  job_seq   INTEGER PRIMARY KEY REFERENCES jobs (seq),
  batch_seq INTEGER NOT NULL REFERENCES batches (seq),
  custom_id TEXT NOT NULL,
  UNIQUE (batch_seq, custom_id)
);
CREATE INDEX batch_jobs_by_batch ON batch_jobs (batch_seq, job_seq);

-- A retried POST with the same Idempotency-Key returns what the first one created. Scoped to
-- the key's owner; request_hash tells a replay from a different request reusing the key.
CREATE TABLE idempotency_keys (
  owner_key_id TEXT NOT NULL REFERENCES api_keys (id),
  key          TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('chat', 'batch')),
  request_hash TEXT NOT NULL,
  target_id    TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  PRIMARY KEY (owner_key_id, key)
) WITHOUT ROWID;
)sql",
    // 4: the jobs.state CHECK spelled as ORs. SQLite codes a CHECK's IN list of more than two
    // constants as a temporary b-tree, built for every row written, so each insert and state
    // change of a job opened and filled one (callgrind: ~5% of all instructions per job in
    // `serve`). The ORs accept exactly the same values and are plain comparisons.
    // A table's constraints cannot be altered, so the stored CREATE TABLE text is edited in place:
    // the procedure the SQLite manual gives for changing CHECK constraints, which do not touch the
    // rows on disk (https://sqlite.org/lang_altertable.html#otheralter). Every row already
    // satisfies the new CHECK, since it admits the same set. apply_migrations then bumps
    // schema_version, so every connection parses the new text.
    R"sql(
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql,
                     'CHECK (state IN (''queued'', ''running'', ''succeeded'','
                     || ' ''failed'', ''cancelled''))',
                     'CHECK (state = ''queued'' OR state = ''running'' OR state = ''succeeded'''
                     || ' OR state = ''failed'' OR state = ''cancelled'')')
 WHERE type = 'table' AND name = 'jobs';
PRAGMA writable_schema = OFF;
)sql",
    // 5: one history row per exchange (a job's user message and its answer) instead of a row
    // per message. complete_job wrote two rows, each with two index entries and two foreign-key
    // checks; one row keyed by its job's seq needs no UNIQUE index to hold "one question and one
    // answer per job" (callgrind: ~20k fewer instructions per job, ~4%). Each message keeps its
    // id and timestamp. History is read as the union of the two halves in timestamp order; an
    // index per half gives each in that order, so SQLite merges them without sorting.
    R"sql(
CREATE TABLE exchanges (
  job_seq        INTEGER PRIMARY KEY REFERENCES jobs (seq),
  session_id     TEXT NOT NULL REFERENCES sessions (id),
  user_id        TEXT NOT NULL,
  user_content   TEXT NOT NULL,
  user_at        INTEGER NOT NULL,
  answer_id      TEXT NOT NULL,
  answer_content TEXT NOT NULL,
  answer_code    TEXT,
  answer_at      INTEGER NOT NULL
);
CREATE INDEX exchanges_by_question ON exchanges (session_id, user_at);
CREATE INDEX exchanges_by_answer ON exchanges (session_id, answer_at);
-- complete_job wrote both messages of a job or neither, so every user message has its answer.
INSERT INTO exchanges (job_seq, session_id, user_id, user_content, user_at, answer_id,
                       answer_content, answer_code, answer_at)
SELECT u.job_seq, u.session_id, u.id, u.content, u.created_at, a.id, a.content, a.code,
       a.created_at
  FROM messages u JOIN messages a ON a.job_seq = u.job_seq AND a.role = 'assistant'
 WHERE u.role = 'user';
DROP TABLE messages;
)sql",
    // 6: no index of unpublished jobs. Only a distributed API's start-up reads them, yet every
    // job entered the index when inserted and left it when published (or, in embedded mode, when
    // finished): a B-tree insert and delete per job, and one more page in most commits' share of
    // the write-ahead log. The start-up query reads the unfinished jobs through jobs_unfinished
    // instead and skips the published ones.
    R"sql(
DROP INDEX jobs_unpublished;
)sql",
};

constexpr int kLatest = static_cast<int>(std::size(kMigrations));

}  // namespace

int latest_schema_version() { return kLatest; }

namespace {

int pragma_int(sqlite3* db, const char* pragma) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, pragma, -1, &stmt, nullptr) != SQLITE_OK) {
    throw_store_error(db, pragma);
  }
  int rc = sqlite3_step(stmt);
  int value = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (value < 0) throw_store_error(db, pragma);
  return value;
}

}  // namespace

int read_schema_version(sqlite3* db) { return pragma_int(db, "PRAGMA user_version"); }

void apply_migrations(sqlite3* db) { apply_migrations(db, kLatest); }

void apply_migrations(sqlite3* db, int target) {
  // Cheap check first: an up-to-date database (every open after the first) takes no write lock.
  if (read_schema_version(db) == target) return;

  // IMMEDIATE: take the write lock before reading the version, so two processes migrating a
  // fresh file at once serialise, and the second finds nothing left to do.
  exec_sql(db, "BEGIN IMMEDIATE");
  try {
    int current = read_schema_version(db);
    if (current > kLatest) {
      throw StoreError("store: database schema version " + std::to_string(current) +
                       " is newer than this program's (" + std::to_string(kLatest) +
                       "); upgrade genx3d");
    }
    for (int version = current + 1; version <= std::min(target, kLatest); ++version) {
      exec_sql(db, kMigrations[version - 1]);
      // PRAGMA takes no bound parameters; the value is our own integer.
      exec_sql(db, ("PRAGMA user_version = " + std::to_string(version)).c_str());
    }
    // DDL bumps the schema cookie itself; an edit of sqlite_schema's text (migration 4) does
    // not, and without a bump every connection, this one included, keeps the schema it parsed.
    const int cookie = pragma_int(db, "PRAGMA schema_version");
    exec_sql(db, ("PRAGMA schema_version = " + std::to_string(cookie + 1)).c_str());
    exec_sql(db, "COMMIT");
  } catch (...) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

}  // namespace genx3d
