// End-to-end latencies of one run, and their percentiles.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace genx3d::bench {

struct LatencySummary {
  std::size_t count = 0;
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
};

// Records what happened to each job: a latency when it succeeded, a counted reason when not.
class Tally {
 public:
  void ok(double latency_ms) { latencies_ms_.push_back(latency_ms); }
  void failed(const std::string& why) { ++failures_[why]; }

  std::size_t ok_count() const { return latencies_ms_.size(); }
  std::size_t failed_count() const;
  const std::map<std::string, int>& failures() const { return failures_; }
  // Nearest-rank percentiles; sorts a copy.
  LatencySummary summary() const;

 private:
  std::vector<double> latencies_ms_;
  std::map<std::string, int> failures_;
};

void to_json(nlohmann::json& j, const LatencySummary& s);

}  // namespace genx3d::bench
