#include "loadgen/report.hpp"

#include <cmath>
#include <sstream>

namespace genx3d::bench {
namespace {

double round2(double v) { return std::round(v * 100.0) / 100.0; }

double jobs_per_s(const RunReport& r) { return r.wall_s > 0 ? r.ok / r.wall_s : 0; }

double server_cpu_s(const RunReport& r) {
  double total = 0;
  for (const auto& p : r.procs) {
    if (!p.aux) total += p.cpu_s;
  }
  return total;
}

double cpu_per_1000(const RunReport& r) {
  return r.ok ? server_cpu_s(r) * 1000.0 / static_cast<double>(r.ok) : 0;
}

nlohmann::json threads_json(const ProcUsage& p) {
  nlohmann::json o = nlohmann::json::object();
  for (const auto& [role, s] : p.threads_cpu_s) o[role] = std::round(s * 1000.0) / 1000.0;
  return o;
}

std::string threads_text(const ProcUsage& p) {
  std::ostringstream o;
  for (const auto& [role, s] : p.threads_cpu_s) {
    if (o.tellp() > 0) o << ", ";
    o << role << " " << round2(s);
  }
  return o.str();
}

nlohmann::json procs_json(const RunReport& r) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& p : r.procs) {
    a.push_back({{"name", p.name},
                 {"pid", p.pid},
                 {"aux", p.aux},
                 {"cpu_s", round2(p.cpu_s)},
                 {"threads_cpu_s", threads_json(p)},
                 {"rss_start_mb", round2(p.rss_start_kb / 1024.0)},
                 {"peak_rss_mb", round2(p.peak_rss_kb / 1024.0)}});
  }
  return a;
}

}  // namespace

void take_tally(RunReport& r, const Tally& t) {
  r.ok = t.ok_count();
  r.failed = t.failed_count();
  r.failures = t.failures();
  r.latency = t.summary();
}

nlohmann::json to_json(const RunReport& r) {
  return {{"mode", r.mode},
          {"label", r.label},
          {"ok", r.ok},
          {"failed", r.failed},
          {"failures", r.failures},
          {"wall_s", round2(r.wall_s)},
          {"jobs_per_s", round2(jobs_per_s(r))},
          {"latency", r.latency},
          {"server_cpu_s", round2(server_cpu_s(r))},
          {"server_cpu_s_per_1000_jobs", round2(cpu_per_1000(r))},
          {"processes", procs_json(r)},
          {"loadgen_cpu_s", round2(r.loadgen_cpu_s)},
          {"extra", r.extra}};
}

std::string to_markdown(const RunReport& r) {
  std::ostringstream o;
  o << "| scenario | mode | ok | failed | jobs/s | p50 ms | p90 ms | p99 ms | max ms | "
       "CPU s/1k jobs |\n|---|---|---|---|---|---|---|---|---|---|\n";
  o << "| " << r.label << " | " << r.mode << " | " << r.ok << " | " << r.failed << " | "
    << round2(jobs_per_s(r)) << " | " << round2(r.latency.p50_ms) << " | "
    << round2(r.latency.p90_ms) << " | " << round2(r.latency.p99_ms) << " | "
    << round2(r.latency.max_ms) << " | " << round2(cpu_per_1000(r)) << " |\n\n";
  o << "| process | pid | CPU s | CPU s by thread | RSS at start MB | peak RSS MB |\n"
       "|---|---|---|---|---|---|\n";
  for (const auto& p : r.procs) {
    o << "| " << p.name << " | " << p.pid << " | " << round2(p.cpu_s) << " | " << threads_text(p)
      << " | " << round2(p.rss_start_kb / 1024.0) << " | " << round2(p.peak_rss_kb / 1024.0)
      << " |\n";
  }
  o << "| loadgen | self | " << round2(r.loadgen_cpu_s) << " | | | |\n";
  for (const auto& [why, n] : r.failures) o << "\nfailure: " << why << " x" << n;
  if (!r.extra.empty()) o << "\nextra: " << r.extra.dump();
  o << "\n";
  return o.str();
}

}  // namespace genx3d::bench
