#include "common/utf8.hpp"

#include <catch2/catch.hpp>

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
