// One pre-started Node.js runner (sandbox/runner.js) behind a pipe pair: one request line in,
// one response line out. A runner that overruns its deadline, dies (memory) or sends too much is
// killed and started again before its next run.
#pragma once

#include "worker/sandbox/run_result.hpp"
#include "worker/sandbox/runner_options.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace genx3d::worker::sandbox {

// Thread safety: one run() at a time (the pool guarantees it); never throws from run().
class RunnerProcess {
 public:
  RunnerProcess(boost::asio::any_io_executor executor, RunnerOptions& options);
  ~RunnerProcess();
  RunnerProcess(const RunnerProcess&) = delete;
  RunnerProcess& operator=(const RunnerProcess&) = delete;

  // Starts the process if it is not running and waits for its ready line.
  boost::asio::awaitable<std::optional<CodeError>> warm_up();
  boost::asio::awaitable<RunResult> run(std::string_view code);
  void stop();

  bool running() const { return pid_ > 0; }
  std::uint64_t starts() const { return starts_; }

 private:
  struct Line {
    std::string text;
    std::optional<CodeError> error;  // why there is no line
  };
  boost::asio::awaitable<Line> read_line(std::chrono::milliseconds limit);
  boost::asio::awaitable<std::optional<CodeError>> start();
  CodeError end_process(std::string kind, std::string why, std::chrono::milliseconds grace);

  boost::asio::any_io_executor executor_;
  RunnerOptions& options_;  // shared by the pool; node_permissions may be switched off
  boost::asio::posix::stream_descriptor in_;
  boost::asio::posix::stream_descriptor out_;
  int pid_ = -1;
  std::string buffer_;
  std::uint64_t next_id_ = 1;
  std::uint64_t starts_ = 0;
};

}  // namespace genx3d::worker::sandbox
