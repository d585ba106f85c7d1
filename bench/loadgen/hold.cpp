// hold: keeps N idle long-polls open (GET /api/v1/jobs/{id}?wait=60 on jobs that stay queued
// behind a slow provider), then, while they are held, checks that other requests are still
// served: a probe sends a health check, a job read and a chat submit ten times a second. The
// report's latency is the probe's; the API's peak RSS is the figure the issue targets.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/beast/http/verb.hpp>

#include "loadgen/run_context.hpp"

namespace genx3d::bench {
namespace asio = boost::asio;
using boost::beast::http::verb;

namespace {

struct HoldState {
  int waiting = 0;         // long-polls sent and not answered
  int finished_early = 0;  // jobs that became final while held (should stay 0)
  int errors = 0;
  bool stop = false;
};

asio::awaitable<void> submit_lane(RunContext& ctx, std::vector<std::string>& ids, Tally& tally) {
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  while (static_cast<int>(ids.size()) < ctx.opt.holds) {
    ids.emplace_back();  // reserve the slot before suspending, so lanes never overshoot
    auto slot = ids.size() - 1;
    JobOutcome out = co_await submit_job(conn, ctx.chat_spec());
    if (out.id.empty()) tally.failed("submit: " + out.failure);
    ids[slot] = out.id;
  }
}

asio::awaitable<std::vector<std::string>> submit_all(RunContext& ctx) {
  std::vector<std::string> ids;
  Tally tally;
  WaitGroup wg(ctx.ioc.get_executor());
  for (int i = 0; i < std::min(ctx.opt.connections, ctx.opt.holds); ++i) {
    wg.add();
    asio::co_spawn(ctx.ioc, [&]() -> asio::awaitable<void> {
      co_await submit_lane(ctx, ids, tally);
      wg.done();
    }, asio::detached);
  }
  co_await wg.wait();
  std::erase(ids, std::string{});
  co_return ids;
}

asio::awaitable<void> hold_one(RunContext& ctx, std::string id, HoldState& st,
                               std::chrono::milliseconds delay) {
  co_await sleep_for(delay);  // staggered, so 10,000 connects do not overflow the listen backlog
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  const std::string target = "/api/v1/jobs/" + id + "?wait=60";
  while (!st.stop) {
    ++st.waiting;
    auto r = co_await conn.request(verb::get, target, {}, std::chrono::seconds(90));
    --st.waiting;
    if (r.ec || r.status != 200) {
      ++st.errors;
      co_await sleep_for(std::chrono::milliseconds(100));
    } else if (job_status(r.body) != "queued" && job_status(r.body) != "running") {
      ++st.finished_early;
      co_return;
    }
  }
}

asio::awaitable<void> probe_once(HttpConn& conn, verb method, std::string target,
                                 std::string body, unsigned expect, Tally& tally) {
  auto t0 = Clock::now();
  auto r = co_await conn.request(method, target, std::move(body), std::chrono::seconds(10));
  if (!r.ec && r.status == expect) {
    tally.ok(ms_since(t0));
  } else {
    tally.failed("probe " + target + ": " + (r.ec ? r.ec.message() : std::to_string(r.status)));
  }
}

asio::awaitable<void> probe(RunContext& ctx, const std::string& job_id, Tally& tally) {
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  const auto end = Clock::now() + std::chrono::duration<double>(ctx.opt.duration_s);
  while (Clock::now() < end) {
    co_await probe_once(conn, verb::get, "/healthz", {}, 200, tally);
    co_await probe_once(conn, verb::get, "/api/v1/jobs/" + job_id, {}, 200, tally);
    co_await probe_once(conn, verb::post, "/api/v1/chat", chat_body(ctx.chat_spec()), 202, tally);
    co_await sleep_for(std::chrono::milliseconds(100));
  }
}

// Waits until every hold is sent (or 60 s pass); returns the seconds it took.
asio::awaitable<double> wait_until_held(const HoldState& st, int want) {
  auto t0 = Clock::now();
  while (st.waiting < want && ms_since(t0) < 60000) co_await sleep_for(std::chrono::milliseconds(50));
  co_await sleep_for(std::chrono::seconds(1));  // let the server read the last requests
  co_return ms_since(t0) / 1000.0;
}

}  // namespace

asio::awaitable<RunReport> run_hold(RunContext& ctx) {
  RunReport report;
  report.mode = "hold";
  report.label = ctx.opt.label;
  std::vector<std::string> ids = co_await submit_all(ctx);
  if (ids.empty()) {
    report.failures["no job could be submitted"] = 1;
    report.failed = 1;
    co_return report;
  }
  HoldState st;
  Tally probes;
  int held_min = 0;
  double ramp_s = 0;
  co_await measured(ctx, report, [&]() -> asio::awaitable<void> {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      asio::co_spawn(ctx.ioc, hold_one(ctx, ids[i], st, std::chrono::milliseconds(i / 5)),
                     asio::detached);
    }
    ramp_s = co_await wait_until_held(st, static_cast<int>(ids.size()));
    held_min = st.waiting;
    asio::co_spawn(ctx.ioc, [&]() -> asio::awaitable<void> {
      while (!st.stop) {
        held_min = std::min(held_min, st.waiting);
        co_await sleep_for(std::chrono::milliseconds(100));
      }
    }, asio::detached);
    co_await probe(ctx, ids.front(), probes);
  });
  st.stop = true;
  take_tally(report, probes);
  report.extra = {{"holds_requested", ctx.opt.holds},
                  {"jobs_submitted", ids.size()},
                  {"ramp_s", ramp_s},
                  {"held_min", held_min},
                  {"held_at_end", st.waiting},
                  {"finished_early", st.finished_early},
                  {"hold_errors", st.errors}};
  co_return report;
}

}  // namespace genx3d::bench
