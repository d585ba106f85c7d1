// File formats for a mesh: binary STL and Wavefront OBJ. Pure; the API serves the bytes.
#pragma once

#include <string>
#include <string_view>

#include "worker/sandbox/mesh.hpp"

namespace genx3d::worker::sandbox {

// Binary STL: 80-byte header (starts with `header`), little-endian triangle count, then per
// triangle a unit normal, three vertices (float32) and a zero attribute word.
std::string to_binary_stl(const Mesh& mesh, std::string_view header);

// OBJ: `v x y z` lines then 1-based `f a b c` lines; millimetres, as the code wrote them.
std::string to_obj(const Mesh& mesh, std::string_view comment);

}  // namespace genx3d::worker::sandbox
