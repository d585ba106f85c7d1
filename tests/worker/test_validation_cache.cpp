#include "worker/validation/validation_cache.hpp"

#include <catch2/catch.hpp>

using namespace genx3d;
using namespace genx3d::worker;

namespace {

Validation passed(double x) {
  Validation v;
  v.ok = true;
  v.size = {x, x, x};
  v.checks.push_back(DimensionCheck{"size", x, x, "x", true, 0.1});
  return v;
}

Validation failed(std::string kind) {
  Validation v;
  v.ok = false;
  v.error = CodeError{std::move(kind), "boom", 1, 1};
  return v;
}

}  // namespace

TEST_CASE("the same code is answered from the cache, without its checks", "[validation_cache]") {
  ValidationCache cache(4);
  CHECK_FALSE(cache.find("var a = CSG.cube();"));
  cache.store("var a = CSG.cube();", passed(2));
  auto hit = cache.find("var a = CSG.cube();");
  REQUIRE(hit);
  CHECK(hit->size[0] == 2);
  CHECK(hit->checks.empty());  // they depend on the message
  CHECK(cache.hits() == 1);
  CHECK(cache.misses() == 1);
}

TEST_CASE("code errors are cached, sandbox failures and varying code are not",
          "[validation_cache]") {
  ValidationCache cache(8);
  cache.store("syntax", failed("syntax"));
  cache.store("loop", failed("timeout"));
  cache.store("bomb", failed("out_of_memory"));
  cache.store("var r = Math.random();", passed(1));
  Validation skipped;
  skipped.skipped = "no node";
  cache.store("skipped", skipped);
  CHECK(cache.find("syntax"));
  CHECK_FALSE(cache.find("loop"));
  CHECK_FALSE(cache.find("bomb"));
  CHECK_FALSE(cache.find("var r = Math.random();"));
  CHECK_FALSE(cache.find("skipped"));
}

TEST_CASE("the least recently used entry goes first", "[validation_cache]") {
  ValidationCache cache(2);
  cache.store("a", passed(1));
  cache.store("b", passed(2));
  CHECK(cache.find("a"));  // a is now the most recent
  cache.store("c", passed(3));
  CHECK(cache.find("a"));
  CHECK_FALSE(cache.find("b"));
  CHECK(cache.find("c"));
}
