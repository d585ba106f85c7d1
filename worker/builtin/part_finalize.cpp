// Makes a part buildable: sizes within limits, walls and bores that leave material, plate holes
// that fit, a gear tooth depth, and every length rounded to hundredths of a millimetre (the code
// prints two decimals, so the prose, the code and later follow-ups all see the same numbers).
#include "worker/builtin/part_builder.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace genx3d::worker::builtin::detail {
namespace {

constexpr double kMinSize = 0.1;       // mm: below this csg.js output is noise
constexpr double kMaxSize = 5000.0;    // mm: a 5 m part is already far beyond any printer
constexpr double kMinRoundPart = 2.0;  // mm: the smallest gear, tube or washer
constexpr int kMinTeeth = 6;           // fewer teeth do not mesh
constexpr int kMaxTeeth = 100;         // more take csg.js minutes to union
constexpr int kMaxHoles = 100;
constexpr double kMinWeb = 1.0;  // mm of material between holes and around them

double round2(double v) { return std::round(v * 100) / 100; }
double floor1(double v) { return std::floor(v * 10) / 10; }

void clamp_size(double& v, std::string_view what, Interpretation& out, double min = kMinSize) {
  if (v > kMaxSize) {
    v = kMaxSize;
    out.notes.push_back("The " + std::string(what) + " is limited to " + format_mm(kMaxSize) + ".");
  } else if (v < min) {
    v = min;
    out.notes.push_back("The " + std::string(what) + " must be at least " + format_mm(min) + ".");
  }
}

void finalize_ring(Part& p, Interpretation& out) {
  // The inside must leave a wall of at least 0.1 mm (and a tube or washer needs a hole).
  const double max_inner = p.diameter - 2 * std::max(kMinSize, p.diameter * 0.02);
  if (p.inner <= 0 || p.inner > max_inner) {
    p.inner = std::max(kMinSize, floor1(p.inner <= 0 ? p.diameter / 2 : max_inner));
    out.notes.push_back("The inner diameter must be smaller than the outer one, so I used " +
                        format_mm(p.inner) + ".");
  }
}

void finalize_gear(Part& p, Interpretation& out) {
  if (p.count < kMinTeeth || p.count > kMaxTeeth) {
    p.count = std::clamp(p.count, kMinTeeth, kMaxTeeth);
    out.notes.push_back("I make gears with " + std::to_string(kMinTeeth) + " to " +
                        std::to_string(kMaxTeeth) + " teeth, so this one has " +
                        std::to_string(p.count) + ".");
  }
  const double radius = p.diameter / 2;
  const double wall = std::max(0.5, radius * 0.1);
  const double standard = std::min(standard_tooth_depth(p.count, p.diameter), radius * 0.45);
  if (p.inner > 0 && p.inner / 2 > radius - standard - wall) {
    p.inner = std::max(0.0, floor1(2 * (radius - standard - wall)));
    out.notes.push_back(p.inner > 0 ? "The bore is limited to " + format_mm(p.inner) +
                                          " to leave material inside the teeth."
                                    : "The gear is too small for a bore, so it has none.");
  }
  const double max_depth = std::min(radius * 0.45, radius - p.inner / 2 - wall);
  if (p.tooth_depth <= 0) {
    p.tooth_depth = std::min(standard, max_depth);
  } else if (p.tooth_depth > max_depth) {
    p.tooth_depth = max_depth;
    out.notes.push_back("The tooth depth is limited to " + format_mm(max_depth) +
                        " so the gear keeps a solid body.");
  }
  p.tooth_depth = std::max(p.tooth_depth, std::min(kMinSize, max_depth));
}

// The largest hole diameter that fits `holes` holes along `length` with webs of kMinWeb.
double max_hole_along(double length, int holes) {
  if (holes <= 1) return length - 2 * kMinWeb;
  return (length - 2 * kMinWeb - (holes - 1) * kMinWeb) / holes;
}

bool grid_fits(const Part& p, double margin) {
  auto fits = [&](double length, int holes) {
    if (holes <= 1) return length >= p.hole + 2 * kMinWeb;
    if (margin < p.hole / 2 + kMinWeb) return false;
    return (length - 2 * margin) / (holes - 1) >= p.hole + kMinWeb;
  };
  return fits(p.width, p.columns) && fits(p.depth, p.rows);
}

void layout_grid(Part& p, Interpretation& out) {
  const bool along_x = p.width >= p.depth;
  if (p.pattern == HolePattern::corners && p.count != 4) p.pattern = HolePattern::grid;
  if (p.pattern == HolePattern::corners) {
    p.columns = p.rows = 2;
  } else if (p.pattern == HolePattern::row || p.count == 1) {
    p.columns = along_x ? p.count : 1;
    p.rows = along_x ? 1 : p.count;
  } else if (p.columns * p.rows != p.count) {
    int rows = 1;
    for (int r = 2; r * r <= p.count; ++r) {
      if (p.count % r == 0) rows = r;  // the squarest grid
    }
    if (rows == 1) p.pattern = HolePattern::row;
    p.columns = along_x ? p.count / rows : rows;
    p.rows = along_x ? rows : p.count / rows;
  }
  double margin = 1.5 * p.hole;
  if (!grid_fits(p, margin)) margin = p.hole / 2 + kMinWeb;
  if (!grid_fits(p, margin)) {
    const double largest =
        floor1(std::min(max_hole_along(p.width, p.columns), max_hole_along(p.depth, p.rows)));
    if (largest < 0.5) {
      out.notes.push_back(std::to_string(p.count) +
                          " holes do not fit on this plate, so it has "
                          "none.");
      p.count = p.columns = p.rows = 0;
      return;
    }
    out.notes.push_back("The holes are reduced to " + format_mm(largest) + " so " +
                        std::to_string(p.count) + " fit.");
    p.hole = largest;
    margin = p.hole / 2 + kMinWeb;
  }
  p.margin = round2(margin);
}

void layout_circle(Part& p, Interpretation& out) {
  const double across = std::min(p.width, p.depth);
  const double max_circle = across - p.hole - 2 * kMinWeb;
  if (p.circle <= 0) {
    p.circle = across - 3 * p.hole;
    if (p.circle <= 0) p.circle = max_circle;
  } else if (p.circle > max_circle) {
    p.circle = max_circle;
    out.notes.push_back("The hole circle is limited to " + format_mm(std::max(0.0, max_circle)) +
                        " to stay on the plate.");
  }
  // Neighbouring holes must keep a web between them.
  const double chord = p.circle * std::sin(std::numbers::pi / p.count);
  if (p.circle <= 0 || chord < p.hole + kMinWeb) {
    const double largest = floor1(std::min(chord - kMinWeb, across - p.circle - 2 * kMinWeb));
    if (p.circle <= 0 || largest < 0.5) {
      out.notes.push_back(std::to_string(p.count) +
                          " holes do not fit on this plate, so it has "
                          "none.");
      p.count = 0;
      return;
    }
    out.notes.push_back("The holes are reduced to " + format_mm(largest) + " so " +
                        std::to_string(p.count) + " fit on the circle.");
    p.hole = largest;
  }
  p.circle = round2(p.circle);
}

void finalize_plate(Part& p, Interpretation& out) {
  if (p.count > kMaxHoles) {
    p.count = kMaxHoles;
    out.notes.push_back("A plate takes at most " + std::to_string(kMaxHoles) + " holes.");
  }
  p.count = std::max(0, p.count);
  p.margin = 0;
  if (p.count == 0) return;
  if (p.pattern == HolePattern::circle && p.count >= 2) {
    p.columns = p.rows = 0;
    layout_circle(p, out);
  } else {
    if (p.pattern == HolePattern::circle) p.pattern = HolePattern::grid;  // one hole: centred
    p.circle = 0;
    layout_grid(p, out);
  }
}

// Zeroes what the family does not use, so two equal parts compare equal.
void clear_unused(Part& p) {
  const Family f = p.family;
  const bool boxy = f == Family::cube || f == Family::box || f == Family::plate;
  if (!boxy) p.width = p.depth = 0;
  if (boxy) p.diameter = 0;
  if (f == Family::sphere) p.height = 0;
  if (boxy || f == Family::sphere || f == Family::cylinder) p.inner = 0;
  if (f != Family::gear) p.tooth_depth = 0;
  if (f != Family::gear && f != Family::plate) p.count = 0;
  if (f != Family::plate || p.count == 0) {
    p.hole = p.margin = p.circle = 0;
    p.columns = p.rows = 0;
    p.pattern = HolePattern::corners;
  }
}

}  // namespace

void finalize(Part& p, Interpretation& out) {
  for (double* v : {&p.width, &p.depth, &p.height, &p.diameter}) *v = round2(*v);
  switch (p.family) {
    case Family::cube:
      clamp_size(p.width, "side", out);
      p.depth = p.height = p.width;
      break;
    case Family::box:
    case Family::plate:
      clamp_size(p.width, p.family == Family::plate ? "length" : "width", out);
      clamp_size(p.depth, p.family == Family::plate ? "width" : "depth", out);
      clamp_size(p.height, p.family == Family::plate ? "thickness" : "height", out);
      break;
    case Family::sphere:
      clamp_size(p.diameter, "diameter", out);
      break;
    default:
      // A gear or ring smaller than this has no room for teeth or a wall around its hole.
      clamp_size(
          p.diameter, "diameter", out,
          p.family == Family::cone || p.family == Family::cylinder ? kMinSize : kMinRoundPart);
      clamp_size(p.height, "height", out);
      break;
  }
  p.inner = round2(std::max(0.0, p.inner));
  p.hole = round2(std::max(0.0, p.hole));
  switch (p.family) {
    case Family::tube:
    case Family::washer:
      finalize_ring(p, out);
      break;
    case Family::cone:
      if (p.inner > kMaxSize) p.inner = kMaxSize;
      break;
    case Family::gear:
      finalize_gear(p, out);
      break;
    case Family::plate:
      if (p.count > 0) clamp_size(p.hole, "hole diameter", out);
      finalize_plate(p, out);
      break;
    default:
      break;
  }
  p.inner = round2(p.inner);
  p.hole = round2(p.hole);
  p.tooth_depth = round2(p.tooth_depth);
  clear_unused(p);
}

}  // namespace genx3d::worker::builtin::detail
