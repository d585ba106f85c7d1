// Line and whitespace helpers shared by the post-processing steps. Internal to worker/postprocess.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker::postprocess {

// Spaces and tabs only (plus \f and \v): answers are UTF-8, and a non-ASCII space inside code is
// something a human should see rather than something we silently eat.
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

inline std::string_view ltrim(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && is_space(s[i])) ++i;
  return s.substr(i);
}

inline std::string_view rtrim(std::string_view s) {
  std::size_t n = s.size();
  while (n > 0 && is_space(s[n - 1])) --n;
  return s.substr(0, n);
}

inline std::string_view trim(std::string_view s) { return rtrim(ltrim(s)); }

inline bool is_blank(std::string_view s) { return ltrim(s).empty(); }

// Splits on \n, \r\n and a lone \r (answers pasted through Windows or old Mac tooling), dropping
// the terminators. A final terminator does not add an empty last line; "" gives no lines.
std::vector<std::string_view> split_lines(std::string_view text);

// Tabs in the leading indentation become two spaces, trailing whitespace goes, the indentation
// every non-blank line shares goes, and blank lines at both ends go. Lines are joined with \n and
// no newline is added after the last one.
std::string normalise_lines(std::span<const std::string_view> lines);

}  // namespace genx3d::worker::postprocess
