// Reads a part back from code this model wrote: the last `= createX(numbers…)` call names the
// family and carries every dimension, so no JavaScript needs to run.
#include "worker/builtin/part_builder.hpp"
#include "worker/builtin/part_code.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace genx3d::worker::builtin {
namespace {

constexpr std::size_t kMaxArgs = 8;

struct Call {
  std::string_view name;  // e.g. "createGear"
  std::array<double, kMaxArgs> args{};
  std::size_t count = 0;
};

bool is_ident(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$';
}

void skip_spaces(std::string_view s, std::size_t& i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
}

// Parses `name(1, 2.5, -3)` at `start`; nullopt unless every argument is a plain number.
std::optional<Call> parse_call(std::string_view code, std::size_t start) {
  Call call;
  std::size_t i = start;
  while (i < code.size() && is_ident(code[i])) ++i;
  call.name = code.substr(start, i - start);
  skip_spaces(code, i);
  if (i >= code.size() || code[i] != '(') return std::nullopt;
  ++i;
  skip_spaces(code, i);
  if (i < code.size() && code[i] == ')') return call;
  while (i < code.size()) {
    if (call.count == kMaxArgs) return std::nullopt;
    double value = 0;
    auto [ptr, ec] = std::from_chars(code.data() + i, code.data() + code.size(), value);
    if (ec != std::errc() || !std::isfinite(value)) return std::nullopt;
    call.args[call.count++] = value;
    i = static_cast<std::size_t>(ptr - code.data());
    skip_spaces(code, i);
    if (i < code.size() && code[i] == ')') return call;
    if (i >= code.size() || code[i] != ',') return std::nullopt;
    ++i;
    skip_spaces(code, i);
  }
  return std::nullopt;
}

// A count small enough that products of two stay inside int.
bool whole(double v) { return v == std::floor(v) && v >= 0 && v < 1e4; }

std::optional<Part> part_from_call(const Call& c) {
  const auto& a = c.args;
  Part p;
  auto is = [&](std::string_view name, std::size_t count) {
    return c.name == name && c.count == count;
  };
  if (is("createCube", 1)) {
    p.family = Family::cube;
    p.width = p.depth = p.height = a[0];
  } else if (is("createBox", 3)) {
    p.family = Family::box;
    p.width = a[0];
    p.depth = a[1];
    p.height = a[2];
  } else if (is("createSphere", 1)) {
    p.family = Family::sphere;
    p.diameter = 2 * a[0];
  } else if (is("createCylinder", 2)) {
    p.family = Family::cylinder;
    p.diameter = 2 * a[0];
    p.height = a[1];
  } else if (is("createTube", 3) || is("createWasher", 3)) {
    p.family = c.name == "createTube" ? Family::tube : Family::washer;
    p.diameter = 2 * a[0];
    p.inner = 2 * a[1];
    p.height = a[2];
  } else if (is("createCone", 4) || is("createCone", 3)) {
    p.family = Family::cone;
    p.diameter = 2 * a[0];
    p.inner = 2 * a[1];
    p.height = a[2];
  } else if ((is("createGear", 5) || is("createGear", 3)) && whole(a[0])) {
    // Three arguments: the seed example's createGear(teeth, radius, thickness).
    p.family = Family::gear;
    p.count = static_cast<int>(a[0]);
    p.diameter = 2 * a[1];
    p.height = a[2];
    if (c.count == 5) {
      p.inner = 2 * a[3];
      p.tooth_depth = a[4];
    }
  } else if (is("createPlate", 3)) {
    p.family = Family::plate;
    p.width = a[0];
    p.depth = a[1];
    p.height = a[2];
  } else if (is("createPlateWithHoles", 7) && whole(a[4]) && whole(a[5])) {
    p.family = Family::plate;
    p.width = a[0];
    p.depth = a[1];
    p.height = a[2];
    p.hole = 2 * a[3];
    p.columns = static_cast<int>(a[4]);
    p.rows = static_cast<int>(a[5]);
    p.margin = a[6];
    p.count = p.columns * p.rows;
    p.pattern = p.columns == 2 && p.rows == 2       ? HolePattern::corners
                : (p.columns == 1) != (p.rows == 1) ? HolePattern::row
                                                    : HolePattern::grid;
  } else if (is("createPlateWithHoleCircle", 6) && whole(a[4])) {
    p.family = Family::plate;
    p.width = a[0];
    p.depth = a[1];
    p.height = a[2];
    p.hole = 2 * a[3];
    p.count = static_cast<int>(a[4]);
    p.pattern = HolePattern::circle;
    p.circle = 2 * a[5];
  } else {
    return std::nullopt;
  }
  return p;
}

}  // namespace

std::optional<Part> read_part(std::string_view code) {
  // Walk back over the assigned calls ("= createGear(") to the last one that parses.
  std::size_t pos = code.size();
  while (pos > 0) {
    pos = code.rfind("create", pos - 1);
    if (pos == std::string_view::npos) break;
    if (pos > 0 && is_ident(code[pos - 1])) continue;
    std::size_t before = pos;
    while (before > 0 && (code[before - 1] == ' ' || code[before - 1] == '\t')) --before;
    if (before == 0 || code[before - 1] != '=') continue;
    auto call = parse_call(code, pos);
    if (!call) continue;
    auto part = part_from_call(*call);
    if (!part) continue;
    Interpretation scratch;
    detail::finalize(*part, scratch);  // the same limits as generated parts
    return part;
  }
  return std::nullopt;
}

}  // namespace genx3d::worker::builtin
