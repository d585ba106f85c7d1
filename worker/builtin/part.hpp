// One part as the parametric model builds it: a family and its dimensions in millimetres.
//
// One flat struct for every family rather than a variant: follow-ups scale, swap and compare
// dimensions across families ("now make it a cylinder" keeps the box's size), and the members
// are named after the words people use for them.
#pragma once

#include "worker/builtin/request.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker::builtin {

struct Part {
  Family family = Family::cube;
  double width = 0;     // x: cube side, box width, plate length
  double depth = 0;     // y: box depth, plate width
  double height = 0;    // z: height, length or thickness, whatever the family calls it
  double diameter = 0;  // sphere, cylinder, cone base, gear tips; tube and washer outside
  double inner = 0;     // tube and washer inside diameter, gear bore, cone top; 0 = none
  double hole = 0;      // plate: hole diameter
  int count = 0;        // gear: teeth; plate: holes
  HolePattern pattern = HolePattern::corners;  // plate
  int columns = 0;                             // plate, corners/row/grid: holes along x
  int rows = 0;                                // plate, corners/row/grid: holes along y
  double margin = 0;       // plate, corners/row/grid: plate edge to the outer hole centres
  double circle = 0;       // plate, circle pattern: diameter of the circle of hole centres
  double tooth_depth = 0;  // gear: tip circle to root circle

  bool operator==(const Part&) const = default;
};

// The part's extent along x, y and z, as the generated code's bounding box will show it.
struct Extent {
  double x = 0;
  double y = 0;
  double z = 0;
};
Extent extent(const Part& part);

// A dimension as prose shows it: "outside diameter", with the value and its unit.
struct FieldValue {
  std::string_view name;
  double value;
  bool is_count;  // teeth and holes are counts, not millimetres
};
std::vector<FieldValue> fields(const Part& part);

// "spur gear with 20 teeth, 40 mm outside diameter, 8 mm thick and no bore".
std::string describe(const Part& part);

// Formats a number with at most `decimals` decimals and no trailing zeros: 20, 2.5, 26.67.
void append_number(std::string& out, double value, int decimals = 2);
std::string format_mm(double value);  // "26.67 mm"

// The standard tooth depth of a gear (2.25 modules, the module being its size per tooth).
double standard_tooth_depth(int teeth, double outside_diameter);

}  // namespace genx3d::worker::builtin
