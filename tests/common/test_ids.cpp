#include "common/ids.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <set>
#include <thread>
#include <string>

using namespace genx3d;

namespace {
bool all_of_chars(const std::string& s, const std::string& alphabet) {
  return s.find_first_not_of(alphabet) == std::string::npos;
}
const std::string kLowerHex = "0123456789abcdef";
const std::string kBase62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
}  // namespace

TEST_CASE("new_id is the prefix, an underscore and 24 lowercase hex characters", "[ids]") {
  for (const char* prefix : {"chat", "msg", "session", "model", "key"}) {
    std::string id = new_id(prefix);
    std::string p = std::string(prefix) + "_";
    INFO(id);
    REQUIRE(id.rfind(p, 0) == 0);
    REQUIRE(id.size() == p.size() + 24);
    CHECK(all_of_chars(id.substr(p.size()), kLowerHex));
  }
}

TEST_CASE("new_id does not repeat over many draws", "[ids]") {
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) seen.insert(new_id("chat"));
  CHECK(seen.size() == 5000);
}

TEST_CASE("new_id starts with the time in milliseconds, so later ids sort after earlier ones",
          "[ids]") {
  const auto ms_now = [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
  const auto before = ms_now();
  const std::string first = new_id("chat");
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  const std::string second = new_id("chat");
  const auto after = ms_now();
  const long long stamp = std::stoll(first.substr(5, 11), nullptr, 16);
  CHECK(stamp >= before);
  CHECK(stamp <= after);
  CHECK(first < second);
  // The random part still differs between ids of the same millisecond.
  CHECK(new_id("chat").substr(16) != new_id("chat").substr(16));
}

TEST_CASE("sha256_hex matches the published test vectors", "[ids]") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("sha256_hex hashes embedded NUL bytes as data", "[ids]") {
  using namespace std::string_view_literals;
  CHECK(sha256_hex("a\0b"sv) != sha256_hex("a"sv));
  CHECK(sha256_hex("a\0b"sv).size() == 64);
}

TEST_CASE("new_api_key is gx3d_ and 40 base62 characters", "[ids]") {
  std::string key = new_api_key();
  INFO(key);
  REQUIRE(key.rfind("gx3d_", 0) == 0);
  REQUIRE(key.size() == 45);
  CHECK(all_of_chars(key.substr(5), kBase62));
}

TEST_CASE("new_api_key draws from the whole base62 alphabet and never repeats", "[ids]") {
  std::set<std::string> keys;
  std::set<char> used;
  for (int i = 0; i < 300; ++i) {
    std::string key = new_api_key();
    keys.insert(key);
    used.insert(key.begin() + 5, key.end());
  }
  CHECK(keys.size() == 300);
  // 12,000 uniform draws miss one of 62 characters with probability about 62 * e^-195.
  CHECK(used.size() == 62);
}
