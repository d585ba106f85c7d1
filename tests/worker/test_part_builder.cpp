// builtin/parametric's part model: defaults, limits, extents and reading parts back from code.
#include "worker/builtin/part_builder.hpp"
#include "worker/builtin/part_code.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker::builtin;

namespace {

Interpretation build(std::string_view message) {
  ParsedRequest request = parse_request(message);
  REQUIRE(request.family.has_value());
  return build_part(*request.family, request);
}

bool any_note_contains(const Interpretation& i, std::string_view text) {
  for (const auto& note : i.notes) {
    if (note.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("missing dimensions get defaults that are listed as assumed", "[parametric][part]") {
  auto gear = build("a gear with 20 teeth and 40mm diameter");
  CHECK(gear.part.height == 8);
  CHECK(gear.part.inner == 0);
  CHECK(gear.assumed == std::vector<std::string>{"8 mm thickness", "no bore"});

  auto plain = build("a gear");
  CHECK(plain.part.count == 20);
  CHECK(plain.part.diameter == 40);

  auto from_size = build("a 100 mm gear");
  CHECK(from_size.part.count == 50);

  auto with_bore = build("a 40 mm gear with a bore");
  CHECK(with_bore.part.inner == 5);

  auto cylinder = build("a 12 mm cylinder");
  CHECK(cylinder.part.diameter == 12);
  CHECK(cylinder.part.height == 12);
}

TEST_CASE("every part's extent is the size the request stated", "[parametric][part]") {
  auto e = extent(build("a 20 x 30 x 5 mm box").part);
  CHECK((e.x == 20 && e.y == 30 && e.z == 5));
  e = extent(build("a sphere with radius 5").part);
  CHECK((e.x == 10 && e.y == 10 && e.z == 10));
  e = extent(build("a tube, outer diameter 20, length 50").part);
  CHECK((e.x == 20 && e.y == 20 && e.z == 50));
  e = extent(build("Create a gear with 20 teeth and 40mm diameter").part);
  CHECK((e.x == 40 && e.y == 40 && e.z == 8));
  e = extent(build("a cone with base diameter 10, top diameter 30, 20 tall").part);
  CHECK((e.x == 30 && e.y == 30 && e.z == 20));
}

TEST_CASE("a cube given unequal sides becomes a box and says so", "[parametric][part]") {
  auto i = build("a cube 20 x 30 x 5");
  CHECK(i.part.family == Family::box);
  CHECK(any_note_contains(i, "A cube has equal sides"));
}

TEST_CASE("gear limits: tooth count, bore and tooth depth", "[parametric][part]") {
  auto few = build("a gear with 3 teeth");
  CHECK(few.part.count == 6);
  CHECK(few.part.diameter == 12);  // the default size follows the teeth it really has
  CHECK(any_note_contains(few, "6 to 100 teeth"));

  auto bore = build("a 20 mm gear with 20 teeth and a 30 mm bore");
  CHECK(bore.part.inner > 0);
  CHECK(bore.part.inner < bore.part.diameter - 2 * bore.part.tooth_depth);
  CHECK(any_note_contains(bore, "The bore is limited"));

  auto deep = build("a 40 mm gear with 20 teeth and tooth depth 15");
  CHECK(deep.part.tooth_depth == 9);  // 0.45 of the radius
  CHECK(any_note_contains(deep, "tooth depth is limited"));
}

TEST_CASE("rings keep a wall and plates keep their holes on the plate", "[parametric][part]") {
  auto tube = build("a tube 20 mm diameter with inner diameter 25");
  CHECK(tube.part.inner < tube.part.diameter);
  CHECK(any_note_contains(tube, "inner diameter must be smaller"));

  auto crowded = build("a 30 x 20 x 3 plate with 12 holes of 10 mm");
  CHECK(crowded.part.hole < 10);
  CHECK(any_note_contains(crowded, "holes are reduced"));

  auto impossible = build("a 3 x 3 x 1 plate with 50 holes");
  CHECK(impossible.part.count == 0);
  CHECK(any_note_contains(impossible, "do not fit"));
}

TEST_CASE("values the family cannot use are reported, not silently dropped", "[parametric][part]") {
  auto i = build("a sphere of radius 5 with 20 teeth");
  CHECK(i.part.diameter == 10);
  CHECK(any_note_contains(i, "Not used for a sphere: 20 teeth"));
}

TEST_CASE("sizes are clamped to buildable limits", "[parametric][part]") {
  auto huge = build("a 10 m cube");
  CHECK(huge.part.width == 5000);
  CHECK(any_note_contains(huge, "limited to 5000 mm"));
}

TEST_CASE("a switch of family keeps the overall size", "[parametric][part]") {
  auto box = build("a 20 x 30 x 5 mm box").part;
  auto cylinder = modify_part(box, parse_request("make it a cylinder"));
  CHECK(cylinder.part.family == Family::cylinder);
  CHECK(cylinder.part.diameter == 20);
  CHECK(cylinder.part.height == 5);
  CHECK(cylinder.changed);
}

TEST_CASE("code this model writes reads back to the same part", "[parametric][part]") {
  const std::string_view messages[] = {
      "a 12.5 mm cube",
      "a 20 x 30 x 5 mm box",
      "a sphere with radius 5.25",
      "Ø40 cylinder, h 10",
      "a tube 20 x 16 x 50",
      "a cone base 30 top 10 height 40",
      "a gear with 17 teeth, 41.3 mm diameter, 7 mm thick and a 6.25 mm bore",
      "a 100 x 60 x 5 plate with 6 holes of 5 mm",
      "a 90 x 90 x 4 plate with 5 holes in a circle",
      "a 100 x 40 x 3 plate with 5 holes of 4 mm in a row",
      "a plate 50 x 50 x 2",
      "an M12 washer",
  };
  for (std::string_view message : messages) {
    INFO(message);
    const Part part = build(message).part;
    auto read = read_part(emit_code(part));
    REQUIRE(read.has_value());
    CHECK(*read == part);
  }
}

TEST_CASE("code from elsewhere is not mistaken for a part", "[parametric][part]") {
  CHECK_FALSE(read_part("var a = CSG.cube({radius: 1});").has_value());
  CHECK_FALSE(read_part("function createGear(teeth, radius) {}").has_value());
  CHECK_FALSE(read_part("var g = createGear(teeth, 20, 10);").has_value());
  CHECK_FALSE(read_part("var g = createWidget(1, 2, 3);").has_value());
  CHECK(read_part("var g = createGear(20, 20, 10);").has_value());
}
