#include "common/clock.hpp"

#include <catch2/catch.hpp>

#include <cstdint>
#include <ctime>
#include <random>
#include <string>

using genx3d::format_rfc3339;

namespace {

// What the C library makes of the same second: the reference format_rfc3339 must match.
std::string by_strftime(std::int64_t unix_ms) {
  std::int64_t secs = unix_ms / 1000 - (unix_ms % 1000 < 0 ? 1 : 0);
  std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

TEST_CASE("format_rfc3339 writes UTC to the second", "[clock]") {
  CHECK(format_rfc3339(0) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(999) == "1970-01-01T00:00:00Z");
  CHECK(format_rfc3339(951782400000) == "2000-02-29T00:00:00Z");
  CHECK(format_rfc3339(1735689599999) == "2024-12-31T23:59:59Z");
  CHECK(format_rfc3339(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_rfc3339(253402300799000) == "9999-12-31T23:59:59Z");
  CHECK(format_rfc3339(253402300800000) == "10000-01-01T00:00:00Z");
}

TEST_CASE("format_rfc3339 agrees with strftime across three centuries", "[clock]") {
  std::mt19937_64 rng(20261129);
  std::uniform_int_distribution<std::int64_t> ms(-2208988800000, 7258118400000);  // 1900-2200
  for (int i = 0; i < 20000; ++i) {
    const std::int64_t t = ms(rng);
    INFO(t);
    REQUIRE(format_rfc3339(t) == by_strftime(t));
  }
}
