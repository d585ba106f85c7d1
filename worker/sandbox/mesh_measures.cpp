#include "worker/sandbox/mesh_measures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <utility>
#include <vector>

namespace genx3d::worker::sandbox {
namespace {

using Edge = std::pair<std::uint32_t, std::uint32_t>;  // directed: from, to
using Point = std::array<double, 3>;

// Past this many unmatched edges the T-junction pass would be quadratic in a hostile mesh.
constexpr std::size_t kMaxOpenEdges = 20000;

// Directed edge counts; an edge and its reverse cancel out.
std::map<Edge, int> open_edges(const Mesh& mesh) {
  std::map<Edge, int> open;
  auto add = [&](std::uint32_t a, std::uint32_t b) {
    auto reverse = open.find({b, a});
    if (reverse != open.end()) {
      if (--reverse->second == 0) open.erase(reverse);
    } else {
      ++open[{a, b}];
    }
  };
  for (const auto& t : mesh.triangles) {
    add(t[0], t[1]);
    add(t[1], t[2]);
    add(t[2], t[0]);
  }
  return open;
}

// Whether p lies strictly inside segment ab (within a tolerance relative to its length).
bool on_segment(const Point& a, const Point& b, const Point& p) {
  Point ab{b[0] - a[0], b[1] - a[1], b[2] - a[2]};
  Point ap{p[0] - a[0], p[1] - a[1], p[2] - a[2]};
  double len2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
  if (len2 == 0) return false;
  double t = (ap[0] * ab[0] + ap[1] * ab[1] + ap[2] * ab[2]) / len2;
  if (t <= 1e-9 || t >= 1 - 1e-9) return false;
  double d2 = 0;
  for (int i = 0; i < 3; ++i) {
    double e = ap[i] - t * ab[i];
    d2 += e * e;
  }
  return d2 <= 1e-10 * std::max(1.0, len2);
}

// Splits every open edge at the open-edge vertices lying on it, then cancels pairs again.
std::map<Edge, int> split_t_junctions(const Mesh& mesh, std::map<Edge, int> open) {
  std::vector<std::uint32_t> candidates;
  for (const auto& [e, n] : open) {
    candidates.push_back(e.first);
    candidates.push_back(e.second);
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  std::map<Edge, int> split;
  auto add = [&](std::uint32_t a, std::uint32_t b, int n) {
    auto reverse = split.find({b, a});
    if (reverse != split.end()) {
      reverse->second -= n;
      if (reverse->second == 0) split.erase(reverse);
      return;
    }
    split[{a, b}] += n;
  };
  for (const auto& [e, n] : open) {
    const Point& a = mesh.vertices[e.first];
    const Point& b = mesh.vertices[e.second];
    std::vector<std::pair<double, std::uint32_t>> inside;
    for (std::uint32_t c : candidates) {
      if (c == e.first || c == e.second || !on_segment(a, b, mesh.vertices[c])) continue;
      const Point& p = mesh.vertices[c];
      inside.emplace_back(std::abs(p[0] - a[0]) + std::abs(p[1] - a[1]) + std::abs(p[2] - a[2]), c);
    }
    std::sort(inside.begin(), inside.end());
    std::uint32_t from = e.first;
    for (const auto& [d, c] : inside) {
      add(from, c, n);
      from = c;
    }
    add(from, e.second, n);
  }
  return split;
}

}  // namespace

bool is_closed(const Mesh& mesh) {
  if (mesh.triangles.empty()) return false;
  for (const auto& t : mesh.triangles) {
    for (auto i : t) {
      if (i >= mesh.vertices.size()) return false;
    }
  }
  std::map<Edge, int> open = open_edges(mesh);
  if (open.empty()) return true;
  if (open.size() > kMaxOpenEdges) return false;
  return split_t_junctions(mesh, std::move(open)).empty();
}

MeshMeasures measure(const Mesh& mesh) {
  MeshMeasures m;
  m.triangles = static_cast<std::int64_t>(mesh.triangles.size());
  if (mesh.vertices.empty()) return m;
  constexpr double inf = std::numeric_limits<double>::infinity();
  m.min = {inf, inf, inf};
  m.max = {-inf, -inf, -inf};
  for (const auto& t : mesh.triangles) {
    for (auto i : t) {
      if (i >= mesh.vertices.size()) return MeshMeasures{};
      for (int axis = 0; axis < 3; ++axis) {
        m.min[axis] = std::min(m.min[axis], mesh.vertices[i][axis]);
        m.max[axis] = std::max(m.max[axis], mesh.vertices[i][axis]);
      }
    }
    const Point& a = mesh.vertices[t[0]];
    const Point& b = mesh.vertices[t[1]];
    const Point& c = mesh.vertices[t[2]];
    // Signed volume of the tetrahedron (origin, a, b, c): a · (b × c) / 6.
    m.volume += (a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) +
                 a[2] * (b[0] * c[1] - b[1] * c[0])) /
                6.0;
  }
  if (mesh.triangles.empty()) return MeshMeasures{};
  for (int axis = 0; axis < 3; ++axis) m.size[axis] = m.max[axis] - m.min[axis];
  m.closed = is_closed(mesh);
  return m;
}

}  // namespace genx3d::worker::sandbox
