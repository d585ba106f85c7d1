#include "queue/outcome_batcher.hpp"
#include "support/run_coro.hpp"

#include <boost/asio/io_context.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

using namespace genx3d;
using namespace genx3d::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// A broker stand-in that confirms nothing until the test says so.
struct Broker {
  struct Message {
    std::vector<std::string> job_ids;
    OutcomeBatcher::Confirmed confirm;
  };
  std::vector<Message> published;

  // Runs `ioc` until `n` messages were published, or 5 s have passed.
  void await_published(asio::io_context& ioc, std::size_t n) {
    run_until(
        ioc, [&] { return published.size() == n; }, 5s);
  }

  OutcomeBatcher::Publish sink() {
    return [this](std::vector<JobOutcome> outcomes, OutcomeBatcher::Confirmed confirmed) {
      Message m;
      for (const auto& o : outcomes) m.job_ids.push_back(o.job_id);
      m.confirm = std::move(confirmed);
      published.push_back(std::move(m));
    };
  }
};

JobOutcome outcome(std::string id) {
  JobOutcome o;
  o.job_id = std::move(id);
  return o;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("an idle batcher publishes an outcome at once and alone; it ends at the confirm",
          "[outcome_batcher]") {
  asio::io_context ioc;
  Broker broker;
  OutcomeBatcher batcher(broker.sink());
  auto done = spawn(ioc, batcher.finished(outcome("chat_1")));
  broker.await_published(ioc, 1);
  REQUIRE(broker.published.size() == 1);
  CHECK(broker.published[0].job_ids == Ids{"chat_1"});
  ioc.poll();
  CHECK_FALSE(done->done);  // not confirmed yet: the job must not be acked
  broker.published[0].confirm();
  run_until(
      ioc, [&] { return done->done; }, 5s);
  CHECK(done->done);
  CHECK(batcher.batches() == 1);
  CHECK(batcher.outcomes() == 1);
}

TEST_CASE("outcomes handed in during a round trip go out together after its confirm",
          "[outcome_batcher]") {
  asio::io_context ioc;
  Broker broker;
  OutcomeBatcher batcher(broker.sink());
  auto first = spawn(ioc, batcher.finished(outcome("chat_1")));
  broker.await_published(ioc, 1);
  std::vector<std::shared_ptr<Slot<void>>> later;
  for (const char* id : {"chat_2", "chat_3", "chat_4"}) {
    later.push_back(spawn(ioc, batcher.finished(outcome(id))));
  }
  ioc.poll();
  CHECK(broker.published.size() == 1);  // they wait for the first batch's confirm

  broker.published[0].confirm();
  run_until(
      ioc, [&] { return first->done && broker.published.size() == 2; }, 5s);
  REQUIRE(broker.published.size() == 2);
  CHECK(broker.published[1].job_ids == Ids{"chat_2", "chat_3", "chat_4"});
  ioc.poll();
  for (const auto& slot : later) CHECK_FALSE(slot->done);

  broker.published[1].confirm();
  run_until(
      ioc, [&] { return later[0]->done && later[1]->done && later[2]->done; }, 5s);
  CHECK(batcher.batches() == 2);
  CHECK(batcher.outcomes() == 4);
  // Idle again: the next outcome goes at once.
  spawn(ioc, batcher.finished(outcome("chat_5")));
  broker.await_published(ioc, 3);
  CHECK(broker.published[2].job_ids == Ids{"chat_5"});
}

TEST_CASE("a batch holds at most max_batch outcomes; the rest follow in order",
          "[outcome_batcher]") {
  asio::io_context ioc;
  Broker broker;
  OutcomeBatcher batcher(broker.sink(), 2);
  spawn(ioc, batcher.finished(outcome("a")));
  broker.await_published(ioc, 1);
  for (const char* id : {"b", "c", "d"}) spawn(ioc, batcher.finished(outcome(id)));
  ioc.poll();
  broker.published[0].confirm();
  broker.await_published(ioc, 2);
  CHECK(broker.published[1].job_ids == Ids{"b", "c"});
  broker.published[1].confirm();
  broker.await_published(ioc, 3);
  CHECK(broker.published[2].job_ids == Ids{"d"});
}

TEST_CASE("a confirm arriving after the batcher is gone publishes nothing more",
          "[outcome_batcher]") {
  asio::io_context ioc;
  Broker broker;
  auto batcher = std::make_unique<OutcomeBatcher>(broker.sink());
  spawn(ioc, batcher->finished(outcome("chat_1")));
  broker.await_published(ioc, 1);
  spawn(ioc, batcher->finished(outcome("chat_2")));
  ioc.poll();
  batcher.reset();
  broker.published[0].confirm();  // the state outlives the batcher; the waiting one is dropped
  ioc.poll();
  CHECK(broker.published.size() == 1);
}
