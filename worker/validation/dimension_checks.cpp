#include "worker/validation/dimension_checks.hpp"

#include "worker/builtin/request.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace genx3d::worker {
namespace {

using builtin::Role;

struct Stated {
  Role role;
  const char* name;
};

// The roles that bound the solid; each is one extent of its bounding box.
constexpr Stated kOverall[] = {
    {Role::size, "size"},
    {Role::diameter, "diameter"},
    {Role::outer_diameter, "outer diameter"},
    {Role::height, "height"},
    {Role::length, "length"},
    {Role::width, "width"},
    {Role::depth, "depth"},
    {Role::thickness, "thickness"},
};

constexpr const char* kAxes[] = {"x", "y", "z"};

DimensionCheck compare(std::string name, double expected, const std::array<double, 3>& size,
                       std::vector<int> axes) {
  DimensionCheck c;
  c.dimension = std::move(name);
  c.expected_mm = expected;
  c.tolerance_mm = dimension_tolerance(expected);
  int best = -1;
  for (int axis : axes) {
    if (best < 0 || std::abs(size[axis] - expected) < std::abs(size[best] - expected)) best = axis;
  }
  if (best < 0) return c;
  c.measured_mm = std::round(size[best] * 1e4) / 1e4;
  c.axis = kAxes[best];
  c.met = std::abs(size[best] - expected) <= c.tolerance_mm;
  return c;
}

// "20 x 30 x 5": the largest stated value against the largest extent, and so on down, so an
// answer that lays the box on another side still matches.
void check_group(const std::vector<double>& dims, const std::array<double, 3>& size,
                 std::vector<DimensionCheck>& out) {
  std::vector<double> stated = dims;
  std::sort(stated.rbegin(), stated.rend());
  std::vector<int> axes(3);
  std::iota(axes.begin(), axes.end(), 0);
  std::stable_sort(axes.begin(), axes.end(), [&](int a, int b) { return size[a] > size[b]; });
  for (std::size_t i = 0; i < stated.size() && i < 3; ++i) {
    out.push_back(compare("stated size", stated[i], size, {axes[i]}));
  }
}

}  // namespace

double dimension_tolerance(double expected_mm) {
  return std::max(0.1, 0.01 * std::abs(expected_mm));
}

std::vector<DimensionCheck> check_dimensions(std::string_view message,
                                             const std::array<double, 3>& size) {
  builtin::ParsedRequest request = builtin::parse_request(message);
  std::vector<DimensionCheck> checks;
  if (request.dims.size() >= 2) check_group(request.dims, size, checks);
  for (const Stated& s : kOverall) {
    if (const auto& v = request.value(s.role); v && *v > 0) {
      checks.push_back(compare(s.name, *v, size, {0, 1, 2}));
    }
  }
  // "a 10 mm cube", "a 3 cm ball": one bare size of a shape that has only one.
  const bool one_size_shape =
      request.family == builtin::Family::cube || request.family == builtin::Family::sphere;
  if (checks.empty() && one_size_shape && request.unlabeled.size() == 1 &&
      request.unlabeled[0] > 0) {
    checks.push_back(compare("size", request.unlabeled[0], size, {0, 1, 2}));
  }
  return checks;
}

}  // namespace genx3d::worker
