// The result of one load-generator run, as JSON (for bench/run.sh to aggregate) and as a
// markdown table (for people).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "loadgen/latency.hpp"
#include "loadgen/proc_stats.hpp"

namespace genx3d::bench {

struct RunReport {
  std::string mode;
  std::string label;
  std::size_t ok = 0;       // jobs that succeeded
  std::size_t failed = 0;   // jobs or requests that did not
  double wall_s = 0;        // measured phase, first submit to last result
  LatencySummary latency;   // end-to-end, successful jobs only
  std::map<std::string, int> failures;
  std::vector<ProcUsage> procs;
  double loadgen_cpu_s = 0;
  nlohmann::json extra = nlohmann::json::object();  // mode-specific figures
};

// Fills ok, failed, failures and latency from a tally.
void take_tally(RunReport& r, const Tally& t);

nlohmann::json to_json(const RunReport& r);
std::string to_markdown(const RunReport& r);

}  // namespace genx3d::bench
