#include "common/ids.hpp"
#include "common/store.hpp"
#include "common/store_migrations.hpp"
#include "common/store_rows.hpp"
#include "support/temp_db.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <string>

namespace fs = std::filesystem;
using namespace genx3d;

namespace {

using test::TempDb;

// A second, plain SQLite connection: sees only what the store committed, and can plant rows the
// public interface would never write.
struct RawDb {
  sqlite3* db = nullptr;
  explicit RawDb(const fs::path& path) {
    REQUIRE(sqlite3_open(path.string().c_str(), &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 2000);
  }
  ~RawDb() { sqlite3_close(db); }
  void exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    INFO(sql << ": " << message);
    REQUIRE(rc == SQLITE_OK);
  }
  // The first column of the first row as text ("" when there is no row).
  std::string scalar(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0)) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }
};

// A store with one key and one session of that key, and a helper to submit jobs into it.
struct World {
  std::unique_ptr<Store> store;
  ApiKeyRecord key;
  std::string session = "session_test";

  explicit World(const fs::path& file = ":memory:") : store(Store::open(file)) {
    key = store->create_key("owner", "hash-owner", "gx3d_AAAA", std::nullopt);
    REQUIRE(store->ensure_session(session, key.id, 1) == SessionAccess::created);
  }

  std::string submit(std::int64_t created_at_ms, const std::string& message = "make a cube") {
    Job job;
    job.id = new_id("chat");
    job.owner_key_id = key.id;
    job.session_id = session;
    job.payload.job_id = job.id;
    job.payload.model = "gpt-4o-mini";
    job.payload.message = message;
    job.created_at_ms = created_at_ms;
    store->insert_job(job);
    return job.id;
  }

  JobState state(const std::string& id) { return store->get_job_any_owner(id).value().state; }
};

ChatAnswer answer(const std::string& message, std::int64_t tokens = 10) {
  ChatAnswer a;
  a.message = message;
  a.code = "const c = CSG.cube({radius: 1});";
  a.model_used = "builtin/parametric";
  a.tokens_used = tokens;
  return a;
}

JobError error(std::string message) {
  return JobError{"provider_error", "provider_error", std::move(message)};
}

std::size_t utf8_chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

// --- Schema

TEST_CASE("migrations create every table and index", "[store]") {
  TempDb tmp;
  auto store = Store::open(tmp.path);
  CHECK(store->schema_version() == latest_schema_version());
  CHECK(latest_schema_version() >= 1);

  RawDb raw(tmp.path);
  for (const char* name :
       {"api_keys", "sessions", "exchanges", "jobs", "job_payloads", "models", "jobs_unfinished",
        "exchanges_by_question", "exchanges_by_answer", "models_by_owner"}) {
    INFO(name);
    CHECK(raw.scalar(std::string("SELECT name FROM sqlite_master WHERE name = '") + name + "'") ==
          name);
  }
  // Dropped by migration 6: every job paid for it, and only start-up read it.
  CHECK(raw.scalar("SELECT name FROM sqlite_master WHERE name = 'jobs_unpublished'").empty());
}

TEST_CASE("reopening a store keeps its data and applies no migration twice", "[store]") {
  TempDb tmp;
  std::string key_id;
  {
    auto store = Store::open(tmp.path);
    key_id = store->create_key("k", "hash-1", "gx3d_1234", 60).id;
  }
  auto store = Store::open(tmp.path);  // would fail on CREATE TABLE if migration 1 ran again
  CHECK(store->schema_version() == latest_schema_version());
  auto key = store->find_active_key_by_hash("hash-1");
  REQUIRE(key);
  CHECK(key->id == key_id);
}

TEST_CASE("a database newer than the program is refused", "[store]") {
  TempDb tmp;
  Store::open(tmp.path);
  RawDb(tmp.path).exec("PRAGMA user_version = " + std::to_string(latest_schema_version() + 1));
  CHECK_THROWS_AS(Store::open(tmp.path), StoreError);
}

namespace {

// How many temporary b-trees (OpenEphemeral) SQLite's program for `sql` opens.
int ephemeral_tables(RawDb& raw, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw.db, ("EXPLAIN " + sql).c_str(), -1, &stmt, nullptr) == SQLITE_OK);
  int n = 0;
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    n += std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1))) ==
         "OpenEphemeral";
  }
  sqlite3_finalize(stmt);
  return n;
}

}  // namespace

TEST_CASE("writing a job row builds no temporary b-tree, and the state CHECK still holds",
          "[store]") {
  TempDb tmp;
  World w(tmp.path);
  const std::string id = w.submit(10);
  RawDb raw(tmp.path);
  CHECK(ephemeral_tables(raw,
                         "INSERT INTO jobs (id, owner_key_id, session_id, state, model, attempts,"
                         " created_at) VALUES ('j', 'k', 's', 'queued', 'm', 0, 1)") == 0);
  CHECK(ephemeral_tables(raw, "UPDATE jobs SET state = 'succeeded' WHERE seq = 1") == 0);

  char* err = nullptr;
  CHECK(sqlite3_exec(raw.db, ("UPDATE jobs SET state = 'lost' WHERE id = '" + id + "'").c_str(),
                     nullptr, nullptr, &err) == SQLITE_CONSTRAINT);
  sqlite3_free(err);
  for (const char* state : {"running", "succeeded", "failed", "cancelled", "queued"}) {
    raw.exec("UPDATE jobs SET state = '" + std::string(state) + "' WHERE id = '" + id + "'");
  }
}

namespace {

// A database file as release `version` of the schema left it, with one key and one session.
void make_old_database(const fs::path& path, int version) {
  RawDb raw(path);
  apply_migrations(raw.db, version);
  raw.exec(
      "INSERT INTO api_keys (id, name, key_hash, prefix, created_at)"
      " VALUES ('key_1', 'k', 'hash-1', 'gx3d_1', 1);"
      "INSERT INTO sessions (id, owner_key_id, created_at) VALUES ('session_1', 'key_1', 1);");
}

// Inserts a job of session_1 (with its payload) the way releases before migration 5 did.
void insert_old_job(RawDb& raw, int seq, const std::string& id, const std::string& state,
                    std::int64_t created_at) {
  raw.exec("INSERT INTO jobs (seq, id, owner_key_id, session_id, state, model, created_at)"
           " VALUES (" + std::to_string(seq) + ", '" + id + "', 'key_1', 'session_1', '" + state +
           "', 'gpt-4o-mini', " + std::to_string(created_at) + ");"
           "INSERT INTO job_payloads (job_seq, payload) VALUES (" + std::to_string(seq) +
           ", '{\"job_id\":\"" + id + "\",\"model\":\"gpt-4o-mini\",\"message\":\"q\"}');");
}

}  // namespace

TEST_CASE("a schema 3 database gets the new state CHECK and keeps its jobs", "[store]") {
  TempDb tmp;
  make_old_database(tmp.path, 3);
  {
    RawDb raw(tmp.path);
    REQUIRE(raw.scalar("SELECT instr(sql, 'state IN (') > 0 FROM sqlite_schema"
                       " WHERE name = 'jobs'") == "1");
    insert_old_job(raw, 1, "chat_1", "queued", 10);
  }
  auto store = Store::open(tmp.path);
  CHECK(store->schema_version() == latest_schema_version());
  RawDb raw(tmp.path);
  CHECK(raw.scalar("SELECT instr(sql, 'state IN (') FROM sqlite_schema WHERE name = 'jobs'") ==
        "0");
  CHECK(raw.scalar("PRAGMA integrity_check") == "ok");
  CHECK(store->get_job_any_owner("chat_1").value().state == JobState::queued);
  CHECK(store->cancel_job("key_1", "chat_1", 20));
}

TEST_CASE("a schema 4 database's messages become exchanges with their ids and timestamps",
          "[store]") {
  TempDb tmp;
  make_old_database(tmp.path, 4);
  {
    RawDb raw(tmp.path);
    insert_old_job(raw, 1, "chat_1", "succeeded", 100);
    insert_old_job(raw, 2, "chat_2", "succeeded", 200);
    insert_old_job(raw, 3, "chat_3", "queued", 500);
    // The two jobs overlapped: both questions came before either answer.
    raw.exec(
        "INSERT INTO messages (id, session_id, role, content, code, job_seq, created_at) VALUES"
        " ('msg_q1', 'session_1', 'user', 'first', NULL, 1, 100),"
        " ('msg_q2', 'session_1', 'user', 'second', NULL, 2, 200),"
        " ('msg_a1', 'session_1', 'assistant', 'reply first', 'cube()', 1, 300),"
        " ('msg_a2', 'session_1', 'assistant', 'reply second', NULL, 2, 400)");
  }
  auto store = Store::open(tmp.path);
  CHECK(store->schema_version() == latest_schema_version());
  RawDb raw(tmp.path);
  CHECK(raw.scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'messages'") == "0");
  CHECK(raw.scalar("PRAGMA integrity_check") == "ok");
  CHECK(raw.scalar("PRAGMA foreign_key_check") == "");

  auto all = store->list_messages("session_1", 10, 0);
  REQUIRE(all.size() == 4);
  std::vector<std::string> ids;
  for (const auto& m : all) ids.push_back(m.id);
  CHECK(ids == std::vector<std::string>{"msg_q1", "msg_q2", "msg_a1", "msg_a2"});
  CHECK(all[2].role == "assistant");
  CHECK(all[2].content == "reply first");
  CHECK(all[2].code == std::optional<std::string>("cube()"));
  CHECK(all[2].job_id == "chat_1");
  CHECK(all[2].created_at_ms == 300);
  CHECK_FALSE(all[1].code);
  CHECK(store->count_messages("session_1") == 4);
  // The history goes on in the new table.
  REQUIRE(store->complete_job("chat_3", answer("reply third"), 600));
  CHECK(store->list_messages("session_1", 10, 0).size() == 6);
}

TEST_CASE("history reads merge the two halves in index order and sort nothing", "[store]") {
  TempDb tmp;
  World w(tmp.path);
  RawDb raw(tmp.path);
  CHECK(ephemeral_tables(raw, GX3D_SESSION_MESSAGES " ORDER BY at, seq, part LIMIT 5 OFFSET 2") ==
        0);
  CHECK(ephemeral_tables(raw, GX3D_SESSION_MESSAGES
                         " ORDER BY at DESC, seq DESC, part DESC LIMIT 5") == 0);
}

TEST_CASE("a file store is in WAL mode and enforces foreign keys", "[store]") {
  TempDb tmp;
  auto store = Store::open(tmp.path);
  CHECK(RawDb(tmp.path).scalar("PRAGMA journal_mode") == "wal");
  // foreign_keys is per connection, so it is observed through the store: a session cannot name
  // a key that does not exist.
  CHECK_THROWS_AS(store->ensure_session("s", "key_missing", 1), StoreError);
}

// --- API keys

TEST_CASE("an API key is found by its hash until it is revoked", "[store]") {
  auto store = Store::open(":memory:");
  auto created = store->create_key("ci", "hash-a", "gx3d_AbCd", 120);
  CHECK(created.id.rfind("key_", 0) == 0);

  auto found = store->find_active_key_by_hash("hash-a");
  REQUIRE(found);
  CHECK(found->id == created.id);
  CHECK(found->name == "ci");
  CHECK(found->prefix == "gx3d_AbCd");
  CHECK(found->rate_limit_per_minute == 120);
  CHECK(found->created_at_ms == created.created_at_ms);
  CHECK_FALSE(found->revoked_at_ms);
  CHECK(found->tokens_used == 0);
  CHECK_FALSE(store->find_active_key_by_hash("hash-b"));

  SECTION("revoked by id") {
    CHECK(store->revoke_key(created.id, 500));
    CHECK_FALSE(store->find_active_key_by_hash("hash-a"));
    CHECK_FALSE(store->revoke_key(created.id, 600));  // already revoked
    auto keys = store->list_keys();
    REQUIRE(keys.size() == 1);
    CHECK(keys[0].revoked_at_ms == 500);
  }
  SECTION("revoked by prefix") {
    CHECK(store->revoke_key("gx3d_AbCd", 500));
    CHECK_FALSE(store->find_active_key_by_hash("hash-a"));
  }
  SECTION("an unknown id or prefix revokes nothing") {
    CHECK_FALSE(store->revoke_key("gx3d_zzzz", 500));
    CHECK_FALSE(store->revoke_key("key_000000000000000000000000", 500));
    CHECK(store->find_active_key_by_hash("hash-a"));
  }
}

TEST_CASE("a key without its own rate limit reads back without one", "[store]") {
  auto store = Store::open(":memory:");
  store->create_key("a", "hash-a", "gx3d_aaaa", std::nullopt);
  store->create_key("b", "hash-b", "gx3d_bbbb", 5);
  auto keys = store->list_keys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].name == "a");  // oldest first
  CHECK_FALSE(keys[0].rate_limit_per_minute);
  CHECK(keys[1].rate_limit_per_minute == 5);
}

TEST_CASE("a prefix shared by two active keys revokes neither", "[store]") {
  auto store = Store::open(":memory:");
  store->create_key("a", "hash-a", "gx3d_same", std::nullopt);
  store->create_key("b", "hash-b", "gx3d_same", std::nullopt);
  CHECK_THROWS_AS(store->revoke_key("gx3d_same", 500), StoreError);
  CHECK(store->find_active_key_by_hash("hash-a"));
  CHECK(store->find_active_key_by_hash("hash-b"));
}

// --- Sessions

TEST_CASE("a session belongs to the key that first used it", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);

  CHECK(w.store->ensure_session("s1", w.key.id, 10) == SessionAccess::created);
  CHECK(w.store->ensure_session("s1", w.key.id, 11) == SessionAccess::owned);
  CHECK(w.store->ensure_session("s1", other.id, 12) == SessionAccess::foreign);

  CHECK(w.store->session_owned_by("s1", w.key.id) == true);
  CHECK(w.store->session_owned_by("s1", other.id) == false);
  CHECK_FALSE(w.store->session_owned_by("s2", w.key.id).has_value());
}

// --- Chat history

TEST_CASE("history is oldest first and pages with limit and offset", "[store]") {
  World w;
  // Three turns; the second job finishes first, but each message keeps its own timestamp.
  auto a = w.submit(100, "first");
  auto b = w.submit(200, "second");
  auto c = w.submit(300, "third");
  REQUIRE(w.store->complete_job(b, answer("reply second"), 250));
  REQUIRE(w.store->complete_job(a, answer("reply first"), 150));
  REQUIRE(w.store->complete_job(c, answer("reply third"), 350));

  auto all = w.store->list_messages(w.session, 50, 0);
  REQUIRE(all.size() == 6);
  std::vector<std::string> contents;
  for (const auto& m : all) contents.push_back(m.content);
  CHECK(contents == std::vector<std::string>{"first", "reply first", "second", "reply second",
                                             "third", "reply third"});
  CHECK(all[0].role == "user");
  CHECK(all[0].created_at_ms == 100);
  CHECK_FALSE(all[0].code);
  CHECK(all[1].role == "assistant");
  CHECK(all[1].code == std::optional<std::string>("const c = CSG.cube({radius: 1});"));
  CHECK(all[1].job_id == a);
  CHECK(all[1].id.rfind("msg_", 0) == 0);
  CHECK(w.store->count_messages(w.session) == 6);

  auto page = w.store->list_messages(w.session, 2, 3);
  REQUIRE(page.size() == 2);
  CHECK(page[0].content == "reply second");
  CHECK(page[1].content == "third");
  CHECK(w.store->list_messages(w.session, 50, 6).empty());

  auto recent = w.store->recent_messages(w.session, 3);
  REQUIRE(recent.size() == 3);
  CHECK(recent[0].content == "reply second");  // the newest three, still oldest first
  CHECK(recent[2].content == "reply third");

  CHECK(w.store->count_messages("session_other") == 0);
  CHECK(w.store->clear_messages(w.session) == 6);
  CHECK(w.store->count_messages(w.session) == 0);
  CHECK(w.store->list_messages(w.session, 50, 0).empty());
}

TEST_CASE("messages with equal timestamps keep insertion order", "[store]") {
  World w;
  auto a = w.submit(100, "q1");
  auto b = w.submit(100, "q2");
  REQUIRE(w.store->complete_job(a, answer("a1"), 100));
  REQUIRE(w.store->complete_job(b, answer("a2"), 100));
  auto all = w.store->list_messages(w.session, 10, 0);
  REQUIRE(all.size() == 4);
  CHECK(all[0].content == "q1");
  CHECK(all[1].content == "a1");
  CHECK(all[2].content == "q2");
  CHECK(all[3].content == "a2");
}

// --- 3D models

TEST_CASE("models are listed newest first and scoped to their owner", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);
  auto gear = w.store->create_model(w.key.id, "gear", "gear code", 100);
  auto cube = w.store->create_model(w.key.id, "cube", "cube code", 200);
  CHECK(gear.id.rfind("model_", 0) == 0);
  CHECK(gear.created_at_ms == 100);
  CHECK(gear.updated_at_ms == 100);

  auto got = w.store->get_model(w.key.id, gear.id);
  REQUIRE(got);
  CHECK(got->name == "gear");
  CHECK(got->code == "gear code");
  CHECK(got->owner_key_id == w.key.id);

  auto list = w.store->list_models(w.key.id, 50, 0);
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == cube.id);
  CHECK(list[1].id == gear.id);
  CHECK(w.store->list_models(w.key.id, 1, 1).at(0).id == gear.id);
  CHECK(w.store->count_models(w.key.id) == 2);

  SECTION("another owner sees nothing and changes nothing") {
    CHECK_FALSE(w.store->get_model(other.id, gear.id));
    CHECK(w.store->list_models(other.id, 50, 0).empty());
    CHECK(w.store->count_models(other.id) == 0);
    CHECK_FALSE(w.store->update_model(other.id, gear.id, "stolen", std::nullopt, 300));
    CHECK_FALSE(w.store->delete_model(other.id, gear.id));
    auto still = w.store->get_model(w.key.id, gear.id);
    REQUIRE(still);
    CHECK(still->name == "gear");
    CHECK(still->updated_at_ms == 100);
  }
  SECTION("an update changes only the given fields") {
    auto renamed = w.store->update_model(w.key.id, gear.id, "big gear", std::nullopt, 300);
    REQUIRE(renamed);
    CHECK(renamed->name == "big gear");
    CHECK(renamed->code == "gear code");
    CHECK(renamed->created_at_ms == 100);
    CHECK(renamed->updated_at_ms == 300);
    auto recoded = w.store->update_model(w.key.id, gear.id, std::nullopt, "", 400);
    REQUIRE(recoded);
    CHECK(recoded->name == "big gear");
    CHECK(recoded->code.empty());
    CHECK(w.store->get_model(w.key.id, gear.id)->code.empty());
  }
  SECTION("a deleted model is gone") {
    CHECK(w.store->delete_model(w.key.id, gear.id));
    CHECK_FALSE(w.store->get_model(w.key.id, gear.id));
    CHECK_FALSE(w.store->delete_model(w.key.id, gear.id));
    CHECK(w.store->count_models(w.key.id) == 1);
  }
}

// --- Jobs: guarded transitions

TEST_CASE("get_job_status reads a job's state and result without its payload", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);
  auto id = w.submit(1000, "a gear with 20 teeth");
  REQUIRE(w.store->mark_running(id, 1, 1100));
  ChatAnswer answer;
  answer.message = "here is a gear";
  answer.code = "const gear = cube(1);";
  answer.tokens_used = 42;
  REQUIRE(w.store->complete_job(id, answer, 1200));

  auto full = w.store->get_job(w.key.id, id).value();
  auto status = w.store->get_job_status(w.key.id, id);
  REQUIRE(status);
  CHECK(status->id == id);
  CHECK(status->state == JobState::succeeded);
  CHECK(status->session_id == full.session_id);
  CHECK(status->payload.model == "gpt-4o-mini");
  CHECK(status->payload.message.empty());  // the payload is not read
  CHECK(status->answer->message == "here is a gear");
  CHECK(status->answer->code == full.answer->code);
  CHECK(status->attempts == 1);
  CHECK(status->created_at_ms == 1000);
  CHECK(status->started_at_ms == 1100);
  CHECK(status->finished_at_ms == 1200);
  CHECK_FALSE(w.store->get_job_status(other.id, id));  // another key's job reads as missing
  CHECK_FALSE(w.store->get_job_status(w.key.id, "chat_unknown"));
}

TEST_CASE("a job is inserted queued and read back whole", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);
  auto id = w.submit(1000, "a gear with 20 teeth");

  auto job = w.store->get_job(w.key.id, id);
  REQUIRE(job);
  CHECK(job->state == JobState::queued);
  CHECK(job->session_id == w.session);
  CHECK(job->payload.message == "a gear with 20 teeth");
  CHECK(job->payload.model == "gpt-4o-mini");
  CHECK(job->created_at_ms == 1000);
  CHECK(job->attempts == 0);
  CHECK_FALSE(job->started_at_ms);
  CHECK_FALSE(job->answer);
  CHECK_FALSE(job->error);
  CHECK_FALSE(w.store->get_job(other.id, id));  // another key's job reads as missing
  CHECK(w.store->get_job_any_owner(id));
  CHECK_FALSE(w.store->get_job_any_owner("chat_unknown"));

  Job running = *job;
  running.id = new_id("chat");
  running.state = JobState::running;
  CHECK_THROWS_AS(w.store->insert_job(running), StoreError);
}

TEST_CASE("mark_running starts a queued job and restarts it only with a higher attempt",
          "[store]") {
  World w;
  auto id = w.submit(1000);
  CHECK(w.store->mark_running(id, 1, 1100));
  auto job = w.store->get_job_any_owner(id).value();
  CHECK(job.state == JobState::running);
  CHECK(job.attempts == 1);
  CHECK(job.started_at_ms == 1100);
  CHECK_FALSE(w.store->mark_running(id, 1, 1150));  // a duplicate start event
  CHECK(w.store->get_job_any_owner(id)->started_at_ms == 1100);
  CHECK(w.store->mark_running(id, 2, 1200));  // a redelivery after a worker died
  CHECK(w.store->get_job_any_owner(id)->attempts == 2);
  CHECK_FALSE(w.store->mark_running(id, 1, 1300));  // a late event of the first attempt
  CHECK(w.store->get_job_any_owner(id)->attempts == 2);
  REQUIRE(w.store->complete_job(id, answer("done", 1), 1400));
  CHECK_FALSE(w.store->mark_running(id, 3, 1500));  // final jobs never run again
  CHECK(w.store->get_job_any_owner(id)->state == JobState::succeeded);
  CHECK_FALSE(w.store->mark_running("chat_unknown", 1, 1200));
}

TEST_CASE("complete_job records the answer and two messages exactly once", "[store]") {
  World w;
  auto id = w.submit(1000, "a cube");
  REQUIRE(w.store->mark_running(id, 1, 1100));
  REQUIRE(w.store->complete_job(id, answer("here is a cube", 42), 1200));

  auto job = w.store->get_job_any_owner(id).value();
  CHECK(job.state == JobState::succeeded);
  CHECK(job.finished_at_ms == 1200);
  REQUIRE(job.answer);
  CHECK(job.answer->message == "here is a cube");
  CHECK(job.answer->tokens_used == 42);
  CHECK(job.answer->model_used == "builtin/parametric");
  auto messages = w.store->list_messages(w.session, 10, 0);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].content == "a cube");
  CHECK(messages[0].created_at_ms == 1000);  // the user's turn is dated at submission
  CHECK(messages[1].content == "here is a cube");
  CHECK(messages[1].created_at_ms == 1200);
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 42);

  // A duplicate result (say, a redelivered queue message) changes nothing.
  CHECK_FALSE(w.store->complete_job(id, answer("another answer", 42), 1300));
  CHECK(w.store->count_messages(w.session) == 2);
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 42);
  CHECK(w.store->get_job_any_owner(id)->answer->message == "here is a cube");
  CHECK_FALSE(w.store->fail_job(id, error("late failure"), 1300));
  CHECK_FALSE(w.store->cancel_job(w.key.id, id, 1300));
  CHECK_FALSE(w.store->requeue_job(id));
  CHECK(w.state(id) == JobState::succeeded);
}

TEST_CASE("a result may overtake its start event", "[store]") {
  World w;
  auto id = w.submit(1000);
  CHECK(w.store->complete_job(id, answer("fast"), 1100));
  CHECK(w.state(id) == JobState::succeeded);
  CHECK_FALSE(w.store->mark_running(id, 1, 1200));  // the late start event is ignored
  CHECK(w.state(id) == JobState::succeeded);
}

TEST_CASE("a failed job refuses a later result and adds no history", "[store]") {
  World w;
  auto id = w.submit(1000);
  REQUIRE(w.store->mark_running(id, 1, 1100));
  CHECK(w.store->fail_job(id, error("upstream timed out"), 1200));
  auto job = w.store->get_job_any_owner(id).value();
  CHECK(job.state == JobState::failed);
  CHECK(job.finished_at_ms == 1200);
  REQUIRE(job.error);
  CHECK(job.error->message == "upstream timed out");
  CHECK(job.error->type == "provider_error");

  CHECK_FALSE(w.store->complete_job(id, answer("too late"), 1300));
  CHECK_FALSE(w.store->fail_job(id, error("again"), 1300));
  CHECK(w.state(id) == JobState::failed);
  CHECK(w.store->count_messages(w.session) == 0);
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 0);
}

TEST_CASE("a failed job from the queue is final too", "[store]") {
  World w;
  auto id = w.submit(1000);
  CHECK(w.store->fail_job(id, error("model not available"), 1100));
  CHECK_FALSE(w.store->mark_running(id, 1, 1200));
  CHECK(w.state(id) == JobState::failed);
}

TEST_CASE("requeue moves only a running job back to the queue", "[store]") {
  World w;
  auto id = w.submit(1000);
  CHECK_FALSE(w.store->requeue_job(id));  // still queued
  REQUIRE(w.store->mark_running(id, 1, 1100));
  CHECK(w.store->requeue_job(id));
  auto job = w.store->get_job_any_owner(id).value();
  CHECK(job.state == JobState::queued);
  CHECK(job.attempts == 1);
  CHECK_FALSE(job.started_at_ms);
  CHECK(w.store->mark_running(id, 2, 1200));
  CHECK(w.store->get_job_any_owner(id)->attempts == 2);
}

TEST_CASE("only the owner can cancel, and only an unfinished job", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);
  auto queued = w.submit(1000);
  auto running = w.submit(1001);
  REQUIRE(w.store->mark_running(running, 1, 1100));

  CHECK_FALSE(w.store->cancel_job(other.id, queued, 1200));
  CHECK(w.state(queued) == JobState::queued);
  CHECK(w.store->cancel_job(w.key.id, queued, 1200));
  CHECK(w.store->cancel_job(w.key.id, running, 1200));
  CHECK(w.state(queued) == JobState::cancelled);
  CHECK(w.store->get_job_any_owner(running)->finished_at_ms == 1200);

  CHECK_FALSE(w.store->cancel_job(w.key.id, queued, 1300));
  CHECK_FALSE(w.store->complete_job(running, answer("finished anyway"), 1300));
  CHECK(w.state(running) == JobState::cancelled);
  CHECK(w.store->count_messages(w.session) == 0);
}

TEST_CASE("tokens accumulate per key over succeeded jobs", "[store]") {
  World w;
  auto other = w.store->create_key("other", "hash-other", "gx3d_OOOO", std::nullopt);
  REQUIRE(w.store->complete_job(w.submit(1), answer("a", 30), 10));
  REQUIRE(w.store->complete_job(w.submit(2), answer("b", 12), 11));
  REQUIRE(w.store->fail_job(w.submit(3), error("x"), 12));
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 42);
  CHECK(w.store->find_active_key_by_hash("hash-other")->tokens_used == 0);
  (void)other;
}

TEST_CASE("recovery returns unfinished jobs oldest first, all queued", "[store]") {
  World w;
  auto late_queued = w.submit(300);
  auto early_running = w.submit(100);
  auto done = w.submit(200);
  auto failed = w.submit(50);
  REQUIRE(w.store->mark_running(early_running, 1, 400));
  REQUIRE(w.store->complete_job(done, answer("ok"), 400));
  REQUIRE(w.store->fail_job(failed, error("no"), 400));

  auto jobs = w.store->recover_unfinished_jobs();
  REQUIRE(jobs.size() == 2);
  CHECK(jobs[0].id == early_running);
  CHECK(jobs[1].id == late_queued);
  CHECK(jobs[0].state == JobState::queued);
  CHECK(jobs[0].attempts == 1);  // the next attempt is numbered after it
  CHECK(w.state(early_running) == JobState::queued);
  CHECK(w.state(done) == JobState::succeeded);
  CHECK(w.store->recover_unfinished_jobs().size() == 2);  // recovering twice is harmless
}

TEST_CASE("the outbox lists queued jobs the broker never confirmed, oldest first", "[store]") {
  World w;
  auto late = w.submit(300);
  auto confirmed = w.submit(100);
  auto running = w.submit(150);
  auto done = w.submit(120);
  auto requeued = w.submit(200);
  auto early = w.submit(50);
  for (const auto& id : {confirmed, running, done, requeued}) {
    REQUIRE(w.store->mark_published(id, 400));
  }
  REQUIRE(w.store->mark_running(running, 1, 400));
  REQUIRE(w.store->complete_job(done, answer("ok"), 400));
  REQUIRE(w.store->mark_running(requeued, 1, 400));
  REQUIRE(w.store->requeue_job(requeued));  // a requeued job needs publishing again

  std::vector<std::string> ids;
  for (const auto& job : w.store->unpublished_jobs()) ids.push_back(job.id);
  CHECK(ids == std::vector<std::string>{early, requeued, late});
  CHECK(w.store->unpublished_jobs().front().payload.message == "make a cube");
}

TEST_CASE("a stored error message is capped at 2,000 characters", "[store]") {
  World w;
  SECTION("ASCII") {
    auto id = w.submit(1);
    REQUIRE(w.store->fail_job(id, error(std::string(5000, 'x')), 2));
    CHECK(w.store->get_job_any_owner(id)->error->message == std::string(2000, 'x'));
  }
  SECTION("multi-byte characters are never cut in two") {
    auto id = w.submit(1);
    std::string e_acute = "\xC3\xA9";
    std::string long_message;
    for (int i = 0; i < 2500; ++i) long_message += e_acute;
    REQUIRE(w.store->fail_job(id, error(long_message), 2));
    auto stored = w.store->get_job_any_owner(id)->error->message;
    CHECK(utf8_chars(stored) == 2000);
    CHECK(stored.size() == 4000);
    CHECK(long_message.rfind(stored, 0) == 0);
  }
  SECTION("a short message is kept as is, and invalid UTF-8 is no failure") {
    auto id = w.submit(1);
    REQUIRE(w.store->fail_job(id, error("bad byte \xFF here"), 2));
    CHECK(w.store->get_job_any_owner(id)->error->message.rfind("bad byte ", 0) == 0);
    auto short_id = w.submit(1);
    REQUIRE(w.store->fail_job(short_id, error("short"), 2));
    CHECK(w.store->get_job_any_owner(short_id)->error->message == "short");
  }
}

// --- Transactions

TEST_CASE("begin/commit batches several calls into one transaction", "[store]") {
  TempDb tmp;
  World w(tmp.path);
  RawDb raw(tmp.path);
  w.store->begin();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    auto id = w.submit(100 + i);
    REQUIRE(w.store->mark_running(id, 1, 200));
    REQUIRE(w.store->complete_job(id, answer("ok", 1), 300));
    ids.push_back(id);
  }
  // Not visible to another connection before the commit.
  CHECK(raw.scalar("SELECT count(*) FROM jobs") == "0");
  w.store->commit();
  CHECK(raw.scalar("SELECT count(*) FROM jobs WHERE state = 'succeeded'") == "5");
  CHECK(raw.scalar("SELECT count(*) FROM exchanges") == "5");
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 5);

  w.store->begin();
  w.submit(500);
  w.store->rollback();
  CHECK(raw.scalar("SELECT count(*) FROM jobs") == "5");
}

TEST_CASE("inside a transaction a multi-row write is undone with the transaction", "[store]") {
  World w;
  w.store->begin();
  auto kept = w.submit(1);
  w.store->commit();
  w.store->begin();
  auto dropped = w.submit(2);
  REQUIRE(w.store->complete_job(dropped, answer("undone"), 3));
  w.store->rollback();
  CHECK(w.store->get_job_any_owner(kept));
  CHECK_FALSE(w.store->get_job_any_owner(dropped));
  CHECK(w.store->count_messages(w.session) == 0);
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 0);
}

TEST_CASE("a complete_job that fails midway leaves no trace and no open savepoint", "[store]") {
  TempDb tmp;
  World w(tmp.path);
  auto id = w.submit(1000, "question");
  REQUIRE(w.store->mark_running(id, 1, 1100));
  // Plant an exchange for this job, so complete_job's insert breaks its primary key after the
  // job's update has run.
  RawDb raw(tmp.path);
  raw.exec(
      "INSERT INTO exchanges (job_seq, session_id, user_id, user_content, user_at, answer_id,"
      " answer_content, answer_at) VALUES ((SELECT seq FROM jobs WHERE id = '" +
      id + "'), '" + w.session + "', 'msg_q', 'planted', 1, 'msg_planted', 'planted', 1)");

  CHECK_THROWS_AS(w.store->complete_job(id, answer("real", 7), 1200), StoreError);
  CHECK(w.state(id) == JobState::running);
  CHECK(raw.scalar("SELECT count(*) FROM exchanges WHERE answer_content = 'real'") == "0");
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 0);
  // A savepoint left open outside BEGIN would be an open transaction, and BEGIN would fail.
  CHECK_NOTHROW(w.store->begin());
  CHECK_NOTHROW(w.store->commit());

  raw.exec("DELETE FROM exchanges WHERE answer_id = 'msg_planted'");
  CHECK(w.store->complete_job(id, answer("real", 7), 1300));
  CHECK(w.store->count_messages(w.session) == 2);
}

TEST_CASE("an outcome's attempt is recorded with it when its start never was", "[store]") {
  World w;
  auto quick = w.submit(1000);
  auto done = w.store->complete_job(quick, answer("a cube"), 1300, Store::AttemptRun{1, 1250});
  REQUIRE(done);
  CHECK(done->attempts == 1);
  CHECK(done->started_at_ms == 1250);
  auto stored = w.store->get_job_any_owner(quick).value();
  CHECK(stored.attempts == 1);
  CHECK(stored.started_at_ms == 1250);

  auto failing = w.submit(1000);
  REQUIRE(w.store->fail_job(failing, error("upstream down"), 1400, Store::AttemptRun{2, 1390}));
  auto failed = w.store->get_job_any_owner(failing).value();
  CHECK(failed.state == JobState::failed);
  CHECK(failed.attempts == 2);
  CHECK(failed.started_at_ms == 1390);
}

TEST_CASE("a reported start of the same attempt is kept by its outcome", "[store]") {
  World w;
  auto id = w.submit(1000);
  REQUIRE(w.store->mark_running(id, 1, 1100));
  auto done = w.store->complete_job(id, answer("a cube"), 1300, Store::AttemptRun{1, 1});
  REQUIRE(done);
  CHECK(done->started_at_ms == 1100);

  auto other = w.submit(1000);
  REQUIRE(w.store->mark_running(other, 1, 1100));
  REQUIRE(w.store->fail_job(other, error("upstream down"), 1400, Store::AttemptRun{1, 5}));
  CHECK(w.store->get_job_any_owner(other).value().started_at_ms == 1100);
  // Without `run`, fail_job leaves the attempt as it was.
  auto plain = w.submit(1000);
  REQUIRE(w.store->fail_job(plain, error("bad request"), 1400));
  auto p = w.store->get_job_any_owner(plain).value();
  CHECK(p.attempts == 0);
  CHECK_FALSE(p.started_at_ms);
}

TEST_CASE("tokens used inside a transaction reach their key once, at commit", "[store]") {
  World w;
  w.store->begin();
  for (int i = 0; i < 3; ++i) {
    auto id = w.submit(1000 + i);
    REQUIRE(w.store->complete_job(id, answer("a cube", 7), 2000 + i));
  }
  w.store->commit();
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 21);

  w.store->begin();
  auto dropped = w.submit(3000);
  REQUIRE(w.store->complete_job(dropped, answer("undone", 5), 3100));
  w.store->rollback();
  w.store->begin();
  w.store->commit();  // the rolled back tokens are not carried into a later commit
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 21);
  // Outside a transaction they are added at once.
  auto direct = w.submit(4000);
  REQUIRE(w.store->complete_job(direct, answer("a cube", 2), 4100));
  CHECK(w.store->find_active_key_by_hash("hash-owner")->tokens_used == 23);
}
