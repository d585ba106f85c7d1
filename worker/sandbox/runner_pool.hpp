// A fixed set of pre-started runner processes shared by many coroutines. A run waits for a free
// runner (no thread per job), uses it alone, and gives it back; a runner that had to be killed
// is started again by the next run that takes it.
#pragma once

#include "worker/sandbox/runner_process.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <atomic>
#include <memory>
#include <vector>

namespace genx3d::worker::sandbox {

// Thread safety: run() may be awaited concurrently from any executor.
class RunnerPool {
 public:
  RunnerPool(boost::asio::any_io_executor executor, RunnerOptions options);
  ~RunnerPool();

  // Starts every runner now, so the first jobs do not pay for Node's start-up.
  boost::asio::awaitable<void> warm_up();
  boost::asio::awaitable<RunResult> run(std::string code);

  int size() const { return static_cast<int>(runners_.size()); }
  std::uint64_t runs() const { return runs_.load(); }
  std::uint64_t restarts() const;  // starts beyond the first of each runner

 private:
  using FreeList =
      boost::asio::experimental::concurrent_channel<void(boost::system::error_code, std::size_t)>;

  RunnerOptions options_;
  std::vector<std::unique_ptr<RunnerProcess>> runners_;
  FreeList free_;
  std::atomic<std::uint64_t> runs_{0};
};

}  // namespace genx3d::worker::sandbox
