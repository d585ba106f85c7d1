// Does the solid match the request? The overall dimensions a message states ("40mm diameter",
// "20 x 30 x 5 mm", "radius 5mm", "10 mm thick"), read with builtin/parametric's parser, each
// compared with the closest bounding-box extent. Pure.
#pragma once

#include "common/validation.hpp"

#include <array>
#include <string_view>
#include <vector>

namespace genx3d::worker {

// Within max(0.1 mm, 1 %) of the stated value, as the built-in model's own tests use.
double dimension_tolerance(double expected_mm);

// Only overall sizes are checked: a bore, a hole, a wall, a pitch or bolt-circle diameter says
// nothing about the bounding box, and a relative change ("twice as big") states no size.
std::vector<DimensionCheck> check_dimensions(std::string_view message,
                                             const std::array<double, 3>& size);

}  // namespace genx3d::worker
