// What the parametric model understood from one message, before it knows which part it applies
// to: the part family named (if any), dimensions with their roles (in millimetres), counts, and
// relative changes such as "twice as big" or "make the teeth longer".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace genx3d::worker::builtin {

enum class Family : std::uint8_t { cube, box, sphere, cylinder, tube, cone, gear, plate, washer };
inline constexpr std::size_t kFamilyCount = 9;

// Stable identifier, e.g. "gear" (ParametricAnswer::family) and a prose name ("spur gear").
std::string_view family_id(Family family);
std::string_view family_noun(Family family);

enum class HolePattern : std::uint8_t { corners, row, grid, circle };

// The role a dimension plays. Radii are stored as the matching diameter.
enum class Role : std::uint8_t {
  size,             // "a 20 mm cube", "side 10": the one size of a simple shape
  diameter,         // "diameter 40", "Ø40", "radius 5" (stored as 10)
  outer_diameter,   // "outer diameter 20", "20 mm OD"
  inner_diameter,   // "inner diameter 16", "ID 16"
  top_diameter,     // cone: "top diameter 5"
  pitch_diameter,   // gear: "pitch diameter 36"
  circle_diameter,  // plate: "bolt circle diameter 40"
  height,           // "height 10", "10 mm tall"
  length,           // "50 mm long"
  width,            // "20 wide"
  depth,            // "30 deep"
  thickness,        // "5 mm thick"
  wall,             // "2 mm wall"
  bore,             // "5 mm bore"
  hole,             // hole diameter: "holes of 3 mm", "3 mm holes"
  tooth_depth,      // "tooth depth 3"
  module,           // gear: "module 1.5" (outside diameter = module * (teeth + 2))
};
inline constexpr std::size_t kRoleCount = 17;

// What a relative change acts on.
enum class Target : std::uint8_t {
  all,
  height,
  length,
  width,
  depth,
  thickness,
  diameter,
  teeth,
  tooth_depth,
  bore,
  hole,
  wall,
};

// "twice as big" (factor 2), "3 times taller", "50% wider"; or "10 mm taller" (delta +10).
struct Change {
  Target target = Target::all;
  double factor = 1;  // multiplies the target
  double delta = 0;   // then adds millimetres (or teeth)
};

struct ParsedRequest {
  std::optional<Family> family;  // the first part family named
  bool refers_back = false;      // "it", "this", "instead", "into": the earlier part is meant
  bool mentions_holes = false;   // "hole(s)" appears (a plate gets default holes)
  bool pointed = false;          // cone: "pointed", "sharp"
  bool remove_bore = false;      // "no bore", "remove the bore", "without a hole"
  bool remove_holes = false;     // "remove the holes", "no holes"
  bool add_bore = false;         // "add a bore" (with or without a size)

  std::array<std::optional<double>, kRoleCount> values{};  // millimetres, the last one said wins
  std::vector<double> dims;       // "20 x 30 x 5 mm" in millimetres, the first group said
  std::vector<double> unlabeled;  // sizes with no role, in order ("a 20 mm cube")
  std::optional<int> teeth;
  std::optional<int> holes;
  std::optional<int> grid_columns;  // "in a 3 x 2 grid"
  std::optional<int> grid_rows;
  std::optional<HolePattern> pattern;
  std::optional<int> metric_size;  // "M8 washer", "M3 holes"
  std::vector<Change> changes;

  const std::optional<double>& value(Role role) const {
    return values[static_cast<std::size_t>(role)];
  }
  // True when the message asks for anything at all the parametric model can act on.
  bool has_request() const;
};

// Reads one message. Never fails: what it does not understand, it leaves out.
ParsedRequest parse_request(std::string_view message);

}  // namespace genx3d::worker::builtin
