#include "common/ids.hpp"
#include "common/store.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace genx3d;

namespace {

struct Rig {
  std::unique_ptr<Store> store = Store::open(":memory:");
  std::string owner = store->create_key("owner", "hash_owner", "gx3d_own", std::nullopt).id;
  std::string other = store->create_key("other", "hash_other", "gx3d_oth", std::nullopt).id;

  // A batch of `n` queued jobs, custom ids c0..c(n-1); returns the batch and its job ids.
  std::pair<BatchRecord, std::vector<std::string>> batch(int n) {
    BatchRecord b = store->insert_batch(owner, n, std::string(R"({"set":"t"})"), 1000);
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      Job job;
      job.id = new_id("chat");
      job.owner_key_id = owner;
      job.session_id = new_id("session");
      job.created_at_ms = 1000;
      job.payload.job_id = job.id;
      job.payload.model = "builtin/parametric";
      job.payload.message = "cube " + std::to_string(i);
      store->ensure_session(job.session_id, owner, 1000);
      store->insert_job(job);
      store->link_batch_job(b.seq, job.id, "c" + std::to_string(i));
      ids.push_back(job.id);
    }
    return {b, ids};
  }
};

ChatAnswer answer() {
  ChatAnswer a;
  a.message = "done";
  a.model_used = "builtin/parametric";
  return a;
}

}  // namespace

TEST_CASE("a batch's counts and status follow its jobs", "[store][batches]") {
  Rig rig;
  auto [b, ids] = rig.batch(4);
  auto read = [&] { return *rig.store->get_batch(rig.owner, b.id); };
  CHECK(read().counts == BatchCounts{4, 4, 0, 0, 0, 0});
  CHECK(batch_status(read()) == BatchStatus::queued);
  REQUIRE(rig.store->mark_running(ids[0], 1, 2000));
  CHECK(batch_status(read()) == BatchStatus::in_progress);
  REQUIRE(rig.store->complete_job(ids[0], answer(), 2100));
  REQUIRE(rig.store->fail_job(ids[1], JobError{"provider_error", "x", "boom"}, 2200));
  CHECK(read().counts == BatchCounts{4, 2, 0, 1, 1, 0});
  CHECK_FALSE(read().finished_at_ms);
  REQUIRE(rig.store->complete_job(ids[2], answer(), 2300));
  REQUIRE(rig.store->complete_job(ids[3], answer(), 2400));
  CHECK(batch_status(read()) == BatchStatus::completed);
  CHECK(read().finished_at_ms == 2400);
  CHECK(read().metadata == std::string(R"({"set":"t"})"));
}

TEST_CASE("another key never sees a batch", "[store][batches]") {
  Rig rig;
  auto [b, ids] = rig.batch(1);
  CHECK_FALSE(rig.store->get_batch(rig.other, b.id));
  CHECK_FALSE(rig.store->cancel_batch(rig.other, b.id, 5000));
  CHECK(rig.store->list_batches(rig.other, 10, 0).empty());
  CHECK(rig.store->count_batches(rig.owner) == 1);
  CHECK(rig.store->get_batch(rig.owner, b.id)->counts.queued == 1);
}

TEST_CASE("cancelling a batch cancels its queued jobs; running ones finish", "[store][batches]") {
  Rig rig;
  auto [b, ids] = rig.batch(3);
  REQUIRE(rig.store->mark_running(ids[0], 1, 2000));
  REQUIRE(rig.store->complete_job(ids[1], answer(), 2000));
  auto c = rig.store->cancel_batch(rig.owner, b.id, 3000);
  REQUIRE(c);
  CHECK(c->counts == BatchCounts{3, 0, 1, 1, 0, 1});
  CHECK(batch_status(*c) == BatchStatus::cancelling);
  // A cancelled job can never start or finish afterwards.
  CHECK_FALSE(rig.store->mark_running(ids[2], 1, 3100));
  CHECK_FALSE(rig.store->complete_job(ids[2], answer(), 3100));
  REQUIRE(rig.store->complete_job(ids[0], answer(), 3200));
  auto done = *rig.store->get_batch(rig.owner, b.id);
  CHECK(batch_status(done) == BatchStatus::cancelled);
  CHECK(done.counts.succeeded + done.counts.failed + done.counts.cancelled == done.counts.total);
}

TEST_CASE("results page through the final jobs in submission order", "[store][batches]") {
  Rig rig;
  auto [b, ids] = rig.batch(5);
  for (int i : {4, 0, 2}) REQUIRE(rig.store->complete_job(ids[i], answer(), 2000 + i));
  auto page1 = rig.store->batch_results(b.seq, 0, 2);
  REQUIRE(page1.size() == 2);
  CHECK(page1[0].custom_id == "c0");
  CHECK(page1[1].custom_id == "c2");
  CHECK(page1[1].job.answer->message == "done");
  auto page2 = rig.store->batch_results(b.seq, page1.back().job_seq, 2);
  REQUIRE(page2.size() == 1);
  CHECK(page2[0].custom_id == "c4");
  CHECK(rig.store->batch_results(b.seq, page2.back().job_seq, 2).empty());
}

TEST_CASE("idempotency keys are per owner and expire", "[store][idempotency]") {
  Rig rig;
  rig.store->put_idempotency_key(rig.owner, "k1", {"chat", "h1", "chat_1"}, 10'000);
  auto found = rig.store->find_idempotency_key(rig.owner, "k1", 5'000);
  REQUIRE(found);
  CHECK(found->target_id == "chat_1");
  CHECK(found->request_hash == "h1");
  CHECK_FALSE(rig.store->find_idempotency_key(rig.other, "k1", 0));
  CHECK_FALSE(rig.store->find_idempotency_key(rig.owner, "k1", 20'000));  // expired
  rig.store->put_idempotency_key(rig.owner, "k1", {"batch", "h2", "batch_2"}, 30'000);
  CHECK(rig.store->find_idempotency_key(rig.owner, "k1", 20'000)->target_id == "batch_2");
}
