// UTF-8 well-formedness, for code that serializes JSON with Boost.JSON: it writes string
// bytes as they are, where nlohmann's dump (error_handler_t::replace) replaced invalid
// sequences. Hand-written because neither JSON library exposes its validator.
#pragma once

#include <string_view>

namespace genx3d {

// Whether `s` is well-formed UTF-8 (no overlong forms, surrogates, or code points past
// U+10FFFF).
bool valid_utf8(std::string_view s);

}  // namespace genx3d
