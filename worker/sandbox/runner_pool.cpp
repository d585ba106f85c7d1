#include "worker/sandbox/runner_pool.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <csignal>
#include <filesystem>

namespace genx3d::worker::sandbox {
namespace asio = boost::asio;

RunnerPool::RunnerPool(asio::any_io_executor executor, RunnerOptions options)
    : options_(std::move(options)), free_(executor, static_cast<std::size_t>(options_.runners)) {
  // A runner that dies while we write to it must cost us an EPIPE, not the whole process.
  std::signal(SIGPIPE, SIG_IGN);
  for (int i = 0; i < options_.runners; ++i) {
    runners_.push_back(std::make_unique<RunnerProcess>(executor, options_));
    free_.try_send(boost::system::error_code{}, static_cast<std::size_t>(i));
  }
}

RunnerPool::~RunnerPool() {
  free_.close();
  for (auto& r : runners_) r->stop();
  std::error_code ignored;
  if (!options_.work_dir.empty()) std::filesystem::remove_all(options_.work_dir, ignored);
}

asio::awaitable<void> RunnerPool::warm_up() {
  // Take every runner so none is used half-started; each starts in turn.
  std::vector<std::size_t> taken;
  for (std::size_t i = 0; i < runners_.size(); ++i) {
    auto [ec, index] = co_await free_.async_receive(asio::as_tuple(asio::use_awaitable));
    if (ec) break;
    taken.push_back(index);
  }
  for (std::size_t index : taken) {
    co_await runners_[index]->warm_up();
    free_.try_send(boost::system::error_code{}, index);
  }
}

asio::awaitable<RunResult> RunnerPool::run(std::string code) {
  auto [ec, index] = co_await free_.async_receive(asio::as_tuple(asio::use_awaitable));
  if (ec) {
    RunResult closed;
    closed.error = CodeError{"sandbox_error", "the sandbox is shutting down", {}, {}};
    co_return closed;
  }
  ++runs_;
  RunResult result;
  try {
    result = co_await runners_[index]->run(code);
  } catch (const std::exception& e) {
    runners_[index]->stop();
    result.error = CodeError{"sandbox_error", e.what(), {}, {}};
  }
  free_.try_send(boost::system::error_code{}, index);
  co_return result;
}

std::uint64_t RunnerPool::restarts() const {
  std::uint64_t n = 0;
  for (const auto& r : runners_) n += r->starts() > 0 ? r->starts() - 1 : 0;
  return n;
}

}  // namespace genx3d::worker::sandbox
