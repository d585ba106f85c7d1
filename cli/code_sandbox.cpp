#include "cli/code_sandbox.hpp"

#include "worker/sandbox/sandbox_setup.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <spdlog/spdlog.h>

namespace genx3d::cli {
namespace asio = boost::asio;

CodeSandbox::CodeSandbox(asio::any_io_executor executor, const SandboxConfig& config, int runners,
                         std::string_view who)
    : executor_(executor), who_(who) {
  worker::sandbox::SandboxSetup setup = worker::sandbox::setup_sandbox(config, runners);
  if (!setup.options) {
    skipped_ = setup.skipped;
    spdlog::warn("{}: answers' code will not be executed: {}", who_, skipped_);
    return;
  }
  spdlog::info("{}: code sandbox with {} Node.js runners ({}, {} ms, {} MB heap)", who_, runners,
               setup.options->script.string(), setup.options->timeout.count(),
               setup.options->heap_mb);
  pool_ = std::make_unique<worker::sandbox::RunnerPool>(executor, std::move(*setup.options));
}

void CodeSandbox::warm_up() {
  if (!pool_) return;
  asio::co_spawn(
      executor_, [pool = pool_.get()]() -> asio::awaitable<void> { co_await pool->warm_up(); },
      [who = who_](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          spdlog::warn("{}: warming up the sandbox failed: {}", who, ex.what());
        }
      });
}

}  // namespace genx3d::cli
