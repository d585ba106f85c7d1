#include "worker/sandbox/mesh_export.hpp"

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

}  // namespace genx3d::worker::sandbox
