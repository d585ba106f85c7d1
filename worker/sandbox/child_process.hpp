// Starting a runner process with its limits, and ending it. Plain POSIX; no Asio.
#pragma once

#include "worker/sandbox/runner_options.hpp"

#include <chrono>
#include <string>
#include <sys/types.h>

namespace genx3d::worker::sandbox {

struct Child {
  pid_t pid = -1;
  int stdin_fd = -1;   // ours: write end of the child's stdin
  int stdout_fd = -1;  // ours: read end of the child's stdout
};

// Forks and execs `node [flags] runner.js` with an empty environment, cwd = work_dir, RLIMIT_AS,
// no core dumps, stderr to /dev/null, every other descriptor closed, and SIGKILL when this
// process dies. Throws std::system_error when the pipes or the fork fail.
Child spawn_runner(const RunnerOptions& options, bool with_permissions);

// Waits up to `grace` for the child to end by itself, then SIGKILLs it, and reaps it. Returns how
// it ended, e.g. "killed by signal 6 (Aborted)" or "exited with status 0".
std::string kill_and_reap(pid_t pid, std::chrono::milliseconds grace);

// Whether a child that ended on its own probably ran out of memory (V8 aborts on OOM).
bool died_of_memory(const std::string& how);

}  // namespace genx3d::worker::sandbox
