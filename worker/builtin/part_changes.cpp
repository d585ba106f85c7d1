// New parts, follow-ups, relative changes and family switches.
#include "worker/builtin/part_builder.hpp"

#include <algorithm>
#include <cmath>

namespace genx3d::worker::builtin {
namespace detail {
namespace {

bool is_round(Family f) {
  return f == Family::cylinder || f == Family::tube || f == Family::cone || f == Family::gear ||
         f == Family::washer;
}

void scale(double& value, const Change& c) { value = value * c.factor + c.delta; }

// A factor scales an inside diameter with the outside; a length added to the outside is added to
// the inside too, so the wall stays as it was.
void scale_outside(Part& p, const Change& c) {
  scale(p.diameter, c);
  if ((p.family == Family::tube || p.family == Family::washer || p.family == Family::cone) &&
      p.inner > 0) {
    scale(p.inner, c);
  }
}

void scale_all(Part& p, const Change& c) {
  if (c.delta != 0) {  // "10 mm bigger": the outside grows, holes and bores stay
    Change added{c.target, 1, c.delta};
    for (double* v : {&p.width, &p.depth, &p.height, &p.diameter}) {
      if (*v > 0) scale(*v, added);
    }
    return;
  }
  for (double* v : {&p.width, &p.depth, &p.height, &p.diameter, &p.inner, &p.hole, &p.margin,
                    &p.circle, &p.tooth_depth}) {
    *v *= c.factor;
  }
}

void cube_to_box(Part& p) {
  if (p.family == Family::cube) p.family = Family::box;
}

void not_applicable(const Part& p, std::string_view what, Interpretation& out) {
  out.notes.push_back("A " + std::string(family_noun(p.family)) + " has no " + std::string(what) +
                      ", so I left that change out.");
}

void scale_hole(Part& p, const Change& c, Interpretation& out) {
  switch (p.family) {
    case Family::gear:
      if (p.inner <= 0) {
        if (c.factor < 1 || c.delta < 0) return;
        p.inner = std::max(1.0, std::round(p.diameter / 8 * 2) / 2);  // no bore yet: add one
        if (c.delta > 0) p.inner = c.delta;
        return;
      }
      scale(p.inner, c);
      return;
    case Family::tube:
    case Family::washer:
      scale(p.inner, c);
      return;
    case Family::plate:
      if (p.count > 0) {
        scale(p.hole, c);
      } else {
        not_applicable(p, "holes", out);
      }
      return;
    default:
      not_applicable(p, "bore or holes", out);
      return;
  }
}

}  // namespace

void apply_change(Part& p, const Change& c, Interpretation& out) {
  const Family f = p.family;
  switch (c.target) {
    case Target::all:
      scale_all(p, c);
      return;
    case Target::height:
    case Target::length:
      if (f == Family::sphere) return scale_all(p, c);
      if (c.target == Target::length &&
          (f == Family::cube || f == Family::box || f == Family::plate)) {
        cube_to_box(p);
        return scale(p.width, c);
      }
      cube_to_box(p);
      return scale(p.height, c);
    case Target::width:
      if (f == Family::sphere) return scale_all(p, c);
      if (is_round(f)) return scale_outside(p, c);
      cube_to_box(p);
      return scale(f == Family::plate ? p.depth : p.width, c);
    case Target::depth:
      if (f == Family::sphere) return scale_all(p, c);
      if (f == Family::gear) {
        if (p.tooth_depth <= 0) p.tooth_depth = standard_tooth_depth(p.count, p.diameter);
        return scale(p.tooth_depth, c);
      }
      if (f == Family::cube || f == Family::box) {
        cube_to_box(p);
        return scale(p.depth, c);
      }
      return scale(p.height, c);
    case Target::thickness:
      if (f == Family::sphere) return scale_all(p, c);
      if (f == Family::tube) {
        Change wall = c;
        wall.target = Target::wall;
        return apply_change(p, wall, out);
      }
      if (f == Family::cylinder || f == Family::cone) return scale_outside(p, c);
      cube_to_box(p);
      return scale(p.height, c);
    case Target::diameter:
      if (f == Family::sphere || is_round(f)) return scale_outside(p, c);
      if (f == Family::plate) return scale_hole(p, c, out);
      cube_to_box(p);
      scale(p.width, c);
      return scale(p.depth, c);
    case Target::teeth:
      if (f != Family::gear) return not_applicable(p, "teeth", out);
      // Clamped before the cast (a double out of int's range is undefined); finalize limits it.
      p.count = static_cast<int>(std::lround(std::clamp(p.count * c.factor + c.delta, 0.0, 1e6)));
      return;
    case Target::tooth_depth:
      if (f != Family::gear) return not_applicable(p, "teeth", out);
      if (p.tooth_depth <= 0) p.tooth_depth = standard_tooth_depth(p.count, p.diameter);
      return scale(p.tooth_depth, c);
    case Target::bore:
    case Target::hole:
      return scale_hole(p, c, out);
    case Target::wall: {
      if (f != Family::tube && f != Family::washer) return not_applicable(p, "wall", out);
      double wall = (p.diameter - p.inner) / 2;
      scale(wall, c);
      p.inner = p.diameter - 2 * wall;
      return;
    }
  }
}

Part convert(const Part& from, Family to) {
  const Extent e = extent(from);
  const double across = std::min(e.x, e.y);
  const bool has_hole =
      from.family == Family::tube || from.family == Family::washer || from.family == Family::gear;
  Part p;
  p.family = to;
  switch (to) {
    case Family::cube:
      p.width = p.depth = p.height = std::max({e.x, e.y, e.z});
      break;
    case Family::box:
    case Family::plate:
      p.width = e.x;
      p.depth = e.y;
      p.height = e.z;
      break;
    case Family::sphere:
      p.diameter = std::max({e.x, e.y, e.z});
      break;
    case Family::cylinder:
    case Family::cone:
      p.diameter = across;
      p.height = e.z;
      break;
    case Family::tube:
    case Family::washer:
    case Family::gear:
      p.diameter = across;
      p.height = e.z;
      if (has_hole && from.inner < across) p.inner = from.inner;
      if (to == Family::gear && from.family == Family::gear) p.count = from.count;
      break;
  }
  return p;
}

}  // namespace detail

Interpretation build_part(Family family, const ParsedRequest& request) {
  Interpretation out;
  out.part.family = family;
  detail::assign_from_request(out.part, request, true, out);
  for (const Change& change : request.changes) detail::apply_change(out.part, change, out);
  detail::finalize(out.part, out);
  out.changed = true;
  return out;
}

Interpretation modify_part(const Part& previous, const ParsedRequest& request) {
  Interpretation out;
  Part& p = out.part;
  p = previous;
  const bool switch_family =
      request.family && *request.family != previous.family &&
      !(*request.family == Family::cube && previous.family == Family::box &&
        previous.width == previous.depth && previous.depth == previous.height);
  if (switch_family) p = detail::convert(previous, *request.family);
  // A gear whose tooth depth is the standard one keeps it standard when teeth or size change.
  if (p.family == Family::gear && p.tooth_depth > 0 &&
      std::abs(p.tooth_depth - standard_tooth_depth(p.count, p.diameter)) < 0.011) {
    p.tooth_depth = 0;
  }
  detail::assign_from_request(p, request, switch_family, out);
  for (const Change& change : request.changes) detail::apply_change(p, change, out);
  detail::finalize(p, out);
  out.changed = p != previous;
  return out;
}

}  // namespace genx3d::worker::builtin
