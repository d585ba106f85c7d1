#include "queue/batch_dispatcher.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace genx3d;

namespace {

// Records what reaches the broker.
struct FakeQueue : JobQueue {
  std::vector<std::string> submitted;
  std::vector<std::string> notices;
  std::vector<std::string> texts;  // the ready-made JSON each job came with ("" if none)
  void submit(JobPayload job) override {
    submitted.push_back(job.job_id);
    texts.emplace_back();
  }
  void submit(JobPayload job, std::string json) override {
    submitted.push_back(job.job_id);
    texts.push_back(std::move(json));
  }
  bool healthy() const override { return true; }
  bool durable() const override { return true; }
  void cancelled(const CancelNotice& n) override {
    notices.push_back(n.job_id.value_or(*n.batch_id));
  }
};

JobPayload job(std::string id, std::optional<std::string> owner = std::nullopt) {
  JobPayload p;
  p.job_id = std::move(id);
  if (owner) {
    p.batch_id = "batch_" + *owner;
    p.batch_owner = owner;
  }
  return p;
}

}  // namespace

TEST_CASE("interactive jobs pass straight through; batch jobs fill the window", "[dispatcher]") {
  FakeQueue broker;
  BatchDispatcher d(broker, 2);
  for (int i = 1; i <= 4; ++i) d.submit(job("a" + std::to_string(i), "key_a"));
  d.submit(job("chat"));
  CHECK(broker.submitted == std::vector<std::string>{"a1", "a2", "chat"});
  CHECK(d.in_flight() == 2);
  CHECK(d.waiting() == 2);
  d.finished("a1");
  CHECK(broker.submitted.back() == "a3");
  d.finished("chat");  // not a batch job: frees nothing
  CHECK(d.in_flight() == 2);
}

TEST_CASE("an interactive job's ready-made JSON reaches the broker's queue", "[dispatcher]") {
  FakeQueue broker;
  BatchDispatcher d(broker, 1);
  d.submit(job("chat"), R"({"job_id":"chat"})");
  d.submit(job("a1", "key_a"), R"({"job_id":"a1"})");  // batch jobs wait with their payload only
  CHECK(broker.submitted == std::vector<std::string>{"chat", "a1"});
  CHECK(broker.texts == std::vector<std::string>{R"({"job_id":"chat"})", ""});
}

TEST_CASE("a later key's batch gets the next slots in turn", "[dispatcher]") {
  FakeQueue broker;
  BatchDispatcher d(broker, 1);
  for (int i = 1; i <= 3; ++i) d.submit(job("a" + std::to_string(i), "key_a"));
  d.submit(job("b1", "key_b"));
  d.submit(job("b2", "key_b"));
  for (const char* id : {"a1", "a2", "b1", "a3", "b2"}) d.finished(id);
  CHECK(broker.submitted == std::vector<std::string>{"a1", "a2", "b1", "a3", "b2"});
}

TEST_CASE("a cancelled batch frees its slots and its waiting jobs are never sent", "[dispatcher]") {
  FakeQueue broker;
  BatchDispatcher d(broker, 2);
  for (int i = 1; i <= 5; ++i) d.submit(job("a" + std::to_string(i), "key_a"));
  d.submit(job("b1", "key_b"));
  d.cancelled(CancelNotice{std::nullopt, std::string("batch_key_a")});
  CHECK(broker.notices == std::vector<std::string>{"batch_key_a"});
  CHECK(broker.submitted == std::vector<std::string>{"a1", "a2", "b1"});
  CHECK(d.waiting() == 0);
  CHECK(d.in_flight() == 1);
}

TEST_CASE("a retry of a job in flight goes straight on", "[dispatcher]") {
  FakeQueue broker;
  BatchDispatcher d(broker, 1);
  d.submit(job("a1", "key_a"));
  d.submit(job("a2", "key_a"));
  d.submit(job("a1", "key_a"));  // the retry
  CHECK(broker.submitted == std::vector<std::string>{"a1", "a1"});
}
