// Identifiers and API keys. Both come from OpenSSL's CSPRNG: a guessable job or session id would
// let one key probe another's data, and API keys are secrets.
#pragma once

#include <string>
#include <string_view>

namespace genx3d {

// "<prefix>_" followed by 24 lowercase hex characters, e.g. "chat_0193a…": 11 of the Unix time
// in milliseconds, then 13 random (52 bits). The time prefix makes ids made one after another
// sort together, so the UNIQUE indexes on them grow at their end instead of dirtying a random
// page per insert; 52 random bits per millisecond keep them unguessable.
std::string new_id(std::string_view prefix);

// A new API key: "gx3d_" followed by 40 base62 characters (about 238 random bits).
std::string new_api_key();

// Lowercase hex SHA-256 of `data`; only this form of a key is ever stored.
std::string sha256_hex(std::string_view data);

}  // namespace genx3d
