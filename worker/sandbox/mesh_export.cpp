#include "worker/sandbox/mesh_export.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <fmt/format.h>

namespace genx3d::worker::sandbox {
namespace {

static_assert(std::endian::native == std::endian::little, "STL is little-endian");

void put_u32(std::string& out, std::uint32_t v) {
  char bytes[4];
  std::memcpy(bytes, &v, 4);
  out.append(bytes, 4);
}

void put_f32(std::string& out, double v) {
  float f = static_cast<float>(v);
  char bytes[4];
  std::memcpy(bytes, &f, 4);
  out.append(bytes, 4);
}

std::array<double, 3> unit_normal(const std::array<double, 3>& a, const std::array<double, 3>& b,
                                  const std::array<double, 3>& c) {
  double ux = b[0] - a[0], uy = b[1] - a[1], uz = b[2] - a[2];
  double vx = c[0] - a[0], vy = c[1] - a[1], vz = c[2] - a[2];
  std::array<double, 3> n{uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx};
  double len = std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
  if (len == 0) return {0, 0, 0};
  return {n[0] / len, n[1] / len, n[2] / len};
}

}  // namespace

std::string to_binary_stl(const Mesh& mesh, std::string_view header) {
  std::string out(80, ' ');
  out.replace(0, std::min<std::size_t>(header.size(), 80), header.substr(0, 80));
  // A header starting with "solid" makes some readers take the file for ASCII STL.
  if (out.starts_with("solid")) out[0] = 'S';
  out.reserve(84 + mesh.triangles.size() * 50);
  put_u32(out, static_cast<std::uint32_t>(mesh.triangles.size()));
  for (const auto& t : mesh.triangles) {
    const auto& a = mesh.vertices[t[0]];
    const auto& b = mesh.vertices[t[1]];
    const auto& c = mesh.vertices[t[2]];
    for (double v : unit_normal(a, b, c)) put_f32(out, v);
    for (const auto* p : {&a, &b, &c}) {
      for (double v : *p) put_f32(out, v);
    }
    out.append(2, '\0');
  }
  return out;
}

std::string to_obj(const Mesh& mesh, std::string_view comment) {
  std::string out = fmt::format("# {}\n# units: millimetres\n", comment);
  for (const auto& v : mesh.vertices) out += fmt::format("v {} {} {}\n", v[0], v[1], v[2]);
  for (const auto& t : mesh.triangles) {
    out += fmt::format("f {} {} {}\n", t[0] + 1, t[1] + 1, t[2] + 1);
  }
  return out;
}

namespace {

void pad_to_4(std::string& s, char fill) {
  while (s.size() % 4 != 0) s.push_back(fill);
}

nlohmann::json gltf_document(const Mesh& mesh, std::string_view generator,
                             std::size_t positions_bytes, std::size_t indices_bytes) {
  std::array<double, 3> lo{0, 0, 0}, hi{0, 0, 0};
  for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
    for (int axis = 0; axis < 3; ++axis) {
      double v = static_cast<float>(mesh.vertices[i][axis]);
      lo[axis] = i == 0 ? v : std::min(lo[axis], v);
      hi[axis] = i == 0 ? v : std::max(hi[axis], v);
    }
  }
  constexpr double kHalfSqrt2 = 0.7071067811865476;
  return {
      {"asset", {{"version", "2.0"}, {"generator", std::string(generator)}}},
      {"scene", 0},
      {"scenes", {{{"nodes", {0}}}}},
      {"nodes",
       {{{"mesh", 0},
         {"scale", {0.001, 0.001, 0.001}},
         {"rotation", {-kHalfSqrt2, 0.0, 0.0, kHalfSqrt2}}}}},
      {"meshes", {{{"primitives", {{{"attributes", {{"POSITION", 0}}}, {"indices", 1}}}}}}},
      {"buffers", {{{"byteLength", positions_bytes + indices_bytes}}}},
      {"bufferViews",
       {{{"buffer", 0}, {"byteOffset", 0}, {"byteLength", positions_bytes}, {"target", 34962}},
        {{"buffer", 0},
         {"byteOffset", positions_bytes},
         {"byteLength", indices_bytes},
         {"target", 34963}}}},
      {"accessors",
       {{{"bufferView", 0},
         {"componentType", 5126},
         {"count", mesh.vertices.size()},
         {"type", "VEC3"},
         {"min", lo},
         {"max", hi}},
        {{"bufferView", 1},
         {"componentType", 5125},
         {"count", mesh.triangles.size() * 3},
         {"type", "SCALAR"}}}},
  };
}

}  // namespace

std::string to_glb(const Mesh& mesh, std::string_view generator) {
  std::string bin;
  bin.reserve(mesh.vertices.size() * 12 + mesh.triangles.size() * 12);
  for (const auto& v : mesh.vertices) {
    for (double c : v) put_f32(bin, c);
  }
  const std::size_t positions_bytes = bin.size();
  for (const auto& t : mesh.triangles) {
    for (auto i : t) put_u32(bin, i);
  }
  const std::size_t indices_bytes = bin.size() - positions_bytes;
  pad_to_4(bin, '\0');
  std::string json = gltf_document(mesh, generator, positions_bytes, indices_bytes).dump();
  pad_to_4(json, ' ');

  std::string out;
  out.reserve(12 + 8 + json.size() + 8 + bin.size());
  out.append("glTF");
  put_u32(out, 2);
  put_u32(out, static_cast<std::uint32_t>(12 + 8 + json.size() + 8 + bin.size()));
  put_u32(out, static_cast<std::uint32_t>(json.size()));
  out.append("JSON");
  out += json;
  put_u32(out, static_cast<std::uint32_t>(bin.size()));
  out.append("BIN", 3);
  out.push_back('\0');
  out += bin;
  return out;
}

}  // namespace genx3d::worker::sandbox
