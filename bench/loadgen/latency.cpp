#include "loadgen/latency.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace genx3d::bench {
namespace {

double rank(const std::vector<double>& sorted, double p) {
  auto n = static_cast<double>(sorted.size());
  auto i = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * n))) - 1;
  return sorted[std::min(i, sorted.size() - 1)];
}

double round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace

std::size_t Tally::failed_count() const {
  std::size_t n = 0;
  for (const auto& [why, count] : failures_) n += static_cast<std::size_t>(count);
  return n;
}

LatencySummary Tally::summary() const {
  LatencySummary s;
  s.count = latencies_ms_.size();
  if (latencies_ms_.empty()) return s;
  std::vector<double> sorted = latencies_ms_;
  std::sort(sorted.begin(), sorted.end());
  s.p50_ms = rank(sorted, 50);
  s.p90_ms = rank(sorted, 90);
  s.p99_ms = rank(sorted, 99);
  s.max_ms = sorted.back();
  return s;
}

void to_json(nlohmann::json& j, const LatencySummary& s) {
  j = {{"count", s.count},
       {"p50_ms", round2(s.p50_ms)},
       {"p90_ms", round2(s.p90_ms)},
       {"p99_ms", round2(s.p99_ms)},
       {"max_ms", round2(s.max_ms)}};
}

}  // namespace genx3d::bench
