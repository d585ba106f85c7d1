#include "common/utf8.hpp"

#include <catch2/catch.hpp>

#include <string>

using genx3d::valid_utf8;

TEST_CASE("valid_utf8 accepts UTF-8 and refuses broken, overlong and surrogate sequences",
          "[utf8]") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII"));
  CHECK(valid_utf8("ünïcödé ⚙ 𝄞"));
  CHECK_FALSE(valid_utf8("\xC3"));              // cut short
  CHECK_FALSE(valid_utf8("\xC3\x28"));          // bad continuation
  CHECK_FALSE(valid_utf8("\xC0\xAF"));          // overlong '/'
  CHECK_FALSE(valid_utf8("\xED\xA0\x80"));      // a UTF-16 surrogate
  CHECK_FALSE(valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  CHECK_FALSE(valid_utf8("\xFF"));
}

TEST_CASE("valid_utf8 finds a sequence at any offset of a long ASCII text", "[utf8]") {
  // ASCII is checked 8 bytes at a time: a multi-byte sequence, good or broken, must be seen
  // wherever it falls against those steps, including in the last few bytes.
  for (std::size_t at = 0; at < 20; ++at) {
    INFO("offset " << at);
    const std::string pad(at, 'a');
    CHECK(valid_utf8(pad + "\xC3\xBC" + std::string(9, 'b')));
    CHECK(valid_utf8(pad + "\xF0\x9D\x84\x9E"));
    CHECK_FALSE(valid_utf8(pad + "\xC3" + std::string(9, 'b')));
    CHECK_FALSE(valid_utf8(pad + "\xC3"));
    CHECK_FALSE(valid_utf8(pad + "\xED\xA0\x80 tail"));
    CHECK_FALSE(valid_utf8(pad + "\xFF" + std::string(7, 'c')));
  }
}
