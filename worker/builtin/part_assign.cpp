// Sets a part's dimensions from what the message said, family by family, and fills what it did
// not say with defaults that look like a real part of that kind. Plates and washers, which come
// with hole patterns and standard sizes, are in part_assign_holes.cpp.
#include "worker/builtin/assign_reader.hpp"

#include <algorithm>
#include <cmath>

namespace genx3d::worker::builtin::detail {
namespace {

void assign_box(Part& p, Reader& r, bool fresh, Filler& fill, Interpretation& out) {
  std::optional<double> x = r.dim(0, 2), y = r.dim(1, 2), z = r.dim(2, 3);
  auto length = r.first({Role::length});
  auto width = r.first({Role::width});
  if (length) {
    x = length;
    if (width) y = width;
  } else if (width) {
    x = width;
  }
  if (auto depth = r.first({Role::depth})) y = depth;
  if (auto height = r.first({Role::height, Role::thickness})) z = height;
  auto single = r.first({Role::size, Role::diameter});
  if (!single) single = r.unlabeled();
  const bool cube = p.family == Family::cube;
  const int axes = (x ? 1 : 0) + (y ? 1 : 0) + (z ? 1 : 0);
  if (!single && cube && fresh && axes == 1) {  // "a cube with height 10"
    single = x ? x : (y ? y : z);
    x = y = z = std::nullopt;
  }
  if (single) p.width = p.depth = p.height = *single;
  set(p.width, x);
  set(p.depth, y);
  set(p.height, z);
  if (cube) {
    const double side = std::max({p.width, p.depth, p.height});
    fill(p.width, side > 0 ? side : 10, "side");
    if (p.depth <= 0) p.depth = p.width;
    if (p.height <= 0) p.height = p.width;
    if (p.width != p.depth || p.depth != p.height) {
      p.family = Family::box;
      if (fresh) out.notes.push_back("A cube has equal sides, so this is a box.");
    }
  } else {
    fill(p.width, 30, "width");
    fill(p.depth, 20, "depth");
    fill(p.height, 10, "height");
  }
}

void assign_round(Part& p, Reader& r, Filler& fill) {
  auto d = r.first({Role::diameter, Role::outer_diameter, Role::size, Role::width});
  auto h = r.first({Role::height, Role::length, Role::thickness, Role::depth});
  if (!d) d = r.dim(0, 2);
  if (!h) h = r.dim(1, 2);
  if (!d) d = r.unlabeled();
  if (!h) h = r.unlabeled();
  set(p.diameter, d);
  set(p.height, h);
  fill(p.diameter, 20, "diameter");
  fill(p.height, p.diameter, "height");
}

void assign_tube(Part& p, Reader& r, Filler& fill) {
  const double old_wall = p.inner > 0 ? (p.diameter - p.inner) / 2 : 0;
  auto od = r.first({Role::outer_diameter, Role::diameter, Role::size, Role::width});
  auto id = r.first({Role::inner_diameter, Role::bore, Role::hole});
  auto wall = r.first({Role::wall, Role::thickness});
  auto length = r.first({Role::length, Role::height, Role::depth});
  if (auto third = r.dim(2, 3)) {  // "20 x 16 x 50": outside x inside x length
    if (!od) od = r.dim(0, 3);
    if (!id && !wall) id = r.dim(1, 3);
    if (!length) length = third;
  } else {  // "20 x 50": outside x length
    if (!od) od = r.dim(0, 2);
    if (!length) length = r.dim(1, 2);
  }
  if (!od) od = r.unlabeled();
  if (!length) length = r.unlabeled();
  set(p.diameter, od);
  if (id) {
    p.inner = *id;
  } else if (wall) {
    p.inner = std::max(0.0, p.diameter - 2 * *wall);
  } else if (od && old_wall > 0) {
    p.inner = std::max(0.0, p.diameter - 2 * old_wall);  // a new outside keeps the wall
  }
  set(p.height, length);
  fill(p.diameter, 20, "outer diameter");
  if (p.inner <= 0) {
    const double default_wall = std::clamp(round_to(p.diameter * 0.1, 0.5), 0.5, 5.0);
    fill(p.inner, p.diameter - 2 * default_wall, "inner diameter");
  }
  fill(p.height, round_to(p.diameter * 2.5, 1), "length");
}

void assign_cone(Part& p, Reader& r, const ParsedRequest& request, Filler& fill) {
  auto base = r.first({Role::diameter, Role::outer_diameter, Role::size, Role::width});
  auto top = r.first({Role::top_diameter, Role::inner_diameter});
  auto h = r.first({Role::height, Role::length});
  if (!base) base = r.dim(0, 2);
  if (!h) h = r.dim(1, 2);
  if (!base) base = r.unlabeled();
  if (!h) h = r.unlabeled();
  set(p.diameter, base);
  set(p.inner, top);
  if (request.pointed) p.inner = 0;
  set(p.height, h);
  fill(p.diameter, 20, "base diameter");
  fill(p.height, round_to(p.diameter * 1.5, 1), "height");
  if (!top && p.inner <= 0) fill.note("pointed top");
}

void assign_gear(Part& p, Reader& r, const ParsedRequest& request, Filler& fill) {
  auto d = r.first({Role::outer_diameter, Role::diameter, Role::size});
  auto pitch = r.first({Role::pitch_diameter});
  auto module = r.first({Role::module});
  auto thickness = r.first({Role::thickness, Role::width, Role::height, Role::length});
  auto bore = r.first({Role::bore, Role::hole, Role::inner_diameter});
  auto depth = r.first({Role::tooth_depth});
  if (!d && !pitch && !module) d = r.unlabeled();
  if (request.teeth) p.count = std::clamp(*request.teeth, 1, 1000);  // finalize limits further
  set(p.diameter, d);
  set(p.height, thickness);
  set(p.inner, bore);
  set(p.tooth_depth, depth);
  if (p.count <= 0) {
    // About 2 mm per tooth of diameter looks like a typical small gear.
    p.count =
        p.diameter > 0 ? std::clamp(static_cast<int>(std::lround(p.diameter / 2)), 8, 80) : 20;
    if (fill.fresh) fill.out.assumed.push_back(std::to_string(p.count) + " teeth");
  }
  if (pitch && !d) p.diameter = *pitch * (p.count + 2) / p.count;  // tips sit one module out
  if (module && !d && !pitch) p.diameter = *module * (p.count + 2);
  fill(p.diameter, 2.0 * std::clamp(p.count, 6, 100), "outside diameter");
  fill(p.height, std::max(2.0, round_to(p.diameter / 5, 0.5)), "thickness");
  if (request.remove_bore) {
    p.inner = 0;
  } else if (p.inner <= 0 && (request.add_bore || request.mentions_holes)) {
    fill(p.inner, round_to(p.diameter / 8, 0.5), "bore");
  } else if (p.inner <= 0) {
    fill.note("no bore");
  }
}

}  // namespace

void assign_from_request(Part& p, const ParsedRequest& request, bool fresh, Interpretation& out) {
  Reader reader(request);
  Filler fill{fresh, out};
  switch (p.family) {
    case Family::cube:
    case Family::box:
      assign_box(p, reader, fresh, fill, out);
      break;
    case Family::sphere: {
      auto d = reader.first({Role::diameter, Role::outer_diameter, Role::size, Role::width,
                             Role::height, Role::length});
      if (!d) d = reader.unlabeled();
      set(p.diameter, d);
      fill(p.diameter, 20, "diameter");
      break;
    }
    case Family::cylinder:
      assign_round(p, reader, fill);
      break;
    case Family::tube:
      assign_tube(p, reader, fill);
      break;
    case Family::cone:
      assign_cone(p, reader, request, fill);
      break;
    case Family::gear:
      assign_gear(p, reader, request, fill);
      break;
    case Family::plate:
      assign_plate(p, reader, request, fill);
      break;
    case Family::washer:
      assign_washer(p, reader, request, fill);
      break;
  }
  reader.report(p, out);
}

}  // namespace genx3d::worker::builtin::detail
