#include "worker/builtin/part.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace genx3d::worker::builtin {

void append_number(std::string& out, double value, int decimals) {
  const double scale = decimals >= 3 ? 1000 : 100;
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, rounded);
  out.append(buffer, result.ptr);
}

std::string format_mm(double value) {
  std::string out;
  append_number(out, value);
  out += " mm";
  return out;
}

double standard_tooth_depth(int teeth, double outside_diameter) {
  // The outside diameter of a spur gear is module * (teeth + 2).
  return 2.25 * outside_diameter / (teeth + 2);
}

Extent extent(const Part& p) {
  switch (p.family) {
    case Family::cube:
    case Family::box:
    case Family::plate:
      return {p.width, p.depth, p.height};
    case Family::sphere:
      return {p.diameter, p.diameter, p.diameter};
    case Family::cone: {
      double widest = std::max(p.diameter, p.inner);
      return {widest, widest, p.height};
    }
    case Family::cylinder:
    case Family::tube:
    case Family::gear:
    case Family::washer:
      return {p.diameter, p.diameter, p.height};
  }
  return {};
}

std::vector<FieldValue> fields(const Part& p) {
  switch (p.family) {
    case Family::cube:
      return {{"side", p.width, false}};
    case Family::box:
      return {{"width", p.width, false}, {"depth", p.depth, false}, {"height", p.height, false}};
    case Family::sphere:
      return {{"diameter", p.diameter, false}};
    case Family::cylinder:
      return {{"diameter", p.diameter, false}, {"height", p.height, false}};
    case Family::tube:
      return {{"outer diameter", p.diameter, false},
              {"inner diameter", p.inner, false},
              {"length", p.height, false}};
    case Family::cone:
      return {{"base diameter", p.diameter, false},
              {"top diameter", p.inner, false},
              {"height", p.height, false}};
    case Family::gear:
      return {{"number of teeth", static_cast<double>(p.count), true},
              {"outside diameter", p.diameter, false},
              {"thickness", p.height, false},
              {"bore", p.inner, false},
              {"tooth depth", p.tooth_depth, false}};
    case Family::plate:
      return {{"length", p.width, false},
              {"width", p.depth, false},
              {"thickness", p.height, false},
              {"number of holes", static_cast<double>(p.count), true},
              {"hole diameter", p.hole, false}};
    case Family::washer:
      return {{"outer diameter", p.diameter, false},
              {"inner diameter", p.inner, false},
              {"thickness", p.height, false}};
  }
  return {};
}

namespace {

void append_mm(std::string& out, double value) {
  append_number(out, value);
  out += " mm";
}

void describe_plate_holes(std::string& out, const Part& p) {
  if (p.count == 0) {
    out += " without holes";
    return;
  }
  out += " with ";
  append_number(out, p.count);
  out += p.count == 1 ? " hole of " : " holes of ";
  append_mm(out, p.hole);
  out += " diameter";
  if (p.count == 1) {
    out += " in the middle";
    return;
  }
  switch (p.pattern) {
    case HolePattern::corners:
      out += " at the corners";
      break;
    case HolePattern::row:
      out += " in a row";
      break;
    case HolePattern::grid:
      out += " in a ";
      append_number(out, p.columns);
      out += " x ";
      append_number(out, p.rows);
      out += " grid";
      break;
    case HolePattern::circle:
      out += " on a ";
      append_mm(out, p.circle);
      out += " circle";
      break;
  }
}

}  // namespace

std::string describe(const Part& p) {
  std::string out(family_noun(p.family));
  switch (p.family) {
    case Family::cube:
      out += ", ";
      append_mm(out, p.width);
      out += " on each side";
      break;
    case Family::box:
      out += ", ";
      append_number(out, p.width);
      out += " x ";
      append_number(out, p.depth);
      out += " x ";
      append_mm(out, p.height);
      out += " (width x depth x height)";
      break;
    case Family::sphere:
      out += ", ";
      append_mm(out, p.diameter);
      out += " diameter (";
      append_mm(out, p.diameter / 2);
      out += " radius)";
      break;
    case Family::cylinder:
      out += ", ";
      append_mm(out, p.diameter);
      out += " diameter and ";
      append_mm(out, p.height);
      out += " tall";
      break;
    case Family::tube:
      out += ", ";
      append_mm(out, p.diameter);
      out += " outer diameter, ";
      append_mm(out, p.inner);
      out += " inner diameter (";
      append_mm(out, (p.diameter - p.inner) / 2);
      out += " wall) and ";
      append_mm(out, p.height);
      out += " long";
      break;
    case Family::cone:
      out += ", ";
      append_mm(out, p.diameter);
      out += " base diameter, ";
      if (p.inner > 0) {
        append_mm(out, p.inner);
        out += " top diameter";
      } else {
        out += "pointed top";
      }
      out += " and ";
      append_mm(out, p.height);
      out += " tall";
      break;
    case Family::gear:
      out += " with ";
      append_number(out, p.count);
      out += " teeth, ";
      append_mm(out, p.diameter);
      out += " outside diameter, ";
      append_mm(out, p.height);
      out += " thick, ";
      if (p.inner > 0) {
        append_mm(out, p.inner);
        out += " bore";
      } else {
        out += "no bore";
      }
      out += " and ";
      append_mm(out, p.tooth_depth);
      out += " tooth depth";
      break;
    case Family::plate:
      out += ", ";
      append_number(out, p.width);
      out += " x ";
      append_number(out, p.depth);
      out += " x ";
      append_mm(out, p.height);
      describe_plate_holes(out, p);
      break;
    case Family::washer:
      out += ", ";
      append_mm(out, p.diameter);
      out += " outer diameter, ";
      append_mm(out, p.inner);
      out += " inner diameter and ";
      append_mm(out, p.height);
      out += " thick";
      break;
  }
  return out;
}

}  // namespace genx3d::worker::builtin
