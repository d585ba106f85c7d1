// The request parser of builtin/parametric: numbers, units, roles, counts and relative changes.
#include "worker/builtin/request.hpp"
#include "worker/builtin/tokenizer.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker::builtin;

namespace {

double value_of(const ParsedRequest& r, Role role) {
  REQUIRE(r.value(role).has_value());
  return *r.value(role);
}

}  // namespace

TEST_CASE("tokenizer splits glued dimensions, lowercases and maps dimension signs",
          "[parametric][parser]") {
  TokenizedText text("20x30x5MM Ø40 2×3 1/4\"");
  const auto& t = text.tokens();
  REQUIRE(t.size() == 13);
  CHECK(t[0].kind == TokenKind::number);
  CHECK(t[0].value == 20);
  CHECK(t[1].is("x"));
  CHECK(t[1].glued);
  CHECK(t[4].value == 5);
  CHECK(t[5].is("mm"));
  CHECK(t[6].is("\xC3\xB8"));  // Ø becomes the diameter sign "ø"
  CHECK(t[7].value == 40);
  CHECK(t[9].is("x"));  // × is "x"
  CHECK(t[11].value == Approx(0.25));
  CHECK(t[12].is_symbol('"'));
}

TEST_CASE("sizes default to millimetres and convert cm, m and inches", "[parametric][parser]") {
  CHECK(parse_request("a 20 cube").unlabeled == std::vector<double>{20});
  CHECK(parse_request("a 2cm cube").unlabeled == std::vector<double>{20});
  CHECK(parse_request("a 1 inch cube").unlabeled == std::vector<double>{25.4});
  CHECK(parse_request("a 2 in cube").unlabeled == std::vector<double>{50.8});
  CHECK(parse_request("a 1/2\" cube").unlabeled == std::vector<double>{12.7});
  CHECK(parse_request("a 1.5 m rod").unlabeled == std::vector<double>{1500});
  CHECK_THAT(parse_request("box 2 x 3 x 1, dimensions in inches").dims,
             Catch::Matchers::Approx(std::vector<double>{50.8, 76.2, 25.4}));
}

TEST_CASE("x and by forms give a dimension group whose last unit applies to all",
          "[parametric][parser]") {
  CHECK(parse_request("20 x 30 x 5 mm box").dims == std::vector<double>{20, 30, 5});
  CHECK(parse_request("a box 20x30x5mm").dims == std::vector<double>{20, 30, 5});
  CHECK(parse_request("a 2 x 3 x 1 cm block").dims == std::vector<double>{20, 30, 10});
  CHECK(parse_request("plate 80 by 50").dims == std::vector<double>{80, 50});
  CHECK(parse_request("20 * 30 * 5").dims == std::vector<double>{20, 30, 5});
}

TEST_CASE("a dimension word before or after a number gives its role", "[parametric][parser]") {
  CHECK(value_of(parse_request("sphere radius 5"), Role::diameter) == 10);
  CHECK(value_of(parse_request("diameter 40mm"), Role::diameter) == 40);
  CHECK(value_of(parse_request("a 40mm diameter gear"), Role::diameter) == 40);
  CHECK(value_of(parse_request("Ø40 cylinder"), Role::diameter) == 40);
  CHECK(value_of(parse_request("a plate 5 mm thick"), Role::thickness) == 5);
  CHECK(value_of(parse_request("height 10"), Role::height) == 10);
  CHECK(value_of(parse_request("with a radius of 2.5 cm"), Role::diameter) == 50);
  CHECK(value_of(parse_request("a rod 30 mm long"), Role::length) == 30);
  CHECK(value_of(parse_request("cylinder r=5 h=20"), Role::diameter) == 10);
  CHECK(value_of(parse_request("cylinder r=5 h=20"), Role::height) == 20);
  CHECK(value_of(parse_request("a cylinder 3 in tall"), Role::height) == Approx(76.2));
  CHECK(value_of(parse_request("a disc 2 in diameter"), Role::diameter) == Approx(50.8));
  CHECK(value_of(parse_request("a disc 20mm in diameter"), Role::diameter) == 20);
}

TEST_CASE("neighbouring numbers each take their own dimension word", "[parametric][parser]") {
  auto a = parse_request("radius 5 height 10");
  CHECK(value_of(a, Role::diameter) == 10);
  CHECK(value_of(a, Role::height) == 10);
  auto b = parse_request("40mm diameter 5mm thick");
  CHECK(value_of(b, Role::diameter) == 40);
  CHECK(value_of(b, Role::thickness) == 5);
  auto c = parse_request("5mm bore 40mm diameter");
  CHECK(value_of(c, Role::bore) == 5);
  CHECK(value_of(c, Role::diameter) == 40);
  CHECK(parse_request("radius 5 height 10").unlabeled.empty());
  auto d = parse_request("radius 5mm height 10mm");
  CHECK(value_of(d, Role::diameter) == 10);
  CHECK(value_of(d, Role::height) == 10);
  // Numbers first: a word right after a number is that number's, not the next one's.
  auto washer = parse_request("washer 24mm OD 10mm ID 2mm");
  CHECK(value_of(washer, Role::outer_diameter) == 24);
  CHECK(value_of(washer, Role::inner_diameter) == 10);
  CHECK(washer.unlabeled == std::vector<double>{2});
}

TEST_CASE("qualifiers refine a diameter into outer, inner, hole, bore or pitch",
          "[parametric][parser]") {
  auto tube = parse_request("tube outer diameter 20 inner diameter 16 length 50");
  CHECK(value_of(tube, Role::outer_diameter) == 20);
  CHECK(value_of(tube, Role::inner_diameter) == 16);
  CHECK(value_of(tube, Role::length) == 50);
  CHECK(value_of(parse_request("20 mm OD"), Role::outer_diameter) == 20);
  CHECK(value_of(parse_request("gear, pitch diameter 64"), Role::pitch_diameter) == 64);
  CHECK(value_of(parse_request("a 2 mm wall"), Role::wall) == 2);
  CHECK(value_of(parse_request("wall thickness 1.5"), Role::wall) == 1.5);
  CHECK(value_of(parse_request("tooth depth 3"), Role::tooth_depth) == 3);
  CHECK(value_of(parse_request("a spur gear, 32 teeth, module 1.5"), Role::module) == 1.5);
}

TEST_CASE("counts of teeth and holes, and hole sizes", "[parametric][parser]") {
  auto gear = parse_request("Create a gear with 20 teeth and 40mm diameter");
  CHECK(gear.family == Family::gear);
  CHECK(gear.teeth == 20);
  CHECK(value_of(gear, Role::diameter) == 40);

  auto plate = parse_request("plate 100x60x5 with 4 holes of 3mm");
  CHECK(plate.holes == 4);
  CHECK(value_of(plate, Role::hole) == 3);
  CHECK(plate.dims == std::vector<double>{100, 60, 5});

  CHECK(value_of(parse_request("4 holes of 5 mm diameter"), Role::hole) == 5);
  CHECK(parse_request("four holes").holes == 4);
  auto grouped = parse_request("4 x 3mm holes");
  CHECK(grouped.holes == 4);
  CHECK(value_of(grouped, Role::hole) == 3);
  auto metric = parse_request("a plate with 6 M3 holes");
  CHECK(metric.holes == 6);
  CHECK(metric.metric_size == 3);
  CHECK(metric.unlabeled.empty());
  auto grid = parse_request("holes in a 3 x 2 grid");
  CHECK(grid.grid_columns == 3);
  CHECK(grid.grid_rows == 2);
  CHECK(grid.pattern == HolePattern::grid);
}

TEST_CASE("relative changes read their factor, percentage or length", "[parametric][parser]") {
  auto check = [](std::string_view message, Target target, double factor, double delta) {
    auto r = parse_request(message);
    INFO(message);
    REQUIRE(r.changes.size() == 1);
    CHECK(r.changes[0].target == target);
    CHECK(r.changes[0].factor == Approx(factor));
    CHECK(r.changes[0].delta == Approx(delta));
    CHECK(r.unlabeled.empty());
  };
  check("make it twice as big", Target::all, 2, 0);
  check("make it 3 times taller", Target::height, 3, 0);
  check("make the teeth longer", Target::tooth_depth, 1.5, 0);
  check("make it 20% smaller", Target::all, 0.8, 0);
  check("make it 10mm taller", Target::height, 1, 10);
  check("make it half as tall", Target::height, 0.5, 0);
  check("3 times smaller", Target::all, 1.0 / 3, 0);
  check("double the thickness", Target::thickness, 2, 0);
  check("increase the height by 5 mm", Target::height, 1, 5);
  check("reduce the diameter by 25%", Target::diameter, 0.75, 0);
  check("scale it by 1.5", Target::all, 1.5, 0);
  check("make the holes a bit bigger", Target::hole, 1.2, 0);
  check("add 5 more teeth", Target::teeth, 1, 5);
  check("make it 2x bigger", Target::all, 2, 0);
}

TEST_CASE("absolute follow-ups set a value instead of a change", "[parametric][parser]") {
  auto to = parse_request("change the diameter to 60mm");
  CHECK(to.changes.empty());
  CHECK(value_of(to, Role::diameter) == 60);
  auto from_to = parse_request("change the diameter from 40 to 60 mm");
  CHECK(value_of(from_to, Role::diameter) == 60);
  CHECK(from_to.unlabeled.empty());
  auto bore = parse_request("add a 5mm bore");
  CHECK(value_of(bore, Role::bore) == 5);
  CHECK(bore.add_bore);
  CHECK(parse_request("use 30 teeth").teeth == 30);
  CHECK(parse_request("increase the height to 20").changes.empty());
}

TEST_CASE("family words, references and flags", "[parametric][parser]") {
  CHECK(parse_request("Create a simple cube").family == Family::cube);
  CHECK(parse_request("a hollow cylinder").family == Family::tube);
  CHECK(parse_request("an M8 washer").family == Family::washer);
  CHECK(parse_request("a cog").family == Family::gear);
  auto switched = parse_request("now make it a cylinder");
  CHECK(switched.family == Family::cylinder);
  CHECK(switched.refers_back);
  CHECK(parse_request("Make the gear teeth longer").refers_back);
  CHECK_FALSE(parse_request("Create a gear").refers_back);
  CHECK(parse_request("remove the bore").remove_bore);
  CHECK(parse_request("a plate without holes").remove_holes);
  CHECK(parse_request("a cone with a pointed top").pointed);
  CHECK(parse_request("6 holes in a circle").pattern == HolePattern::circle);
}

TEST_CASE("messages without a part or a dimension are not requests", "[parametric][parser]") {
  CHECK_FALSE(parse_request("write me a poem").has_request());
  CHECK_FALSE(parse_request("a car").has_request());
  CHECK_FALSE(
      parse_request("What's a good wall thickness for 3D printing this part?").has_request());
  CHECK_FALSE(parse_request("").has_request());
  CHECK(parse_request("make it bigger").has_request());
}
