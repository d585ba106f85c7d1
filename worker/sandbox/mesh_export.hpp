// File formats for a mesh: binary STL and Wavefront OBJ. Pure; the API serves the bytes.
#pragma once

#include "worker/sandbox/mesh.hpp"

#include <string>
#include <string_view>

namespace genx3d::worker::sandbox {

// Binary STL: 80-byte header (starts with `header`), little-endian triangle count, then per
// triangle a unit normal, three vertices (float32) and a zero attribute word.
std::string to_binary_stl(const Mesh& mesh, std::string_view header);

// OBJ: `v x y z` lines then 1-based `f a b c` lines; millimetres, as the code wrote them.
std::string to_obj(const Mesh& mesh, std::string_view comment);

// Binary glTF 2.0 (GLB): one mesh of float32 positions and uint32 indices (viewers compute flat
// normals). glTF is metres and Y-up, CAD code millimetres and Z-up, so the node scales by 0.001
// and turns Z up into Y up; the buffer keeps the code's numbers.
std::string to_glb(const Mesh& mesh, std::string_view generator);

}  // namespace genx3d::worker::sandbox
