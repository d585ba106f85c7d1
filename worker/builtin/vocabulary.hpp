// The words the parametric model knows: units, dimension nouns and adjectives, qualifiers
// ("outer", "hole"), part family names and comparatives. Small fixed tables; a linear scan over a
// few dozen string_views is faster than building a hash map per call and needs no allocation.
#pragma once

#include "worker/builtin/request.hpp"

#include <optional>
#include <string_view>

namespace genx3d::worker::builtin {

// Millimetres per unit word ("mm" 1, "cm" 10, "inch" 25.4, "\"" 25.4 …). "in" is handled by the
// parser, which decides whether it means inches.
std::optional<double> unit_factor(std::string_view word);

enum class WordClass : std::uint8_t {
  noun,       // "diameter", "height": works before or after its number
  adjective,  // "thick", "tall": only after its number ("5 mm thick")
  count,      // "teeth", "holes": a count after an integer, a size otherwise (holes only)
};

struct RoleWord {
  Role role;
  WordClass word_class;
  bool radius = false;  // the number is a radius: store twice it as a diameter
};

// A dimension word, e.g. "radius" -> {diameter, noun, radius}, "thick" -> {thickness, adjective}.
std::optional<RoleWord> role_word(std::string_view word);

// Words that refine the dimension word after them ("outer" diameter, "wall" thickness, "tooth"
// depth). Returns the refined role, or nullopt if `qualifier` does not apply to `role`.
std::optional<Role> qualify(std::string_view qualifier, Role role);
bool is_qualifier(std::string_view word);

// Words skipped between a dimension word and its number: "radius of 5", "diameter is 40".
bool is_filler(std::string_view word);

std::optional<Family> family_word(std::string_view word);

// "one" .. "twenty", for counts such as "four holes".
std::optional<int> number_word(std::string_view word);

// "twice" 2, "double" 2, "triple" 3, "half" 0.5 …
std::optional<double> factor_word(std::string_view word);

// A comparative ("bigger", "taller") or, when `after_as` ("as big", "as tall"), its base
// adjective: which dimension grows or shrinks.
struct Comparative {
  Target target;
  bool grow;
};
std::optional<Comparative> comparative_word(std::string_view word, bool after_as);

// Nouns that name what a change acts on: "the height", "the teeth", "the bore", "the size".
std::optional<Target> target_noun(std::string_view word);

}  // namespace genx3d::worker::builtin
