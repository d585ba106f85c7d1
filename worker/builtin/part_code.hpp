// The JavaScript (csg.js API) for a part, and the way back: reading a part from code this model
// wrote, so a follow-up on a saved model ("make the teeth longer") knows what it is changing.
#pragma once

#include "worker/builtin/part.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace genx3d::worker::builtin {

// ES5 code using only CSG.cube, CSG.cylinder, CSG.sphere, union, subtract and intersect: a
// comment line, a `createX(...)` function with named parameters, and a last top-level statement
// `var myX = createX(...);` holding the solid. All numbers are millimetres. Every solid sits on
// the z = 0 plane, centred on the z axis, and its bounding box equals extent(part) exactly.
std::string emit_code(const Part& part);

// The part whose `var myX = createX(...)` call is the last one in `code`. Also reads the seed
// example's three-argument createGear(teeth, radius, thickness). nullopt for any other code.
std::optional<Part> read_part(std::string_view code);

}  // namespace genx3d::worker::builtin
