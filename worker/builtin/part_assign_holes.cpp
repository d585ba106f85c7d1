// Plates (hole count, size and pattern) and washers (ISO 7089 sizes for "M8 washer").
#include "worker/builtin/assign_reader.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace genx3d::worker::builtin::detail {
namespace {

HolePattern default_pattern(int holes) {
  if (holes == 4) return HolePattern::corners;
  if (holes <= 3) return holes == 1 ? HolePattern::grid : HolePattern::row;
  for (int rows = 2; rows * rows <= holes; ++rows) {
    if (holes % rows == 0) return HolePattern::grid;
  }
  return HolePattern::row;
}

int default_hole_count(std::optional<HolePattern> pattern) {
  if (!pattern) return 4;
  switch (*pattern) {
    case HolePattern::corners:
      return 4;
    case HolePattern::row:
      return 3;
    case HolePattern::grid:
      return 6;
    case HolePattern::circle:
      return 6;
  }
  return 4;
}

struct WasherSize {
  int metric;
  double inner, outer, thickness;
};
// ISO 7089 plain washers.
constexpr std::array<WasherSize, 10> kWashers{{{3, 3.2, 7, 0.5},
                                               {4, 4.3, 9, 0.8},
                                               {5, 5.3, 10, 1},
                                               {6, 6.4, 12, 1.6},
                                               {8, 8.4, 16, 1.6},
                                               {10, 10.5, 20, 2},
                                               {12, 13, 24, 2.5},
                                               {16, 17, 30, 3},
                                               {20, 21, 37, 3},
                                               {24, 25, 44, 4}}};

}  // namespace

void assign_plate(Part& p, Reader& r, const ParsedRequest& request, Filler& fill) {
  auto x = r.first({Role::length});
  auto y = r.first({Role::width});
  if (!x && y) {
    x = y;
    y = r.first({Role::depth});
  } else if (!y) {
    y = r.first({Role::depth});
  }
  auto z = r.first({Role::thickness, Role::height});
  if (!x) x = r.dim(0, 2);
  if (!y) y = r.dim(1, 2);
  if (!z) z = r.dim(2, 3);
  set(p.width, x);
  set(p.depth, y);
  set(p.height, z);

  auto hole = r.first({Role::hole, Role::diameter, Role::bore});
  if (!hole && request.metric_size) hole = clearance_hole(*request.metric_size);
  set(p.hole, hole);
  set(p.circle, r.first({Role::circle_diameter}));
  const int old_count = p.count;
  if (request.grid_columns && request.grid_rows) {
    p.columns = *request.grid_columns;
    p.rows = *request.grid_rows;
    p.count = p.columns * p.rows;
    p.pattern = HolePattern::grid;
  }
  if (request.holes) p.count = *request.holes;
  if (request.remove_holes) {
    p.count = 0;
  } else if (p.count <= 0 && (request.mentions_holes || hole || request.pattern)) {
    p.count = default_hole_count(request.pattern);
  }
  if (request.pattern) {
    p.pattern = *request.pattern;
  } else if (p.count != old_count && !(request.grid_columns && request.grid_rows) &&
             !(p.pattern == HolePattern::circle && old_count > 0)) {
    p.pattern = default_pattern(p.count);
  }
  fill(p.width, 100, "length");
  fill(p.depth, 60, "width");
  fill(p.height, 5, "thickness");
  if (p.count > 0) fill(p.hole, 5, "hole diameter");
}

void assign_washer(Part& p, Reader& r, const ParsedRequest& request, Filler& fill) {
  auto od = r.first({Role::outer_diameter, Role::diameter, Role::size});
  auto id = r.first({Role::inner_diameter, Role::hole, Role::bore});
  auto t = r.first({Role::thickness, Role::height});
  if (!od) od = r.dim(0, 2);
  if (!id) id = r.dim(1, 2);
  if (!t) t = r.dim(2, 3);
  if (!od) od = r.unlabeled();
  if (!id) id = r.unlabeled();
  if (!t) t = r.unlabeled();
  set(p.diameter, od);
  set(p.inner, id);
  set(p.height, t);
  const bool nothing = p.diameter <= 0 && p.inner <= 0 && p.height <= 0;
  if (request.metric_size || (nothing && fill.fresh)) {
    const int metric = request.metric_size.value_or(10);
    WasherSize size{metric, metric * 1.05 + 0.1, metric * 2.0, std::max(0.5, metric / 5.0)};
    for (const WasherSize& known : kWashers) {
      if (known.metric == metric) size = known;
    }
    if (!od) p.diameter = size.outer;
    if (!id) p.inner = size.inner;
    if (!t) p.height = size.thickness;
    fill.note("M" + std::to_string(metric) + " size (ISO 7089)");
    return;
  }
  if (p.diameter <= 0 && p.inner > 0)
    fill(p.diameter, round_to(p.inner * 2, 0.1), "outer diameter");
  fill(p.diameter, 20, "outer diameter");
  fill(p.inner, round_to(p.diameter / 2, 0.1), "inner diameter");
  fill(p.height, std::max(0.5, round_to(p.diameter / 10, 0.1)), "thickness");
}

double clearance_hole(int metric_size) {
  constexpr std::array<std::pair<int, double>, 9> kClearance{
      {{3, 3.4}, {4, 4.5}, {5, 5.5}, {6, 6.6}, {8, 9}, {10, 11}, {12, 13.5}, {16, 17.5}, {20, 22}}};
  for (const auto& [metric, hole] : kClearance) {
    if (metric == metric_size) return hole;
  }
  return std::round(metric_size * 11.0) / 10;
}

}  // namespace genx3d::worker::builtin::detail
