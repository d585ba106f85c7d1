// Wall-clock time as the API shows it.
#pragma once

#include <cstdint>
#include <string>

namespace genx3d {

// Milliseconds since the Unix epoch.
std::int64_t now_ms();

// RFC 3339 in UTC with second precision, e.g. "2024-01-15T10:30:00Z" (the seed's form).
std::string format_rfc3339(std::int64_t unix_ms);

}  // namespace genx3d
