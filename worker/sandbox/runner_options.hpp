// How runner processes are started and limited (filled from SandboxConfig by the pool's owner).
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>

namespace genx3d::worker::sandbox {

struct RunnerOptions {
  std::filesystem::path node;                      // absolute path of the Node.js binary
  std::filesystem::path script;                    // sandbox/runner.js
  std::filesystem::path work_dir;                  // an empty directory the runners start in
  int runners = 2;                                 // processes in the pool
  std::chrono::milliseconds timeout{10000};        // per run, enforced by vm inside the runner
  std::chrono::milliseconds kill_grace{2000};      // then the process is killed from outside
  std::chrono::milliseconds start_timeout{15000};  // for a runner to print its ready line
  int heap_mb = 256;                               // --max-old-space-size
  int address_space_mb = 2048;                     // RLIMIT_AS
  std::size_t max_output_bytes = 32u << 20;        // longest response line accepted
  bool node_permissions = true;  // Node's permission model (node >= 20), dropped if refused
};

}  // namespace genx3d::worker::sandbox
