// From SandboxConfig to runner options: finds Node.js and sandbox/runner.js, makes the empty
// working directory. When either is missing the sandbox is off and says why, so jobs still
// succeed (validation reports ok: null) on a machine without Node.js.
#pragma once

#include "common/config.hpp"
#include "worker/sandbox/runner_options.hpp"

#include <optional>
#include <string>

namespace genx3d::worker::sandbox {

struct SandboxSetup {
  std::optional<RunnerOptions> options;  // nullopt: no sandbox here
  std::string skipped;                   // why not, when options is nullopt
};

// `runners`: how many processes this pool gets (worker or API share of the config).
SandboxSetup setup_sandbox(const SandboxConfig& config, int runners);

}  // namespace genx3d::worker::sandbox
