// genx3d serve | api | worker: the long-running processes. `serve` runs the API and a worker
// pool together (embedded queue by default, RabbitMQ with --broker); `api` and `worker` run one
// side each over RabbitMQ.
#include <filesystem>
#include <iostream>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "cli/api_role.hpp"
#include "cli/commands.hpp"
#include "cli/io_pool.hpp"
#include "cli/malloc_tuning.hpp"
#include "cli/options.hpp"
#include "cli/worker_role.hpp"
#include "worker/providers/provider_setup.hpp"

namespace genx3d::cli {
namespace asio = boost::asio;

namespace {

enum class Mode { serve, api, worker };

constexpr auto kDrainBound = std::chrono::milliseconds(10000);
constexpr auto kMetricsPeriod = std::chrono::seconds(10);

const char* usage(Mode mode) {
  switch (mode) {
    case Mode::serve:
      return "Usage: genx3d serve [options]\n\nRuns the HTTP API and a worker pool in one "
             "process: with the embedded queue by default, over RabbitMQ with --broker.\n";
    case Mode::api:
      return "Usage: genx3d api --broker URL [options]\n\nRuns the HTTP API alone; jobs go to "
             "workers over RabbitMQ.\n";
    case Mode::worker:
      return "Usage: genx3d worker --broker URL [options]\n\nRuns a worker pool alone; jobs "
             "come from RabbitMQ. Start as many as you like, anywhere that reaches the broker.\n";
  }
  return "";
}

unsigned io_threads(const Config& cfg) {
  if (cfg.server.threads > 0) return cfg.server.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

asio::awaitable<void> log_metrics(ApiRole* api, WorkerRole* worker) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  for (;;) {
    timer.expires_after(kMetricsPeriod);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (api) spdlog::info("metrics {}", api->metrics());
    if (worker) spdlog::info("metrics {}", worker->metrics());
  }
}

// Shutdown in steps: the API stops accepting and wakes its waiters, the worker stops taking jobs
// and finishes what it runs, each within a bound; then the I/O threads stop.
asio::awaitable<void> shut_down(IoPool& io, ApiRole* api, WorkerRole* worker) {
  spdlog::info("shutting down: draining (at most {} s)", kDrainBound.count() / 1000);
  if (api) co_await api->shut_down(kDrainBound);
  if (worker) co_await worker->shut_down(kDrainBound);
  io.stop();
}

int run(Mode mode, int argc, const char* const* argv) {
  po::options_description desc = common_options();
  po::options_description own("process options");
  if (mode != Mode::worker) {
    own.add_options()
        ("host", po::value<std::string>(), "address to listen on [GENX3D_HOST], default 127.0.0.1")
        ("port", po::value<int>(), "port to listen on [GENX3D_PORT], default 8000");
  }
  own.add_options()
      ("broker", po::value<std::string>(), "RabbitMQ URL amqp[s]://user:pass@host:port/vhost [GENX3D_BROKER]")
      ("providers", po::value<std::string>(), "model providers file (JSON) [GENX3D_PROVIDERS]");
  if (mode != Mode::api) {
    own.add_options()
        ("concurrency", po::value<int>(), "jobs this process runs at once [GENX3D_CONCURRENCY], default 64");
  }
  desc.add(own);
  Config cfg;
  try {
    auto vm = parse(argc, argv, desc);
    if (vm.count("help")) {
      std::cout << usage(mode) << '\n' << desc;
      return 0;
    }
    cfg = load_config(vm);
    if (mode != Mode::serve && cfg.broker.url.empty()) {
      throw std::invalid_argument("--broker (or GENX3D_BROKER, or broker.url) is required");
    }
    if (mode != Mode::worker) std::filesystem::create_directories(cfg.data_dir);
  } catch (const std::exception& e) {
    std::cerr << "genx3d: " << e.what() << '\n';
    return 2;
  }
  setup_logging(cfg.log_level);
  keep_freed_memory_for_reuse();

  // The I/O threads' contexts are declared first so they outlive everything that posts to them.
  IoPool io(io_threads(cfg));
  asio::io_context& ioc = io.main();
  const bool embedded = cfg.broker.url.empty();
  // Which models exist and which providers serve them; the API validates requests with it.
  ModelCatalog catalog;
  std::unique_ptr<InprocJobQueue> inproc;
  std::unique_ptr<ApiRole> api;
  std::unique_ptr<WorkerRole> worker;
  try {
    catalog = worker::load_provider_setup(cfg, ioc.get_executor()).catalog;
    if (embedded) inproc = std::make_unique<InprocJobQueue>();
    if (mode != Mode::worker) api = std::make_unique<ApiRole>(io, cfg, catalog, inproc.get());
    if (mode != Mode::api) {
      worker = std::make_unique<WorkerRole>(io, cfg, catalog, inproc.get(),
                                            api ? &api->chat() : nullptr);
    }
    if (api && worker) api->show_phases(&worker->phases());
  } catch (const std::exception& e) {
    spdlog::critical("cannot start: {}", e.what());
    return 1;
  }
  if (api) {
    if (auto ec = api->start()) {
      spdlog::critical("cannot listen on {}:{}: {}", cfg.server.host, cfg.server.port,
                       ec.message());
      return 1;
    }
  }
  if (worker) worker->start();

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) asio::co_spawn(ioc, shut_down(io, api.get(), worker.get()), asio::detached);
  });
  asio::co_spawn(ioc, log_metrics(api.get(), worker.get()), asio::detached);

  io.run();
  spdlog::info("stopped");
  return 0;
}

}  // namespace

int run_serve(int argc, const char* const* argv) { return run(Mode::serve, argc, argv); }
int run_api(int argc, const char* const* argv) { return run(Mode::api, argc, argv); }
int run_worker(int argc, const char* const* argv) { return run(Mode::worker, argc, argv); }

}  // namespace genx3d::cli
