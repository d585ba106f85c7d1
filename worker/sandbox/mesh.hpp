// A triangle mesh as the sandbox returns it: welded vertices and indexed triangles, counter-
// clockwise seen from outside (csg.js's winding).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace genx3d::worker::sandbox {

struct Mesh {
  std::vector<std::array<double, 3>> vertices;
  std::vector<std::array<std::uint32_t, 3>> triangles;
  std::int64_t polygons = 0;  // csg.js polygons before triangulation
};

}  // namespace genx3d::worker::sandbox
