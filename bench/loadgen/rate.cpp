// rate: an open loop at R jobs/s for D seconds, whatever the server's pace. Run at about half
// the burst throughput, its p99 is the "latency at half load" the issue asks for.
#include "loadgen/run_context.hpp"

namespace genx3d::bench {
namespace asio = boost::asio;

asio::awaitable<RunReport> run_rate(RunContext& ctx) {
  RunReport report;
  report.mode = "rate";
  report.label = ctx.opt.label;
  Tally tally;
  ConnPool pool(ctx);
  co_await measured(ctx, report, [&]() -> asio::awaitable<void> {
    co_await open_loop(ctx, pool, ctx.opt.rate, ctx.opt.duration_s, [] { return true; }, tally);
  });
  take_tally(report, tally);
  report.extra = {{"target_rate", ctx.opt.rate},
                  {"duration_s", ctx.opt.duration_s},
                  {"connections_opened", pool.opened()}};
  co_return report;
}

}  // namespace genx3d::bench
