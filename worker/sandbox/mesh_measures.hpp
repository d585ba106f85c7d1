// What a solid is: counts, bounding box, volume and whether its surface is closed. Pure.
#pragma once

#include "worker/sandbox/mesh.hpp"

#include <array>
#include <cstdint>

namespace genx3d::worker::sandbox {

struct MeshMeasures {
  std::int64_t triangles = 0;
  std::array<double, 3> min{};
  std::array<double, 3> max{};
  std::array<double, 3> size{};
  double volume = 0;  // signed sum over triangles; positive for an outward-facing closed solid
  bool closed = false;
};

MeshMeasures measure(const Mesh& mesh);

// Every edge is shared by exactly two triangles, in opposite directions. csg.js leaves
// T-junctions where a split polygon meets an unsplit neighbour (edge a→b on one side, a→c→b on
// the other); those are split before counting, so a watertight csg.js solid counts as closed.
bool is_closed(const Mesh& mesh);

}  // namespace genx3d::worker::sandbox
