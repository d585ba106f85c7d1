#include "queue/inproc/inproc_event_sink.hpp"
#include "support/recording_event_sink.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>

using namespace genx3d;
using namespace genx3d::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {
JobPayload payload(std::string id) {
  JobPayload p;
  p.job_id = std::move(id);
  p.attempt = 1;
  return p;
}
JobOutcome outcome(std::string id, std::int64_t run_ms) {
  JobOutcome o;
  o.job_id = std::move(id);
  o.attempt = 1;
  o.run_ms = run_ms;
  return o;
}
}  // namespace

TEST_CASE("in process, a quick attempt reaches the API only as its outcome", "[inproc_events]") {
  asio::io_context ioc;
  RecordingEventSink api;
  InprocEventSink sink(api, ioc.get_executor(), 30ms);
  CHECK(run_coro(ioc, sink.start(payload("chat_1"))));
  run_coro(ioc, sink.finished(outcome("chat_1", 2)));
  run_coro(ioc, sleep_for(60ms));  // past the delay: the pending announcement finds it ended
  CHECK(api.started_count("chat_1") == 0);
  CHECK(api.finished_count("chat_1") == 1);
  REQUIRE(api.outcomes().size() == 1);
  CHECK(api.outcomes()[0].run_ms == 2);
  CHECK(sink.starts().skipped() == 1);
  CHECK(sink.starts().announced() == 0);
}

TEST_CASE("in process, a slow attempt's start is announced after the delay", "[inproc_events]") {
  asio::io_context ioc;
  RecordingEventSink api;
  InprocEventSink sink(api, ioc.get_executor(), 20ms);
  CHECK(run_coro(ioc, sink.start(payload("chat_1"))));
  CHECK(api.started_count("chat_1") == 0);
  run_until(ioc, [&] { return api.started_count("chat_1") == 1; }, 5s);
  run_coro(ioc, sink.finished(outcome("chat_1", 40)));
  CHECK(api.started_count("chat_1") == 1);
  CHECK(api.finished_count("chat_1") == 1);
  CHECK(sink.starts().announced() == 1);
}
