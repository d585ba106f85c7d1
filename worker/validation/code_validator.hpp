// Runs an answer's code in the sandbox and describes the solid: the `validation` of a result.
#pragma once

#include "common/validation.hpp"
#include "worker/sandbox/run_result.hpp"
#include "worker/validation/in_flight_runs.hpp"
#include "worker/validation/validation_cache.hpp"

#include <boost/asio/awaitable.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace genx3d::worker {
namespace sandbox {
class RunnerPool;
}

// Thread safety: validate() may be awaited concurrently.
class CodeValidator {
 public:
  virtual ~CodeValidator() = default;
  // `message` is the user's request, whose stated dimensions become the checks.
  virtual boost::asio::awaitable<Validation> validate(std::optional<std::string> code,
                                                      std::string message) = 0;
};

// Through a runner pool; without one (no Node.js here) every validation is skipped with the
// reason given. Code seen before is answered from the cache (elapsed_ms 0).
class SandboxValidator final : public CodeValidator {
 public:
  SandboxValidator(sandbox::RunnerPool* pool, std::string skipped_reason,
                   std::size_t cache_entries = 1024)
      : pool_(pool), skipped_(std::move(skipped_reason)), cache_(cache_entries) {}
  boost::asio::awaitable<Validation> validate(std::optional<std::string> code,
                                              std::string message) override;
  const ValidationCache& cache() const { return cache_; }

 private:
  sandbox::RunnerPool* pool_;
  std::string skipped_;
  ValidationCache cache_;
  InFlightRuns in_flight_;
};

// The validation of one run: measures and dimension checks when it made a solid. Pure.
Validation describe_run(const sandbox::RunResult& run, std::string_view message);

// "line 3, column 14: TypeError: CSG.foo is not a function", for prompts and logs.
std::string describe_error(const CodeError& error);

}  // namespace genx3d::worker
