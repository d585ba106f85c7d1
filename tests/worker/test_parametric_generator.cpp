// builtin/parametric end to end: the answer text, the family, and the numbers in the code for
// every part family, follow-ups from history and context code, and honest refusals.
#include "worker/builtin/parametric_generator.hpp"
#include "worker/builtin/part_code.hpp"

#include <catch2/catch.hpp>

#include <random>

using genx3d::ChatTurn;
using genx3d::worker::generate_parametric_answer;
using genx3d::worker::ParametricAnswer;

namespace {

ParametricAnswer answer(std::string_view message, std::vector<ChatTurn> history = {},
                        std::optional<std::string> context = std::nullopt) {
  return generate_parametric_answer(message, history, context);
}

// The code's last statement, e.g. "var myGear = createGear(20, 20, 8, 0, 4.09);".
std::string call_of(const ParametricAnswer& a) {
  const std::size_t var = a.text.rfind("\nvar my");
  if (var == std::string::npos) return "";
  return a.text.substr(var + 1, a.text.find('\n', var + 1) - var - 1);
}

// The prose before the code block.
std::string prose_of(const ParametricAnswer& a) { return a.text.substr(0, a.text.find("```")); }

std::vector<ChatTurn> gear_history() {
  return {{"user", "Create a gear with 20 teeth and 40mm diameter"},
          {"assistant", "Here's a parametric spur gear."}};
}

}  // namespace

TEST_CASE("the seed's gear request gives a 40 mm gear with 20 teeth and a default thickness",
          "[parametric]") {
  auto a = answer("Create a gear with 20 teeth and 40mm diameter");
  CHECK(a.family == "gear");
  CHECK(call_of(a) == "var myGear = createGear(20, 20, 8, 0, 4.09);");
  const std::string prose = prose_of(a);
  CHECK_THAT(prose, Catch::Contains("20 teeth") && Catch::Contains("40 mm outside diameter") &&
                        Catch::Contains("8 mm thick"));
  CHECK_THAT(prose, Catch::Contains("Not specified, so I used: 8 mm thickness"));
  CHECK_THAT(a.text, Catch::Contains("\n\n```javascript\n// Spur gear with 20 teeth"));
  CHECK_THAT(a.text, Catch::EndsWith("```"));
  CHECK_THAT(a.text, Catch::Contains("function createGear(teeth, radius, thickness, boreRadius, "
                                     "toothDepth) {\n  var pitchAngle"));
}

TEST_CASE("every family reads its dimensions into the generated call", "[parametric]") {
  struct Case {
    std::string_view message;
    std::string_view family;
    std::string_view call;
  };
  const Case cases[] = {
      {"Create a simple cube", "cube", "var myCube = createCube(10);"},
      {"a 1 inch cube", "cube", "var myCube = createCube(25.4);"},
      {"a 20 x 30 x 5 mm box", "box", "var myBox = createBox(20, 30, 5);"},
      {"a box 20x30x5mm", "box", "var myBox = createBox(20, 30, 5);"},
      {"a block 40 long, 20 wide and 10 high", "box", "var myBox = createBox(40, 20, 10);"},
      {"a sphere with radius 5", "sphere", "var mySphere = createSphere(5);"},
      {"a 3 cm ball", "sphere", "var mySphere = createSphere(15);"},
      {"Ø40 cylinder, height 10", "cylinder", "var myCylinder = createCylinder(20, 10);"},
      {"a cylinder with a radius of 5 and a height of 30", "cylinder",
       "var myCylinder = createCylinder(5, 30);"},
      {"a tube with outer diameter 20 and length 50", "tube",
       "var myTube = createTube(10, 8, 50);"},
      {"a pipe 30 mm OD, 3 mm wall, 100 mm long", "tube", "var myTube = createTube(15, 12, 100);"},
      {"a hollow cylinder 20 x 16 x 40", "tube", "var myTube = createTube(10, 8, 40);"},
      {"a cone, base diameter 30, 40 mm tall", "cone", "var myCone = createCone(15, 0, 40, 24);"},
      {"a cone with base diameter 40, top diameter 20 and height 30", "cone",
       "var myCone = createCone(20, 10, 30, 24);"},
      {"a gear with 30 teeth, 60 mm diameter, 10 mm thick and an 8 mm bore", "gear",
       "var myGear = createGear(30, 30, 10, 4, 4.22);"},
      {"a spur gear, 24 teeth, pitch diameter 48, 6 mm wide", "gear",
       "var myGear = createGear(24, 26, 6, 0, 4.5);"},
      {"a spur gear, 32 teeth, module 1.5, 10 mm thick", "gear",
       "var myGear = createGear(32, 25.5, 10, 0, 3.38);"},
      {"a plate 100x60x5 with 4 holes of 3mm", "plate",
       "var myPlate = createPlateWithHoles(100, 60, 5, 1.5, 2, 2, 4.5);"},
      {"an 80 x 50 x 4 mm plate with 6 holes of 5 mm", "plate",
       "var myPlate = createPlateWithHoles(80, 50, 4, 2.5, 3, 2, 7.5);"},
      {"a plate 100 x 100 x 5 with 8 M5 holes in a circle", "plate",
       "var myPlate = createPlateWithHoleCircle(100, 100, 5, 2.75, 8, 41.75);"},
      {"a 100 x 40 x 3 plate with 5 holes of 4 mm in a row", "plate",
       "var myPlate = createPlateWithHoles(100, 40, 3, 2, 5, 1, 6);"},
      {"a plate 50 x 50 x 2", "plate", "var myPlate = createPlate(50, 50, 2);"},
      {"a washer", "washer", "var myWasher = createWasher(10, 5.25, 2);"},
      {"an M8 washer", "washer", "var myWasher = createWasher(8, 4.2, 1.6);"},
      {"a washer with outer diameter 30mm, inner diameter 12mm and 3mm thick", "washer",
       "var myWasher = createWasher(15, 6, 3);"},
      {"washer 24mm OD 10mm ID 2mm", "washer", "var myWasher = createWasher(12, 5, 2);"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    auto a = answer(c.message);
    CHECK(a.family == std::string(c.family));
    CHECK(call_of(a) == c.call);
  }
}

TEST_CASE("the prose states the understood parameters in millimetres", "[parametric]") {
  CHECK_THAT(prose_of(answer("a 1 inch cube")), Catch::StartsWith("Here's a parametric cube, "
                                                                  "25.4 mm on each side."));
  CHECK_THAT(prose_of(answer("a tube with outer diameter 20 and length 50")),
             Catch::Contains("20 mm outer diameter, 16 mm inner diameter (2 mm wall) and 50 mm "
                             "long"));
  CHECK_THAT(prose_of(answer("a plate 100x60x5 with 4 holes of 3mm")),
             Catch::Contains("100 x 60 x 5 mm with 4 holes of 3 mm diameter at the corners"));
  // One or two lines of prose, then the code.
  auto a = answer("Create a gear with 20 teeth and 40mm diameter");
  const std::string prose = prose_of(a);
  CHECK(std::count(prose.begin(), prose.end(), '\n') == 3);  // two lines, a blank line
}

TEST_CASE("generated code uses only the csg.js API in ES5", "[parametric]") {
  for (std::string_view message :
       {"a cube", "a box", "a sphere", "a cylinder", "a tube", "a cone", "a gear",
        "a plate with holes", "a plate with 6 holes in a circle", "a washer"}) {
    INFO(message);
    auto a = answer(message);
    const std::string code = a.text.substr(a.text.find("```javascript"));
    CHECK_THAT(code, Catch::Contains("CSG."));
    for (std::string_view banned : {"=>", "let ", "const ", "require", "import", "fromPolygons",
                                    "new ", "eval", "Function", "process", "\t"}) {
      INFO(banned);
      CHECK(code.find(banned) == std::string::npos);
    }
  }
}

TEST_CASE("follow-ups change the part named earlier in the history", "[parametric][follow-up]") {
  struct Case {
    std::string_view message;
    std::string_view call;
  };
  const Case cases[] = {
      {"make the teeth longer", "var myGear = createGear(20, 20, 8, 0, 6.14);"},
      {"make it twice as big", "var myGear = createGear(20, 40, 16, 0, 8.18);"},
      {"change the diameter to 60mm", "var myGear = createGear(20, 30, 8, 0, 6.14);"},
      {"add a 5mm bore", "var myGear = createGear(20, 20, 8, 2.5, 4.09);"},
      {"make it 3 times taller", "var myGear = createGear(20, 20, 24, 0, 4.09);"},
      {"use 30 teeth", "var myGear = createGear(30, 20, 8, 0, 2.81);"},
      {"Make the gear teeth longer", "var myGear = createGear(20, 20, 8, 0, 6.14);"},
      {"make it 10 mm thick", "var myGear = createGear(20, 20, 10, 0, 4.09);"},
      {"now make it a cylinder", "var myCylinder = createCylinder(20, 8);"},
      {"turn it into a washer", "var myWasher = createWasher(20, 10, 8);"},
  };
  for (const Case& c : cases) {
    INFO(c.message);
    auto a = answer(c.message, gear_history());
    CHECK(call_of(a) == c.call);
  }
}

TEST_CASE("a follow-up's prose says what changed and what the part is now",
          "[parametric][follow-up]") {
  auto longer = answer("make the teeth longer", gear_history());
  CHECK(longer.family == "gear");
  CHECK_THAT(prose_of(longer),
             Catch::StartsWith("Updated the spur gear: tooth depth from 4.09 to 6.14 mm. It is "
                               "now a spur gear with 20 teeth, 40 mm outside diameter"));
  auto bore = answer("add a 5mm bore", gear_history());
  CHECK_THAT(prose_of(bore), Catch::Contains("bore set to 5 mm"));
  auto cylinder = answer("now make it a cylinder", gear_history());
  CHECK(cylinder.family == "cylinder");
  CHECK_THAT(prose_of(cylinder),
             Catch::StartsWith("Turned the spur gear into a cylinder, 40 mm diameter and 8 mm "
                               "tall."));
}

TEST_CASE("follow-ups chain through every earlier user turn", "[parametric][follow-up]") {
  std::vector<ChatTurn> history = gear_history();
  history.push_back({"user", "make it twice as big"});
  history.push_back({"assistant", "Done."});
  CHECK(call_of(answer("use 30 teeth", history)) ==
        "var myGear = createGear(30, 40, 16, 0, 5.63);");

  std::vector<ChatTurn> cube = {{"user", "Create a simple cube"}};
  auto taller = answer("make it 3 times taller", cube);
  CHECK(taller.family == "box");
  CHECK(call_of(taller) == "var myBox = createBox(10, 10, 30);");
}

TEST_CASE("an assistant turn with readable code is what the follow-up changes",
          "[parametric][follow-up]") {
  std::vector<ChatTurn> history = {
      {"user", "Create a gear with 20 teeth and 40mm diameter"},
      {"assistant",
       "Here you go.\n```javascript\nvar myGear = createGear(24, 25, 6, 0, 4.33);\n```"}};
  CHECK(call_of(answer("make it twice as big", history)) ==
        "var myGear = createGear(24, 50, 12, 0, 8.65);");
}

TEST_CASE("a new request with a family starts a new part despite history",
          "[parametric][follow-up]") {
  auto a = answer("Create a sphere with radius 5", gear_history());
  CHECK(a.family == "sphere");
  CHECK(call_of(a) == "var mySphere = createSphere(5);");
  CHECK_THAT(prose_of(a), Catch::StartsWith("Here's a parametric sphere"));
}

TEST_CASE("context code this model wrote, or the seed's gear, can be followed up",
          "[parametric][context]") {
  const std::string seed_gear =
      "function createGear(teeth, radius, thickness) {\n  var gear = CSG.cylinder({start: [0, 0, "
      "0], end: [0, 0, thickness], radius: radius});\n  return gear;\n}\n\nvar myGear = "
      "createGear(20, 20, 10);";
  auto a = answer("Make the gear teeth longer", {}, seed_gear);
  CHECK(call_of(a) == "var myGear = createGear(20, 20, 10, 0, 6.14);");
  CHECK_THAT(prose_of(a), Catch::StartsWith("Updated the spur gear"));

  auto cube_code = answer("a 20 mm cube");
  auto bigger = answer("make it twice as big", {}, cube_code.text);
  CHECK(call_of(bigger) == "var myCube = createCube(40);");
}

TEST_CASE("context code it did not write gets an honest answer without code",
          "[parametric][context]") {
  const std::string foreign =
      "var base = CSG.cube({radius: [5, 5, 1]});\nvar post = CSG.cylinder({radius: 1});\n"
      "var thing = base.union(post);";
  auto a = answer("make it bigger", {}, foreign);
  CHECK_FALSE(a.family.has_value());
  CHECK(a.text.find("```") == std::string::npos);
  CHECK_THAT(a.text, Catch::Contains("wasn't made by me") &&
                         Catch::Contains("3 lines using CSG.cube and CSG.cylinder"));
}

TEST_CASE("requests outside the part families get the list of what it can make",
          "[parametric][refusal]") {
  for (std::string_view message : {"write me a poem", "a car", "hello"}) {
    INFO(message);
    auto a = answer(message);
    CHECK_FALSE(a.family.has_value());
    CHECK(a.text.find("```") == std::string::npos);
    CHECK_THAT(a.text, Catch::Contains("cube, box, sphere, cylinder, tube, cone, spur gear, plate "
                                       "with holes and washer") &&
                           Catch::Contains("\"Create a gear with 20 teeth and 40mm diameter\""));
  }
}

TEST_CASE("a question about the current part is answered honestly without new code",
          "[parametric][refusal]") {
  auto a = answer("What's a good wall thickness for 3D printing this part?", gear_history());
  CHECK_FALSE(a.family.has_value());
  CHECK(a.text.find("```") == std::string::npos);
  CHECK_THAT(a.text, Catch::Contains("The current part is a spur gear with 20 teeth"));
}

TEST_CASE("a change with no earlier part says so", "[parametric][refusal]") {
  auto a = answer("make it twice as big");
  CHECK_FALSE(a.family.has_value());
  CHECK_THAT(a.text, Catch::StartsWith("There is no earlier part in this conversation"));
}

TEST_CASE("a change that does not apply to the part leaves it and says why",
          "[parametric][follow-up]") {
  auto a = answer("make the teeth longer", {{"user", "a sphere with radius 5"}});
  CHECK(call_of(a) == "var mySphere = createSphere(5);");
  CHECK_THAT(prose_of(a),
             Catch::Contains("stays as it was") && Catch::Contains("A sphere has no teeth"));
}

TEST_CASE("the same request always gives the same answer", "[parametric]") {
  auto first = answer("a plate 100x60x5 with 6 holes of 4 mm in a circle", gear_history());
  auto second = answer("a plate 100x60x5 with 6 holes of 4 mm in a circle", gear_history());
  CHECK(first.text == second.text);
}

TEST_CASE("random messages give either buildable code or an answer without code",
          "[parametric][fuzz]") {
  using namespace genx3d::worker::builtin;
  const std::string_view words[] = {
      "a",      "the",    "gear",  "cube",   "box",      "sphere", "cylinder", "tube", "cone",
      "plate",  "washer", "with",  "and",    "teeth",    "holes",  "hole",     "bore", "diameter",
      "radius", "height", "thick", "tall",   "long",     "wide",   "x",        "by",   "mm",
      "cm",     "in",     "\"",    "inch",   "\xC3\x98", "M",      "make",     "it",   "twice",
      "as",     "big",    "times", "taller", "longer",   "bigger", "smaller",  "%",    "remove",
      "no",     "add",    "more",  "fewer",  "circle",   "grid",   "row",      "0",    "1",
      "3",      "7",      "20",    "2.5",    "1/4",      "100000", "0.001",    "-",    "=",
      ",",      ".",      "r",     "h",      "from",     "to",     "scale",    "half", "double",
      "outer",  "inner",  "wall",  "pitch",  "tooth",    "depth",  "corners",  "into", "9999999"};
  std::mt19937 rng(20240115);  // fixed: the test is deterministic
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  std::vector<ChatTurn> history;
  for (int i = 0; i < 3000; ++i) {
    std::string message;
    for (std::size_t k = 0, n = 1 + pick(12); k < n; ++k) {
      if (k > 0 && pick(4) != 0) message += ' ';
      message += words[pick(std::size(words))];
    }
    const ParametricAnswer a = answer(message, history);
    const bool has_code = a.text.find("```javascript\n") != std::string::npos;
    if (has_code != a.family.has_value()) FAIL("code and family disagree for: " << message);
    if (pick(3) == 0) history = {{"user", message}};
    if (!has_code) continue;
    auto part = read_part(a.text);
    if (!part) FAIL("unreadable code for: " << message);
    const Extent e = extent(*part);
    const bool sized = e.x >= 0.1 && e.y >= 0.1 && e.z >= 0.1 && e.x <= 5000 && e.y <= 5000 &&
                       e.z <= 5000 && std::string(family_id(part->family)) == *a.family;
    bool sound = true;
    if (part->family == Family::gear) {
      sound = part->tooth_depth > 0 && part->inner / 2 < part->diameter / 2 - part->tooth_depth &&
              part->count >= 6 && part->count <= 100;
    } else if (part->family == Family::tube || part->family == Family::washer) {
      sound = part->inner > 0 && part->inner < part->diameter;
    } else if (part->family == Family::plate && part->count > 0) {
      sound = part->hole > 0 && part->hole < std::min(e.x, e.y) &&
              (part->pattern == HolePattern::circle || part->columns * part->rows == part->count);
    }
    if (!sized || !sound) FAIL("unbuildable part for: " << message << "\n" << a.text);
  }
  SUCCEED("3000 random messages checked");
}
