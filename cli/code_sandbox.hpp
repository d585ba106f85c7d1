// A process's code sandbox: the runner pool when Node.js and sandbox/runner.js are here, or the
// reason there is none (then validation is skipped, downloads answer 503, jobs still succeed).
#pragma once

#include "common/config.hpp"
#include "worker/sandbox/runner_pool.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace genx3d::cli {

class CodeSandbox {
 public:
  // `who` names the pool in logs ("worker", "api").
  CodeSandbox(boost::asio::any_io_executor executor, const SandboxConfig& config, int runners,
              std::string_view who);

  // Starts the runners in the background so the first job does not wait for Node.
  void warm_up();

  worker::sandbox::RunnerPool* pool() { return pool_.get(); }
  const std::string& skipped() const { return skipped_; }

 private:
  boost::asio::any_io_executor executor_;
  std::unique_ptr<worker::sandbox::RunnerPool> pool_;
  std::string skipped_;
  std::string who_;
};

}  // namespace genx3d::cli
