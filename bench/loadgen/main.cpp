// genx3d_loadgen: drives a running genx3d API with chat jobs and reports throughput, latency,
// and the server processes' CPU and memory (bench/run.sh starts the server and calls this).
//
//   genx3d_loadgen --key KEY --mode burst --jobs 20000 --connections 256 --pid serve=1234
//
// One thread runs every connection: the load generator must not take the cores the server is
// being measured on.
#include <sys/resource.h>

#include <fstream>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/address.hpp>

#include "loadgen/run_context.hpp"

namespace asio = boost::asio;
using namespace genx3d::bench;

namespace {

// 10,000 held long-polls need 10,000 sockets; the soft limit is often 1,024.
void raise_fd_limit() {
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0) return;
  lim.rlim_cur = lim.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &lim) != 0) std::cerr << "genx3d_loadgen: cannot raise RLIMIT_NOFILE\n";
}

asio::awaitable<RunReport> run_mode(RunContext& ctx) {
  if (ctx.opt.mode == "burst") co_return co_await run_burst(ctx);
  if (ctx.opt.mode == "rate") co_return co_await run_rate(ctx);
  if (ctx.opt.mode == "hold") co_return co_await run_hold(ctx);
  co_return co_await run_interactive(ctx);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt = parse_options(argc, argv);
  raise_fd_limit();
  asio::io_context ioc(1);
  ServerTarget target{{asio::ip::make_address(opt.host), opt.port}, "Bearer " + opt.key};
  RunContext ctx{ioc, opt, target, ProcSampler(opt.pids, opt.aux_pids)};
  RunReport report;
  asio::co_spawn(ioc, run_mode(ctx), [&](std::exception_ptr e, RunReport r) {
    if (e) std::rethrow_exception(e);
    report = std::move(r);
    ioc.stop();  // held long-polls and idle pools would otherwise keep the loop alive
  });
  ioc.run();
  std::cout << to_markdown(report);
  if (!opt.json_out.empty()) std::ofstream(opt.json_out) << to_json(report).dump(2) << "\n";
  return report.ok > 0 || report.extra.contains("skipped") ? 0 : 1;
}
