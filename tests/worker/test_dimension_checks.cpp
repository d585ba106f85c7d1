#include "worker/validation/dimension_checks.hpp"

#include <catch2/catch.hpp>

using namespace genx3d;
using namespace genx3d::worker;

TEST_CASE("a stated diameter matches the closest extent", "[dimension_checks]") {
  auto checks = check_dimensions("Create a gear with 20 teeth and 40mm diameter", {40, 40, 8});
  REQUIRE(checks.size() == 1);
  CHECK(checks[0].dimension == "diameter");
  CHECK(checks[0].expected_mm == 40);
  CHECK(checks[0].met);
  CHECK(*checks[0].measured_mm == 40);
}

TEST_CASE("a box's sizes match in any orientation", "[dimension_checks]") {
  auto checks = check_dimensions("a 20 x 30 x 5 mm box", {5, 20, 30});
  REQUIRE(checks.size() == 3);
  for (const auto& c : checks) CHECK(c.met);
}

TEST_CASE("a size off by more than the tolerance is not met", "[dimension_checks]") {
  auto checks = check_dimensions("a cylinder with a radius of 5 and a height of 30", {10, 10, 25});
  REQUIRE(checks.size() == 2);
  CHECK(checks[0].dimension == "diameter");
  CHECK(checks[0].met);
  CHECK(checks[1].dimension == "height");
  CHECK_FALSE(checks[1].met);
  CHECK(checks[1].tolerance_mm == Approx(0.3));
}

TEST_CASE("bores, holes and relative changes are not checked", "[dimension_checks]") {
  CHECK(check_dimensions("make it twice as big", {80, 80, 16}).empty());
  auto checks = check_dimensions(
      "a gear with 30 teeth, 60 mm diameter, 10 mm thick and an 8 mm bore", {60, 60, 10});
  REQUIRE(checks.size() == 2);
  for (const auto& c : checks) CHECK(c.met);
}

TEST_CASE("the one bare size of a cube or a ball is checked", "[dimension_checks]") {
  auto cube = check_dimensions("a 10 mm cube", {10, 10, 10});
  REQUIRE(cube.size() == 1);
  CHECK(cube[0].dimension == "size");
  CHECK(cube[0].met);
  auto ball = check_dimensions("a 3 cm ball", {30, 30, 29});
  REQUIRE(ball.size() == 1);
  CHECK(ball[0].expected_mm == 30);
}
