#include "queue/start_announcer.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace genx3d;
using namespace genx3d::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {
struct Published {
  std::vector<std::pair<std::string, int>> events;
  int calls = 0;
  StartAnnouncer::Publish sink() {
    return [this](std::vector<StartedJob> jobs) {
      ++calls;
      for (auto& j : jobs) events.emplace_back(j.job_id, j.attempt);
    };
  }
};
}  // namespace

TEST_CASE("an attempt still running after the delay is announced once", "[start_announcer]") {
  asio::io_context ioc;
  Published out;
  StartAnnouncer a(20ms, out.sink());
  const auto t0 = std::chrono::steady_clock::now();
  a.started(ioc.get_executor(), "chat_1", 2);
  run_until(ioc, [&] { return !out.events.empty(); }, 5s);
  CHECK(std::chrono::steady_clock::now() - t0 >= 20ms);
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0] == std::pair<std::string, int>("chat_1", 2));
  a.finished("chat_1");  // after the announcement: nothing more to drop
  CHECK(a.announced() == 1);
  CHECK(a.skipped() == 0);
}

TEST_CASE("an attempt that ends within the delay is never announced", "[start_announcer]") {
  asio::io_context ioc;
  Published out;
  StartAnnouncer a(20ms, out.sink());
  a.started(ioc.get_executor(), "chat_quick", 1);
  a.started(ioc.get_executor(), "chat_slow", 1);
  a.finished("chat_quick");
  ioc.run();  // until the sweeper has announced chat_slow and, with nothing left, ended
  REQUIRE(out.events.size() == 1);
  CHECK(out.events[0].first == "chat_slow");
  CHECK(a.skipped() == 1);
}

TEST_CASE("pending announcements die with the announcer", "[start_announcer]") {
  asio::io_context ioc;
  Published out;
  {
    StartAnnouncer a(10ms, out.sink());
    a.started(ioc.get_executor(), "chat_1", 1);
  }
  ioc.run();  // the sweeper wakes after the announcer is gone, and ends
  CHECK(out.events.empty());
}

TEST_CASE("attempts due together are announced in one call", "[start_announcer]") {
  asio::io_context ioc;
  Published out;
  StartAnnouncer a(20ms, out.sink());
  a.started(ioc.get_executor(), "chat_1", 1);
  a.started(ioc.get_executor(), "chat_2", 3);
  a.started(ioc.get_executor(), "chat_3", 1);
  a.finished("chat_2");
  ioc.run();
  CHECK(out.calls == 1);
  REQUIRE(out.events.size() == 2);
  CHECK(out.events[0] == std::pair<std::string, int>("chat_1", 1));
  CHECK(out.events[1] == std::pair<std::string, int>("chat_3", 1));
  CHECK(a.announced() == 2);
}
