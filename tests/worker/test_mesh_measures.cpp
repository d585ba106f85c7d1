#include "worker/sandbox/mesh_export.hpp"
#include "worker/sandbox/mesh_measures.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <cstring>

using namespace genx3d::worker::sandbox;

namespace {

// An axis-aligned box from (0,0,0) to (sx,sy,sz), outward-facing, 12 triangles.
Mesh box(double sx, double sy, double sz) {
  Mesh m;
  m.vertices = {{0, 0, 0},  {sx, 0, 0},  {sx, sy, 0},  {0, sy, 0},
                {0, 0, sz}, {sx, 0, sz}, {sx, sy, sz}, {0, sy, sz}};
  m.triangles = {{0, 2, 1}, {0, 3, 2}, {4, 5, 6}, {4, 6, 7}, {0, 1, 5}, {0, 5, 4},
                 {1, 2, 6}, {1, 6, 5}, {2, 3, 7}, {2, 7, 6}, {3, 0, 4}, {3, 4, 7}};
  m.polygons = 6;
  return m;
}

}  // namespace

TEST_CASE("a box: counts, bounding box, volume, closed", "[mesh]") {
  MeshMeasures m = measure(box(20, 30, 5));
  CHECK(m.triangles == 12);
  CHECK(m.size == std::array<double, 3>{20, 30, 5});
  CHECK(m.min == std::array<double, 3>{0, 0, 0});
  CHECK(m.volume == Approx(3000));
  CHECK(m.closed);
}

TEST_CASE("a box with one face missing is open", "[mesh]") {
  Mesh m = box(1, 1, 1);
  m.triangles.pop_back();
  m.triangles.pop_back();
  CHECK_FALSE(measure(m).closed);
}

TEST_CASE("a T-junction (one face split, its neighbour not) still counts as closed", "[mesh]") {
  // A unit cube whose top face (z = 1) is split at the midpoint of its edge y = 0, as csg.js
  // leaves it: the front face's edge (1,0,1)->(0,0,1) has the top's vertex (0.5,0,1) on it.
  Mesh m = box(1, 1, 1);
  m.vertices.push_back({0.5, 0, 1});  // 8
  std::erase(m.triangles, std::array<std::uint32_t, 3>{4, 5, 6});
  std::erase(m.triangles, std::array<std::uint32_t, 3>{4, 6, 7});
  m.triangles.push_back({4, 8, 7});
  m.triangles.push_back({8, 5, 6});
  m.triangles.push_back({8, 6, 7});
  MeshMeasures measured = measure(m);
  CHECK(measured.closed);
  CHECK(measured.volume == Approx(1));
}

TEST_CASE("an empty mesh measures nothing and is not closed", "[mesh]") {
  MeshMeasures m = measure(Mesh{});
  CHECK(m.triangles == 0);
  CHECK_FALSE(m.closed);
}

TEST_CASE("binary STL: header, count, 50 bytes a triangle", "[mesh]") {
  std::string stl = to_binary_stl(box(2, 3, 4), "solid genx3d test");
  REQUIRE(stl.size() == 84 + 12 * 50);
  CHECK(stl.substr(0, 5) == "Solid");  // never "solid": that would read as ASCII STL
  std::uint32_t count = 0;
  std::memcpy(&count, stl.data() + 80, 4);
  CHECK(count == 12);
  float first_vertex_x = -1;
  std::memcpy(&first_vertex_x, stl.data() + 84 + 12, 4);
  CHECK(first_vertex_x == 0.0f);
}

TEST_CASE("OBJ: one v per vertex, 1-based f per triangle", "[mesh]") {
  std::string obj = to_obj(box(1, 1, 1), "test");
  CHECK(obj.find("v 1 1 1\n") != std::string::npos);
  CHECK(obj.find("f 1 3 2\n") != std::string::npos);
  std::size_t faces = 0;
  for (std::size_t i = obj.find("\nf "); i != std::string::npos; i = obj.find("\nf ", i + 1)) {
    ++faces;
  }
  CHECK(faces == 12);
}

TEST_CASE("GLB: header, JSON chunk, binary chunk with positions then indices", "[mesh]") {
  Mesh m = box(2, 3, 4);
  std::string glb = to_glb(m, "genx3d test");
  REQUIRE(glb.size() % 4 == 0);
  CHECK(glb.substr(0, 4) == "glTF");
  std::uint32_t version = 0, length = 0, json_length = 0;
  std::memcpy(&version, glb.data() + 4, 4);
  std::memcpy(&length, glb.data() + 8, 4);
  std::memcpy(&json_length, glb.data() + 12, 4);
  CHECK(version == 2);
  CHECK(length == glb.size());
  CHECK(glb.substr(16, 4) == "JSON");
  auto doc = nlohmann::json::parse(glb.substr(20, json_length));
  CHECK(doc["accessors"][0]["count"] == 8);
  CHECK(doc["accessors"][1]["count"] == 36);
  CHECK(doc["accessors"][0]["max"] == nlohmann::json::array({2.0, 3.0, 4.0}));
  std::uint32_t bin_length = 0;
  std::memcpy(&bin_length, glb.data() + 20 + json_length, 4);
  CHECK(glb.substr(24 + json_length, 3) == "BIN");
  CHECK(bin_length == 8 * 12 + 36 * 4);
}
