// burst: N jobs over C keep-alive connections, each connection running one job at a time
// (submit, then long-poll), so C jobs are in flight until the burst drains. jobs/s is N over
// the time from the first submit to the last result.
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "loadgen/run_context.hpp"

namespace genx3d::bench {
namespace asio = boost::asio;

namespace {

asio::awaitable<void> burst_lane(RunContext& ctx, int& next, Tally& tally, WaitGroup& wg) {
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  const ChatSpec spec = ctx.chat_spec();
  while (next < ctx.opt.jobs) {
    ++next;
    auto t0 = Clock::now();
    JobOutcome out = co_await run_job(conn, spec);
    if (out.ok) {
      tally.ok(ms_since(t0));
    } else {
      tally.failed(out.failure);
      // A refused connection fails at once; do not burn the rest of the burst in a tight loop.
      if (!conn.is_open()) co_await sleep_for(std::chrono::milliseconds(20));
    }
  }
  wg.done();
}

}  // namespace

asio::awaitable<RunReport> run_burst(RunContext& ctx) {
  RunReport report;
  report.mode = "burst";
  report.label = ctx.opt.label;
  Tally tally;
  int next = 0;
  co_await measured(ctx, report, [&]() -> asio::awaitable<void> {
    WaitGroup wg(ctx.ioc.get_executor());
    for (int i = 0; i < ctx.opt.connections; ++i) {
      wg.add();
      asio::co_spawn(ctx.ioc, burst_lane(ctx, next, tally, wg), asio::detached);
    }
    co_await wg.wait();
  });
  take_tally(report, tally);
  report.extra = {{"jobs", ctx.opt.jobs}, {"connections", ctx.opt.connections}};
  co_return report;
}

}  // namespace genx3d::bench
