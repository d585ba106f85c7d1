#include "worker/sandbox/child_process.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace genx3d::worker::sandbox {
namespace {

[[noreturn]] void throw_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::vector<std::string> runner_args(const RunnerOptions& o, bool with_permissions) {
  std::vector<std::string> args = {
      o.node.string(),
      fmt::format("--max-old-space-size={}", o.heap_mb),
      "--disallow-code-generation-from-strings",
      "--no-expose-wasm",
  };
  if (with_permissions) {
    // No file writes, no child processes, no workers, reads only below the sandbox folder.
    args.push_back("--experimental-permission");
    args.push_back("--allow-fs-read=" + o.script.parent_path().string() + "/*");
  }
  args.push_back(o.script.string());
  return args;
}

// After fork in a threaded process only async-signal-safe calls are allowed: everything the
// child needs was prepared before the fork.
[[noreturn]] void exec_child(const char* node, char* const* argv, const char* dir, int in_fd,
                             int out_fd, int null_fd, rlim_t address_space) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  setpgid(0, 0);  // a Ctrl-C at the terminal is for the service, not its runners
  rlimit as{address_space, address_space};
  setrlimit(RLIMIT_AS, &as);
  rlimit core{0, 0};
  setrlimit(RLIMIT_CORE, &core);
  if (chdir(dir) != 0) _exit(126);
  if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(null_fd, 2) < 0) _exit(126);
  if (syscall(SYS_close_range, 3U, ~0U, 0U) != 0) {
    for (int fd = 3; fd < 4096; ++fd) close(fd);
  }
  char* const empty_env[] = {nullptr};
  execve(node, argv, empty_env);
  _exit(127);
}

}  // namespace

Child spawn_runner(const RunnerOptions& options, bool with_permissions) {
  std::vector<std::string> args = runner_args(options, with_permissions);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string dir = options.work_dir.string();
  const rlim_t address_space = static_cast<rlim_t>(options.address_space_mb) << 20;

  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) throw_errno("pipe");
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    close(in_pipe[0]);
    close(in_pipe[1]);
    throw_errno("pipe");
  }
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  pid_t pid = fork();
  if (pid == 0) {
    exec_child(argv[0], argv.data(), dir.c_str(), in_pipe[0], out_pipe[1], null_fd, address_space);
  }
  const int fork_errno = errno;
  close(in_pipe[0]);
  close(out_pipe[1]);
  if (null_fd >= 0) close(null_fd);
  if (pid < 0) {
    close(in_pipe[1]);
    close(out_pipe[0]);
    errno = fork_errno;
    throw_errno("fork");
  }
  return Child{pid, in_pipe[1], out_pipe[0]};
}

std::string kill_and_reap(pid_t pid, std::chrono::milliseconds grace) {
  if (pid <= 0) return "not running";
  int status = 0;
  pid_t done = waitpid(pid, &status, WNOHANG);
  // A runner whose pipe just closed is still exiting; a short grace lets it say why it died.
  for (auto waited = std::chrono::milliseconds(0); done == 0 && waited < grace;
       waited += std::chrono::milliseconds(5)) {
    usleep(5000);
    done = waitpid(pid, &status, WNOHANG);
  }
  if (done == 0) {
    kill(pid, SIGKILL);
    while ((done = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
  }
  if (done != pid) return "gone";
  if (WIFEXITED(status)) return fmt::format("exited with status {}", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    return fmt::format("killed by signal {} ({})", sig, strsignal(sig));
  }
  return "ended";
}

bool died_of_memory(const std::string& how) {
  return how.starts_with("killed by signal 6 ") || how.starts_with("killed by signal 5 ") ||
         how.starts_with("killed by signal 11 ");
}

}  // namespace genx3d::worker::sandbox
