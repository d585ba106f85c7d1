#include "worker/sandbox/sandbox_setup.hpp"

#include <cstdlib>
#include <string_view>
#include <system_error>
#include <unistd.h>

namespace genx3d::worker::sandbox {
namespace fs = std::filesystem;

namespace {

std::optional<fs::path> find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) {
    return access(name.c_str(), X_OK) == 0 ? std::optional<fs::path>(name) : std::nullopt;
  }
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (!dirs.empty()) {
    auto colon = dirs.find(':');
    fs::path candidate = fs::path(dirs.substr(0, colon)) / name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
  }
  return std::nullopt;
}

bool has_runner(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / "runner.js", ec) && fs::exists(dir / "node_modules/csg/csg.js", ec);
}

// The configured folder, GENX3D_SANDBOX_DIR, or a `sandbox/` beside or above the binary (build
// folders live in the source tree) or in the working directory.
std::optional<fs::path> find_sandbox_dir(const SandboxConfig& config) {
  if (!config.dir.empty()) return has_runner(config.dir) ? std::optional(config.dir) : std::nullopt;
  if (const char* env = std::getenv("GENX3D_SANDBOX_DIR"); env && *env) {
    return has_runner(env) ? std::optional<fs::path>(env) : std::nullopt;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  for (fs::path dir = exe.parent_path(); !ec && !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (has_runner(dir / "sandbox")) return dir / "sandbox";
  }
  if (has_runner(fs::current_path(ec) / "sandbox")) return fs::current_path(ec) / "sandbox";
  return std::nullopt;
}

std::optional<fs::path> make_work_dir() {
  std::string pattern = (fs::temp_directory_path() / "genx3d-sandbox-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) return std::nullopt;
  return fs::path(pattern);
}

}  // namespace

SandboxSetup setup_sandbox(const SandboxConfig& config, int runners) {
  SandboxSetup setup;
  if (!config.enabled) {
    setup.skipped = "code execution is turned off (sandbox.enabled is false)";
    return setup;
  }
  auto node = find_in_path(config.node);
  if (!node) {
    setup.skipped = "Node.js (" + config.node + ") is not installed on this worker";
    return setup;
  }
  auto dir = find_sandbox_dir(config);
  if (!dir) {
    setup.skipped = "sandbox/runner.js or its csg package is missing (set sandbox.dir)";
    return setup;
  }
  auto work = make_work_dir();
  if (!work) {
    setup.skipped = "cannot create the sandbox's working directory";
    return setup;
  }
  RunnerOptions o;
  o.node = fs::absolute(*node);
  o.script = fs::absolute(*dir / "runner.js");
  o.work_dir = *work;
  o.runners = runners;
  o.timeout = config.timeout;
  o.heap_mb = config.heap_mb;
  o.address_space_mb = config.address_space_mb;
  o.max_output_bytes = config.max_output_bytes;
  setup.options = std::move(o);
  return setup;
}

}  // namespace genx3d::worker::sandbox
