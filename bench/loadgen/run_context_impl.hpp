// Template bodies of run_context.hpp.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/this_coro.hpp>

namespace genx3d::bench {

template <typename Phase>
boost::asio::awaitable<void> measured(RunContext& ctx, RunReport& report, Phase phase) {
  double cpu0 = self_cpu_seconds();
  ctx.sampler.start();
  boost::asio::co_spawn(ctx.ioc, ctx.sampler.run(), boost::asio::detached);
  auto t0 = Clock::now();
  co_await phase();
  report.wall_s = ms_since(t0) / 1000.0;
  report.procs = ctx.sampler.finish();
  report.loadgen_cpu_s = self_cpu_seconds() - cpu0;
}

namespace detail {

inline boost::asio::awaitable<void> pooled_job(ConnPool& pool, ChatSpec spec,
                                               Clock::time_point scheduled, Tally& tally,
                                               WaitGroup& wg) {
  auto conn = pool.acquire();
  JobOutcome out = co_await run_job(*conn, spec);
  if (out.ok) {
    tally.ok(ms_since(scheduled));
  } else {
    tally.failed(out.failure);
  }
  pool.release(std::move(conn));
  wg.done();
}

}  // namespace detail

template <typename KeepGoing>
boost::asio::awaitable<void> open_loop(RunContext& ctx, ConnPool& pool, double rate,
                                       double seconds, KeepGoing keep_going, Tally& tally) {
  auto ex = co_await boost::asio::this_coro::executor;
  WaitGroup wg(ex);
  const auto t0 = Clock::now();
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  const auto total = static_cast<long>(rate * seconds);
  for (long i = 0; i < total && keep_going(); ++i) {
    auto scheduled = t0 + std::chrono::duration_cast<Clock::duration>(interval * i);
    if (scheduled > Clock::now()) co_await sleep_for(scheduled - Clock::now());
    wg.add();
    boost::asio::co_spawn(ex, detail::pooled_job(pool, ctx.chat_spec(), scheduled, tally, wg),
                          boost::asio::detached);
  }
  co_await wg.wait();
}

}  // namespace genx3d::bench
