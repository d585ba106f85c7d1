#include <catch2/catch.hpp>

#include "common/json_writer.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <random>
#include <string>

using namespace genx3d;

namespace {

std::string written(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

std::string boost_written(std::string_view s) {
  return boost::json::serialize(boost::json::string(s));
}

}  // namespace

TEST_CASE("every ASCII character is written as Boost.JSON writes it", "[json_writer]") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string s = "a" + std::string(1, static_cast<char>(c)) + "b";
    INFO(c);
    CHECK(written(s) == boost_written(s));
  }
}

TEST_CASE("random text is written as Boost.JSON writes it", "[json_writer]") {
  std::mt19937 rng(42);
  // Mostly printable, with control characters, quotes, backslashes and multi-byte UTF-8.
  const std::vector<std::string> pieces = {"a", "Z", " ", "\n", "\t", "\"", "\\", "\x01",
                                           "\x1f", "\x7f", "\xC3\xA9", "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80", "/", "cube(10);"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    INFO(s);
    REQUIRE(written(s) == boost_written(s));
  }
}

TEST_CASE("text that is not UTF-8 is repaired before it is escaped", "[json_writer]") {
  CHECK(written("cut \xE2\x82 \"off\"") == "\"cut \xEF\xBF\xBD \\\"off\\\"\"");
}

TEST_CASE("the JSON writer separates members and elements at every depth", "[json_writer]") {
  JsonWriter w;
  w.begin_object().key("a").integer(1).key("b").begin_array().end_array();
  w.key("c").begin_array().boolean(true).null().begin_object().end_object().string("x");
  w.end_array().key("d").integer(4).members_of("{}").members_of(R"({"e":1,"f":[2]})");
  w.end_object();
  CHECK(w.take() == R"({"a":1,"b":[],"c":[true,null,{},"x"],"d":4,"e":1,"f":[2]})");
}

TEST_CASE("an absent optional value is written as null", "[json_writer]") {
  JsonWriter w;
  w.begin_array().integer_or_null(7).integer_or_null(std::nullopt);
  w.number_or_null(0.5).number_or_null(std::nullopt);
  w.string_or_null(std::string("s")).string_or_null(std::nullopt).end_array();
  CHECK(w.take() == R"([7,null,5E-1,null,"s",null])");  // numbers as Boost.JSON writes them
}
