#include "loadgen/proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::bench {
namespace asio = boost::asio;

namespace {

// utime + stime of a /proc/.../stat file in seconds, and its command name; -1 if unreadable.
double stat_cpu_seconds(const std::string& path, std::string* comm = nullptr) {
  std::ifstream f(path);
  std::string line;
  if (!std::getline(f, line)) return -1;
  // The command name (field 2) may hold spaces; the fields after its ")" are fixed.
  auto open = line.find('(');
  auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return -1;
  if (comm) *comm = line.substr(open + 1, close - open - 1);
  std::istringstream rest(line.substr(close + 2));
  std::string field;
  unsigned long long utime = 0, stime = 0;
  // After ")": state is field 3; utime and stime are fields 14 and 15.
  for (int i = 3; i <= 13 && rest >> field; ++i) {
  }
  rest >> utime >> stime;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string thread_role(std::string comm) {
  constexpr std::string_view prefix = "genx3d-";
  if (comm == "genx3d") return "main";
  if (comm.rfind(prefix, 0) == 0) comm.erase(0, prefix.size());
  while (comm.size() > 1 && std::isdigit(static_cast<unsigned char>(comm.back()))) comm.pop_back();
  return comm;
}

}  // namespace

double process_cpu_seconds(int pid) {
  return stat_cpu_seconds("/proc/" + std::to_string(pid) + "/stat");
}

std::map<std::string, double> thread_cpu_seconds(int pid) {
  std::map<std::string, double> by_role;
  std::error_code ec;
  for (const auto& task :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
    std::string comm;
    const double s = stat_cpu_seconds(task.path() / "stat", &comm);
    if (s >= 0) by_role[thread_role(comm)] += s;
  }
  return by_role;
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
  auto add = [this](const NamedPid& p, bool aux) {
    ProcUsage u;
    u.name = p.name;
    u.pid = p.pid;
    u.aux = aux;
    procs_.push_back(std::move(u));
  };
  for (const auto& p : pids) add(p, false);
  for (const auto& p : aux_pids) add(p, true);
}

void ProcSampler::start() {
  for (auto& p : procs_) {
    p.cpu_start_s = process_cpu_seconds(p.pid);
    p.threads_start_s = thread_cpu_seconds(p.pid);
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
    // A thread that ended in the phase takes its CPU with it; genx3d's threads live as long as
    // the process, so the roles' sum matches cpu_s to the clock tick.
    for (const auto& [role, s] : thread_cpu_seconds(p.pid)) {
      p.threads_cpu_s[role] = std::max(0.0, s - p.threads_start_s[role]);
    }
    p.peak_rss_kb = std::max(p.peak_rss_kb, process_status_kb(p.pid, "VmHWM:"));
  }
  return procs_;
}

}  // namespace genx3d::bench
