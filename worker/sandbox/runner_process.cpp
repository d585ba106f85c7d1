#include "worker/sandbox/runner_process.hpp"

#include "worker/sandbox/child_process.hpp"
#include "worker/sandbox/runner_protocol.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

#include <fmt/format.h>

namespace genx3d::worker::sandbox {
namespace asio = boost::asio;
using namespace boost::asio::experimental::awaitable_operators;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

CodeError code_error(std::string kind, std::string message) {
  return CodeError{std::move(kind), std::move(message), std::nullopt, std::nullopt};
}

}  // namespace

RunnerProcess::RunnerProcess(asio::any_io_executor executor, RunnerOptions& options)
    : executor_(executor), options_(options), in_(executor), out_(executor) {}

RunnerProcess::~RunnerProcess() { stop(); }

void RunnerProcess::stop() {
  boost::system::error_code ignored;
  in_.close(ignored);
  out_.close(ignored);
  if (pid_ > 0) kill_and_reap(pid_, std::chrono::milliseconds(0));
  pid_ = -1;
  buffer_.clear();
}

CodeError RunnerProcess::end_process(std::string kind, std::string why,
                                     std::chrono::milliseconds grace) {
  boost::system::error_code ignored;
  in_.close(ignored);
  out_.close(ignored);
  std::string how = kill_and_reap(pid_, grace);
  pid_ = -1;
  buffer_.clear();
  if (kind == "crashed" && died_of_memory(how)) {
    return code_error("out_of_memory", fmt::format("the code used more memory than the sandbox "
                                                   "allows ({} MB heap); the runner {}",
                                                   options_.heap_mb, how));
  }
  return code_error(std::move(kind), fmt::format("{} (the runner {})", why, how));
}

asio::awaitable<RunnerProcess::Line> RunnerProcess::read_line(std::chrono::milliseconds limit) {
  asio::steady_timer timer(executor_);
  timer.expires_after(limit);
  auto dyn = asio::dynamic_buffer(buffer_, options_.max_output_bytes + 1);
  auto outcome =
      co_await (asio::async_read_until(out_, dyn, '\n', use_tuple) || timer.async_wait(use_tuple));
  if (outcome.index() == 1) {
    co_return Line{
        {},
        end_process("timeout",
                    fmt::format("the code did not finish within {} ms", options_.timeout.count()),
                    std::chrono::milliseconds(0))};
  }
  auto [ec, n] = std::get<0>(outcome);
  if (ec == asio::error::not_found) {
    co_return Line{{},
                   end_process("output_too_large",
                               fmt::format("the solid is larger than {} bytes of mesh",
                                           options_.max_output_bytes),
                               std::chrono::milliseconds(0))};
  }
  if (ec) {
    co_return Line{{},
                   end_process("crashed", "the runner stopped while running the code",
                               std::chrono::milliseconds(300))};
  }
  std::string line = buffer_.substr(0, n - 1);
  buffer_.erase(0, n);
  co_return Line{std::move(line), std::nullopt};
}

asio::awaitable<std::optional<CodeError>> RunnerProcess::start() {
  for (int tries = 0; tries < 2; ++tries) {
    Child child;
    try {
      child = spawn_runner(options_, options_.node_permissions);
    } catch (const std::exception& e) {
      co_return code_error("sandbox_error", std::string("cannot start the runner: ") + e.what());
    }
    pid_ = child.pid;
    in_.assign(child.stdin_fd);
    out_.assign(child.stdout_fd);
    ++starts_;
    Line ready = co_await read_line(options_.start_timeout);
    if (!ready.error && is_ready_line(ready.text)) co_return std::nullopt;
    if (!ready.error) end_process("sandbox_error", "bad greeting", std::chrono::milliseconds(0));
    if (!options_.node_permissions) {
      co_return code_error("sandbox_error",
                           "the runner did not start: " +
                               (ready.error ? ready.error->message : ready.text.substr(0, 200)));
    }
    // Node before 20 refuses --experimental-permission; run without it.
    spdlog::warn("sandbox: node refused the permission model; runners start without it");
    options_.node_permissions = false;
  }
  co_return code_error("sandbox_error", "the runner did not start");
}

asio::awaitable<std::optional<CodeError>> RunnerProcess::warm_up() {
  if (pid_ > 0) co_return std::nullopt;
  co_return co_await start();
}

asio::awaitable<RunResult> RunnerProcess::run(std::string_view code) {
  RunResult result;
  if (auto failed = co_await warm_up()) {
    result.error = std::move(*failed);
    co_return result;
  }
  const auto started = std::chrono::steady_clock::now();
  const std::uint64_t id = next_id_++;
  std::string request = encode_request(id, code, options_.timeout, options_.max_output_bytes);
  auto [ec, n] = co_await asio::async_write(in_, asio::buffer(request), use_tuple);
  Line line;
  if (ec) {
    line.error =
        end_process("crashed", "the runner stopped taking code", std::chrono::milliseconds(300));
  } else {
    line = co_await read_line(options_.timeout + options_.kill_grace);
  }
  if (line.error) {
    result.error = std::move(line.error);
  } else {
    result = decode_response(line.text, id);
    if (result.error && result.error->kind == "sandbox_error") {
      end_process("sandbox_error", "out of step", std::chrono::milliseconds(0));
    }
  }
  result.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  co_return result;
}

}  // namespace genx3d::worker::sandbox
