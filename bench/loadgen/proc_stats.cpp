#include "loadgen/proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::bench {
namespace asio = boost::asio;

double process_cpu_seconds(int pid) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(f, line)) return -1;
  // The command name (field 2) may hold spaces; the fields after its ")" are fixed.
  auto close = line.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // After ")": state is field 3; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 13 && rest >> field; ++i) {
  }
  rest >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long process_status_kb(int pid, const std::string& field) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line)) {
    if (line.rfind(field, 0) == 0) return std::stol(line.substr(field.size()));
  }
  return -1;
}

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](timeval t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

ProcSampler::ProcSampler(const std::vector<NamedPid>& pids, const std::vector<NamedPid>& aux_pids) {
  for (const auto& p : pids) procs_.push_back({p.name, p.pid});
  for (const auto& p : aux_pids) {
    procs_.push_back({p.name, p.pid});
    procs_.back().aux = true;
  }
}

void ProcSampler::start() {
  for (auto& p : procs_) {
    p.cpu_start_s = process_cpu_seconds(p.pid);
    p.rss_start_kb = process_status_kb(p.pid, "VmRSS:");
    p.peak_rss_kb = p.rss_start_kb;
  }
  running_ = true;
}

void ProcSampler::sample() {
  for (auto& p : procs_) p.peak_rss_kb = std::max(p.peak_rss_kb, process_status_kb(p.pid, "VmRSS:"));
}

asio::awaitable<void> ProcSampler::run() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (running_) {
    sample();
    timer.expires_after(std::chrono::milliseconds(100));
    co_await timer.async_wait(asio::use_awaitable);
  }
}

std::vector<ProcUsage> ProcSampler::finish() {
  running_ = false;
  sample();
  for (auto& p : procs_) {
    p.cpu_s = std::max(0.0, process_cpu_seconds(p.pid) - p.cpu_start_s);
    p.peak_rss_kb = std::max(p.peak_rss_kb, process_status_kb(p.pid, "VmHWM:"));
  }
  return procs_;
}

}  // namespace genx3d::bench
