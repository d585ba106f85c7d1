#include "worker/builtin/vocabulary.hpp"

#include <array>
#include <utility>

namespace genx3d::worker::builtin {
namespace {

template <typename T, std::size_t N>
std::optional<T> find(const std::array<std::pair<std::string_view, T>, N>& table,
                      std::string_view word) {
  for (const auto& [key, value] : table) {
    if (key == word) return value;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, double>, 17> kUnits{{
    {"mm", 1},
    {"millimeter", 1},
    {"millimeters", 1},
    {"millimetre", 1},
    {"millimetres", 1},
    {"cm", 10},
    {"centimeter", 10},
    {"centimeters", 10},
    {"centimetre", 10},
    {"centimetres", 10},
    {"m", 1000},
    {"meter", 1000},
    {"meters", 1000},
    {"inch", 25.4},
    {"inches", 25.4},
    {"\"", 25.4},
    {"ft", 304.8},
}};

constexpr std::array<std::pair<std::string_view, RoleWord>, 42> kRoleWords{{
    {"diameter", {Role::diameter, WordClass::noun}},
    {"diameters", {Role::diameter, WordClass::noun}},
    {"diam", {Role::diameter, WordClass::noun}},
    {"dia", {Role::diameter, WordClass::noun}},
    {"\xC3\xB8", {Role::diameter, WordClass::noun}},  // Ø, ø and ⌀ after tokenizing
    {"across", {Role::diameter, WordClass::adjective}},
    {"radius", {Role::diameter, WordClass::noun, true}},
    {"radii", {Role::diameter, WordClass::noun, true}},
    {"od", {Role::outer_diameter, WordClass::noun}},
    {"id", {Role::inner_diameter, WordClass::noun}},
    {"height", {Role::height, WordClass::noun}},
    {"tall", {Role::height, WordClass::adjective}},
    {"high", {Role::height, WordClass::adjective}},
    {"length", {Role::length, WordClass::noun}},
    {"long", {Role::length, WordClass::adjective}},
    {"width", {Role::width, WordClass::noun}},
    {"wide", {Role::width, WordClass::adjective}},
    {"breadth", {Role::width, WordClass::noun}},
    {"depth", {Role::depth, WordClass::noun}},
    {"deep", {Role::depth, WordClass::adjective}},
    {"thickness", {Role::thickness, WordClass::noun}},
    {"thick", {Role::thickness, WordClass::adjective}},
    {"wall", {Role::wall, WordClass::noun}},
    {"walls", {Role::wall, WordClass::noun}},
    {"bore", {Role::bore, WordClass::noun}},
    {"shaft", {Role::bore, WordClass::noun}},
    {"axle", {Role::bore, WordClass::noun}},
    {"hole", {Role::hole, WordClass::count}},
    {"holes", {Role::hole, WordClass::count}},
    {"teeth", {Role::tooth_depth, WordClass::count}},
    {"tooth", {Role::tooth_depth, WordClass::count}},
    {"side", {Role::size, WordClass::noun}},
    {"sides", {Role::size, WordClass::noun}},
    {"edge", {Role::size, WordClass::noun}},
    {"edges", {Role::size, WordClass::noun}},
    {"size", {Role::size, WordClass::noun}},
    {"inner", {Role::inner_diameter, WordClass::noun}},
    {"inside", {Role::inner_diameter, WordClass::noun}},
    {"outer", {Role::outer_diameter, WordClass::noun}},
    {"outside", {Role::outer_diameter, WordClass::noun}},
    {"top", {Role::top_diameter, WordClass::noun}},
    {"module", {Role::module, WordClass::noun}},
}};

constexpr std::array<std::string_view, 24> kFillers{
    "of",     "is",      "=",       ":",      "a",      "an",
    "the",    "to",      "at",      "about",  "approx", "approximately",
    "around", "roughly", "exactly", "with",   "be",     "should",
    "must",   "its",     "equal",   "equals", "set",    "measuring"};

constexpr std::array<std::pair<std::string_view, Family>, 35> kFamilies{{
    {"cube", Family::cube},      {"cubes", Family::cube},        {"box", Family::box},
    {"boxes", Family::box},      {"block", Family::box},         {"blocks", Family::box},
    {"cuboid", Family::box},     {"brick", Family::box},         {"sphere", Family::sphere},
    {"spheres", Family::sphere}, {"ball", Family::sphere},       {"orb", Family::sphere},
    {"globe", Family::sphere},   {"cylinder", Family::cylinder}, {"cylinders", Family::cylinder},
    {"rod", Family::cylinder},   {"dowel", Family::cylinder},    {"disc", Family::cylinder},
    {"disk", Family::cylinder},  {"puck", Family::cylinder},     {"tube", Family::tube},
    {"tubes", Family::tube},     {"pipe", Family::tube},         {"sleeve", Family::tube},
    {"cone", Family::cone},      {"frustum", Family::cone},      {"gear", Family::gear},
    {"gears", Family::gear},     {"cog", Family::gear},          {"cogwheel", Family::gear},
    {"plate", Family::plate},    {"panel", Family::plate},       {"washer", Family::washer},
    {"washers", Family::washer}, {"ring", Family::washer},
}};

constexpr std::array<std::pair<std::string_view, int>, 20> kNumberWords{{
    {"one", 1},     {"two", 2},     {"three", 3},    {"four", 4},      {"five", 5},
    {"six", 6},     {"seven", 7},   {"eight", 8},    {"nine", 9},      {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"sixteen", 16}, {"eighteen", 18}, {"twenty", 20},
    {"thirty", 30}, {"forty", 40},  {"fifty", 50},   {"sixty", 60},    {"dozen", 12},
}};

constexpr std::array<std::pair<std::string_view, double>, 10> kFactorWords{{
    {"twice", 2},
    {"double", 2},
    {"doubled", 2},
    {"triple", 3},
    {"tripled", 3},
    {"thrice", 3},
    {"quadruple", 4},
    {"half", 0.5},
    {"halve", 0.5},
    {"halved", 0.5},
}};

constexpr std::array<std::pair<std::string_view, Comparative>, 16> kComparatives{{
    {"bigger", {Target::all, true}},
    {"larger", {Target::all, true}},
    {"smaller", {Target::all, false}},
    {"taller", {Target::height, true}},
    {"higher", {Target::height, true}},
    {"shorter", {Target::height, false}},
    {"longer", {Target::length, true}},
    {"wider", {Target::width, true}},
    {"broader", {Target::width, true}},
    {"narrower", {Target::width, false}},
    {"thicker", {Target::thickness, true}},
    {"thinner", {Target::thickness, false}},
    {"deeper", {Target::depth, true}},
    {"shallower", {Target::depth, false}},
    {"lower", {Target::height, false}},
    {"fatter", {Target::diameter, true}},
}};

constexpr std::array<std::pair<std::string_view, Comparative>, 12> kAsAdjectives{{
    {"big", {Target::all, true}},
    {"large", {Target::all, true}},
    {"small", {Target::all, false}},
    {"tall", {Target::height, true}},
    {"high", {Target::height, true}},
    {"short", {Target::height, false}},
    {"long", {Target::length, true}},
    {"wide", {Target::width, true}},
    {"thick", {Target::thickness, true}},
    {"thin", {Target::thickness, false}},
    {"deep", {Target::depth, true}},
    {"narrow", {Target::width, false}},
}};

constexpr std::array<std::pair<std::string_view, Target>, 21> kTargetNouns{{
    {"size", Target::all},          {"dimensions", Target::all},
    {"scale", Target::all},         {"height", Target::height},
    {"length", Target::length},     {"width", Target::width},
    {"depth", Target::depth},       {"thickness", Target::thickness},
    {"diameter", Target::diameter}, {"radius", Target::diameter},
    {"teeth", Target::teeth},       {"tooth", Target::teeth},
    {"bore", Target::bore},         {"shaft", Target::bore},
    {"hole", Target::hole},         {"holes", Target::hole},
    {"wall", Target::wall},         {"walls", Target::wall},
    {"everything", Target::all},    {"it", Target::all},
    {"gear", Target::all},
}};

}  // namespace

std::string_view family_id(Family family) {
  constexpr std::array<std::string_view, kFamilyCount> ids{
      "cube", "box", "sphere", "cylinder", "tube", "cone", "gear", "plate", "washer"};
  return ids[static_cast<std::size_t>(family)];
}

std::string_view family_noun(Family family) {
  constexpr std::array<std::string_view, kFamilyCount> nouns{
      "cube", "box", "sphere", "cylinder", "tube", "cone", "spur gear", "plate", "washer"};
  return nouns[static_cast<std::size_t>(family)];
}

std::optional<double> unit_factor(std::string_view word) { return find(kUnits, word); }

std::optional<RoleWord> role_word(std::string_view word) { return find(kRoleWords, word); }

bool is_qualifier(std::string_view word) {
  return word == "outer" || word == "outside" || word == "external" || word == "overall" ||
         word == "tip" || word == "inner" || word == "inside" || word == "internal" ||
         word == "top" || word == "base" || word == "bottom" || word == "pitch" || word == "bolt" ||
         word == "circle" || word == "hole" || word == "holes" || word == "bore" ||
         word == "shaft" || word == "wall" || word == "walls" || word == "tooth" || word == "teeth";
}

std::optional<Role> qualify(std::string_view q, Role role) {
  if (role == Role::diameter) {
    if (q == "outer" || q == "outside" || q == "external" || q == "overall" || q == "tip") {
      return Role::outer_diameter;
    }
    if (q == "inner" || q == "inside" || q == "internal") return Role::inner_diameter;
    if (q == "top") return Role::top_diameter;
    if (q == "base" || q == "bottom") return Role::diameter;
    if (q == "pitch") return Role::pitch_diameter;
    if (q == "bolt" || q == "circle") return Role::circle_diameter;
    if (q == "hole" || q == "holes") return Role::hole;
    if (q == "bore" || q == "shaft") return Role::bore;
  }
  if (role == Role::thickness && (q == "wall" || q == "walls")) return Role::wall;
  if ((role == Role::depth || role == Role::height || role == Role::length) &&
      (q == "tooth" || q == "teeth")) {
    return Role::tooth_depth;
  }
  return std::nullopt;
}

bool is_filler(std::string_view word) {
  for (std::string_view filler : kFillers) {
    if (filler == word) return true;
  }
  return false;
}

std::optional<Family> family_word(std::string_view word) { return find(kFamilies, word); }

std::optional<int> number_word(std::string_view word) { return find(kNumberWords, word); }

std::optional<double> factor_word(std::string_view word) { return find(kFactorWords, word); }

std::optional<Comparative> comparative_word(std::string_view word, bool after_as) {
  if (auto found = find(kComparatives, word)) return found;
  return after_as ? find(kAsAdjectives, word) : std::nullopt;
}

std::optional<Target> target_noun(std::string_view word) { return find(kTargetNouns, word); }

}  // namespace genx3d::worker::builtin
