// What every mode needs: the event loop, the options, where the server is, the process sampler,
// and a way to wait for many coroutines at once.
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "loadgen/chat_job.hpp"
#include "loadgen/http_conn.hpp"
#include "loadgen/options.hpp"
#include "loadgen/proc_stats.hpp"
#include "loadgen/report.hpp"

namespace genx3d::bench {

struct RunContext {
  boost::asio::io_context& ioc;
  const Options& opt;
  ServerTarget target;
  ProcSampler sampler;

  ChatSpec chat_spec() const { return {opt.message, opt.model, opt.wait_s}; }
};

// Counts coroutines still running; wait() returns once the count is back to zero.
// Thread safety: none; all users run on the one io_context thread.
class WaitGroup {
 public:
  explicit WaitGroup(boost::asio::any_io_executor ex);
  void add() { ++count_; }
  void done();
  boost::asio::awaitable<void> wait();
  int count() const { return count_; }

 private:
  boost::asio::steady_timer timer_;
  int count_ = 0;
};

// Idle keep-alive connections, reused by open-loop jobs; a new one is opened when none is idle.
// Thread safety: none.
class ConnPool {
 public:
  explicit ConnPool(RunContext& ctx) : ctx_(ctx) {}
  std::unique_ptr<HttpConn> acquire();
  void release(std::unique_ptr<HttpConn> c);
  std::size_t opened() const { return opened_; }

 private:
  RunContext& ctx_;
  std::vector<std::unique_ptr<HttpConn>> idle_;
  std::size_t opened_ = 0;
};

double ms_since(Clock::time_point t);
boost::asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d);

// Runs `phase` as the measured phase: sampler started before, stopped after; fills wall_s,
// procs and loadgen_cpu_s.
template <typename Phase>
boost::asio::awaitable<void> measured(RunContext& ctx, RunReport& report, Phase phase);

boost::asio::awaitable<RunReport> run_burst(RunContext& ctx);
boost::asio::awaitable<RunReport> run_rate(RunContext& ctx);
boost::asio::awaitable<RunReport> run_hold(RunContext& ctx);
boost::asio::awaitable<RunReport> run_interactive(RunContext& ctx);

// Starts async chat jobs at `rate` per second, each on a pooled connection, until `seconds`
// have passed or `keep_going` says stop; returns when every started job is collected.
// Latency counts from each job's scheduled start, so a slow server cannot hide queueing
// (no coordinated omission).
template <typename KeepGoing>
boost::asio::awaitable<void> open_loop(RunContext& ctx, ConnPool& pool, double rate,
                                       double seconds, KeepGoing keep_going, Tally& tally);

}  // namespace genx3d::bench

#include "loadgen/run_context_impl.hpp"
