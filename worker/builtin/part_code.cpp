// Code emission. The function bodies are fixed text per family; only the last line carries the
// part's numbers, so emitting is a few appends. Cylinders use slice counts that are multiples of
// four: csg.js puts polygon vertices on the circle starting on the x axis, so a vertex lies on
// each of +x, -x, +y and -y and the bounding box is exactly the diameter.
#include "worker/builtin/part_code.hpp"

#include "worker/builtin/part_code_templates.hpp"

#include <cctype>
#include <initializer_list>

namespace genx3d::worker::builtin {
namespace {

void append_args(std::string& out, std::initializer_list<double> args) {
  bool first = true;
  for (double arg : args) {
    if (!first) out += ", ";
    append_number(out, arg, 3);  // radii of two-decimal diameters need three
    first = false;
  }
}

void append_call(std::string& out, std::string_view variable, std::string_view function,
                 std::initializer_list<double> args) {
  out += "var ";
  out += variable;
  out += " = ";
  out += function;
  out += '(';
  append_args(out, args);
  out += ");\n";
}

}  // namespace

std::string emit_code(const Part& p) {
  std::string out;
  out.reserve(2048);
  out += "// ";
  std::string description = describe(p);
  description[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(description[0])));
  out += description;
  out += ".\n// All sizes are in millimetres.\n";
  using namespace templates;
  switch (p.family) {
    case Family::cube:
      out += kCube;
      append_call(out, "myCube", "createCube", {p.width});
      break;
    case Family::box:
      out += kBox;
      append_call(out, "myBox", "createBox", {p.width, p.depth, p.height});
      break;
    case Family::sphere:
      out += kSphere;
      append_call(out, "mySphere", "createSphere", {p.diameter / 2});
      break;
    case Family::cylinder:
      out += kCylinder;
      append_call(out, "myCylinder", "createCylinder", {p.diameter / 2, p.height});
      break;
    case Family::tube:
      out += kTube;
      append_call(out, "myTube", "createTube", {p.diameter / 2, p.inner / 2, p.height});
      break;
    case Family::cone:
      out += kCone;
      out += kUnionAll;
      append_call(out, "myCone", "createCone",
                  {p.diameter / 2, p.inner / 2, p.height, static_cast<double>(kConeLayers)});
      break;
    case Family::gear:
      out += kGear;
      out += kUnionAll;
      append_call(
          out, "myGear", "createGear",
          {static_cast<double>(p.count), p.diameter / 2, p.height, p.inner / 2, p.tooth_depth});
      break;
    case Family::plate:
      if (p.count == 0) {
        out += kPlate;
        append_call(out, "myPlate", "createPlate", {p.width, p.depth, p.height});
      } else if (p.pattern == HolePattern::circle) {
        out += kPlateHoleCircle;
        out += kUnionAll;
        append_call(
            out, "myPlate", "createPlateWithHoleCircle",
            {p.width, p.depth, p.height, p.hole / 2, static_cast<double>(p.count), p.circle / 2});
      } else {
        out += kPlateHoleGrid;
        out += kUnionAll;
        append_call(out, "myPlate", "createPlateWithHoles",
                    {p.width, p.depth, p.height, p.hole / 2, static_cast<double>(p.columns),
                     static_cast<double>(p.rows), p.margin});
      }
      break;
    case Family::washer:
      out += kWasher;
      append_call(out, "myWasher", "createWasher", {p.diameter / 2, p.inner / 2, p.height});
      break;
  }
  return out;
}

}  // namespace genx3d::worker::builtin
