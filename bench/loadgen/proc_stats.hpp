// CPU time and memory of the server processes, read from /proc. CPU is utime + stime of
// /proc/PID/stat, before and after the measured phase (so set-up costs are left out), and the
// same per thread role from /proc/PID/task; memory is the peak of VmRSS sampled every 100 ms and
// of VmHWM (the kernel's own high-water mark).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "loadgen/options.hpp"

namespace genx3d::bench {

struct ProcUsage {
  std::string name;
  int pid = 0;
  double cpu_start_s = 0;
  double cpu_s = 0;         // CPU seconds spent in the measured phase
  long rss_start_kb = 0;    // VmRSS when the phase began
  long peak_rss_kb = 0;     // highest VmRSS sampled, or VmHWM if higher
  bool aux = false;         // not genx3d: reported, left out of the CPU total
  std::map<std::string, double> threads_start_s;
  std::map<std::string, double> threads_cpu_s;  // CPU seconds in the phase, by thread role
};

// CPU seconds (user + system) the process has used so far; -1 if it is gone.
double process_cpu_seconds(int pid);
// CPU seconds used so far by the process's live threads, summed by role: the thread's name
// without a "genx3d-" prefix and trailing digits (genx3d-io1 and genx3d-io2 are "io"). genx3d's
// main thread keeps the process name and runs I/O context 0; it is "main".
std::map<std::string, double> thread_cpu_seconds(int pid);
// A "VmRSS:"-style field of /proc/PID/status in kB; -1 if absent.
long process_status_kb(int pid, const std::string& field);
// CPU seconds this process (the load generator) has used.
double self_cpu_seconds();

// Thread safety: none; start, the sampling coroutine and finish run on one thread.
class ProcSampler {
 public:
  ProcSampler(const std::vector<NamedPid>& pids, const std::vector<NamedPid>& aux_pids);

  void start();                        // marks the beginning of the measured phase
  boost::asio::awaitable<void> run();  // samples VmRSS until stop()
  void stop() { running_ = false; }
  std::vector<ProcUsage> finish();     // CPU since start(), peak memory

 private:
  void sample();

  std::vector<ProcUsage> procs_;
  bool running_ = false;
};

}  // namespace genx3d::bench
