#include "queue/amqp/cancel_messages.hpp"
#include "queue/cancelled_set.hpp"

#include <catch2/catch.hpp>

using namespace genx3d;

namespace {
JobPayload job(std::string id, std::optional<std::string> batch = std::nullopt) {
  JobPayload p;
  p.job_id = std::move(id);
  p.batch_id = std::move(batch);
  return p;
}
}  // namespace

TEST_CASE("a cancelled job or batch covers its jobs", "[cancelled_set]") {
  CancelledSet s;
  s.add("chat_1");
  s.add("batch_1");
  CHECK(s.covers(job("chat_1")));
  CHECK(s.covers(job("chat_2", "batch_1")));
  CHECK_FALSE(s.covers(job("chat_3")));
  CHECK_FALSE(s.covers(job("chat_3", "batch_2")));
}

TEST_CASE("the cancelled set forgets its oldest entries past capacity", "[cancelled_set]") {
  CancelledSet s(2);
  s.add("a");
  s.add("b");
  s.add("b");  // a duplicate takes no room
  s.add("c");
  CHECK(s.size() == 2);
  CHECK_FALSE(s.covers(job("a")));
  CHECK(s.covers(job("b")));
  CHECK(s.covers(job("c")));
}

TEST_CASE("cancel notices round-trip and reject empty ones", "[cancel_messages]") {
  auto j = amqp::decode_cancel(amqp::encode_cancel(CancelNotice{"chat_1", std::nullopt}));
  REQUIRE(j.has_value());
  CHECK(j->job_id == "chat_1");
  CHECK_FALSE(j->batch_id);
  auto b = amqp::decode_cancel(amqp::encode_cancel(CancelNotice{std::nullopt, "batch_1"}));
  REQUIRE(b.has_value());
  CHECK(b->batch_id == "batch_1");
  CHECK_FALSE(amqp::decode_cancel("{}").has_value());
  CHECK_FALSE(amqp::decode_cancel("nope").has_value());
}
