#include "api/outbox_marker.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace genx3d;
using namespace genx3d::api;
using namespace genx3d::test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

namespace {

// Queued jobs the broker has not confirmed yet, as the store sees them.
std::size_t unpublished(asio::io_context& ioc, StoreExecutor& store) {
  auto jobs = run_coro(ioc, store.run([](Store& s) { return s.unpublished_jobs(); }));
  REQUIRE(jobs.has_value());
  return jobs->size();
}

}  // namespace

TEST_CASE("confirmations from many threads all end up marked published", "[outbox_marker]") {
  asio::io_context ioc;
  MemoryStore ms;
  std::vector<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    Job job;
    job.id = new_id("chat");
    job.owner_key_id = ms.alice.record.id;
    job.session_id = "session_outbox";
    job.created_at_ms = 1000 + i;
    job.payload.job_id = job.id;
    job.payload.model = "gpt-4o-mini";
    job.payload.message = "cube";
    ids.push_back(job.id);
    auto r = run_coro(ioc, ms.executor->run([job](Store& s) {
      s.ensure_session(job.session_id, job.owner_key_id, job.created_at_ms);
      s.insert_job(job);
    }));
    REQUIRE(r.has_value());
  }
  REQUIRE(unpublished(ioc, *ms.executor) == 200);

  OutboxMarker marker(ioc.get_executor(), *ms.executor);
  std::vector<std::thread> brokers;
  for (int t = 0; t < 4; ++t) {
    brokers.emplace_back([&, t] {
      for (int i = t; i < 200; i += 4) marker.confirmed(ids[i]);
    });
  }
  for (auto& b : brokers) b.join();
  // All 200 arrived before the io_context ran the drain: one store operation takes them all.
  const auto ops_before = ms.executor->ops_done();
  run_until(
      ioc, [&] { return ms.executor->ops_done() > ops_before; }, 10s);
  CHECK(ms.executor->ops_done() == ops_before + 1);
  CHECK(unpublished(ioc, *ms.executor) == 0);

  // A confirmation after the drain finished starts a new one.
  marker.confirmed(ids[0]);  // already marked: a harmless no-op in the store
  const auto ops_again = ms.executor->ops_done();
  run_until(
      ioc, [&] { return ms.executor->ops_done() > ops_again; }, 10s);
}
