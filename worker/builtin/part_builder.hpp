// Turns a parsed request into a part: a new one with defaults for what the message leaves out,
// or an earlier part with the message's changes applied ("make it twice as big", "use 30 teeth",
// "now make it a cylinder"). Every value is checked and clamped to something that builds.
#pragma once

#include "worker/builtin/part.hpp"
#include "worker/builtin/request.hpp"

#include <optional>
#include <string>
#include <vector>

namespace genx3d::worker::builtin {

struct Interpretation {
  Part part;
  std::vector<std::string> assumed;  // defaults used for what was not said: "8 mm thickness"
  std::vector<std::string> notes;    // values clamped or ignored, and why
  bool changed = false;              // follow-ups: the request changed something
};

// A new part of `family`.
Interpretation build_part(Family family, const ParsedRequest& request);

// The request applied to `previous`; a family named in the request replaces the previous one and
// keeps its overall size.
Interpretation modify_part(const Part& previous, const ParsedRequest& request);

namespace detail {

// Sets the dimensions the request names, then fills every dimension still unset (zero) with a
// default, which it lists in `out.assumed` when `fresh`.
void assign_from_request(Part& part, const ParsedRequest& request, bool fresh, Interpretation& out);

// "twice as big", "10 mm taller", "make the teeth longer".
void apply_change(Part& part, const Change& change, Interpretation& out);

// The same overall size in another family.
Part convert(const Part& from, Family to);

// Clamps to buildable values, lays out plate holes, sets a gear's tooth depth, and rounds to
// hundredths of a millimetre.
void finalize(Part& part, Interpretation& out);

// Clearance hole for a metric screw (ISO 273, medium): M3 -> 3.4 mm.
double clearance_hole(int metric_size);

}  // namespace detail
}  // namespace genx3d::worker::builtin
