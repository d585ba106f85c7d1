#include "queue/lane_scheduler.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace genx3d;

namespace {

JobDelivery job(std::string id, std::optional<std::string> owner = std::nullopt) {
  JobDelivery d;
  d.payload.job_id = std::move(id);
  if (owner) {
    d.payload.batch_id = "batch_" + *owner;
    d.payload.batch_owner = owner;
  }
  return d;
}

std::vector<std::string> order(LaneScheduler& s) {
  std::vector<std::string> ids;
  while (auto d = s.pop()) ids.push_back(d->payload.job_id);
  return ids;
}

}  // namespace

TEST_CASE("interactive jobs leave before batch jobs queued earlier", "[lane_scheduler]") {
  LaneScheduler s;
  s.push(job("b1", "key_a"));
  s.push(job("b2", "key_a"));
  s.push(job("chat1"));
  s.push(job("b3", "key_a"));
  s.push(job("chat2"));
  CHECK(s.size() == 5);
  CHECK(s.interactive_size() == 2);
  CHECK(order(s) == std::vector<std::string>{"chat1", "chat2", "b1", "b2", "b3"});
  CHECK(s.empty());
}

TEST_CASE("batch jobs of different keys take turns", "[lane_scheduler]") {
  LaneScheduler s;
  for (int i = 1; i <= 4; ++i) s.push(job("a" + std::to_string(i), "key_a"));
  s.push(job("b1", "key_b"));
  s.push(job("b2", "key_b"));
  s.push(job("c1", "key_c"));
  CHECK(order(s) == std::vector<std::string>{"a1", "b1", "c1", "a2", "b2", "a3", "a4"});
}

TEST_CASE("a key that comes back after draining joins the end of the turns", "[lane_scheduler]") {
  LaneScheduler s;
  s.push(job("a1", "key_a"));
  s.push(job("b1", "key_b"));
  s.push(job("b2", "key_b"));
  CHECK(s.pop()->payload.job_id == "a1");
  s.push(job("a2", "key_a"));
  CHECK(order(s) == std::vector<std::string>{"b1", "a2", "b2"});
}

TEST_CASE("drain returns everything in pop order", "[lane_scheduler]") {
  LaneScheduler s;
  s.push(job("a1", "key_a"));
  s.push(job("chat"));
  auto all = s.drain();
  REQUIRE(all.size() == 2);
  CHECK(all[0].payload.job_id == "chat");
  CHECK(all[1].payload.job_id == "a1");
  CHECK(s.empty());
  CHECK_FALSE(s.pop());
}
