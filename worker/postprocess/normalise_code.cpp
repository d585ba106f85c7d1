#include "worker/postprocess/extract_code.hpp"
#include "worker/postprocess/text_lines.hpp"

#include <algorithm>
#include <limits>

namespace genx3d::worker {
namespace postprocess {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '\n' && c != '\r') continue;
    lines.push_back(text.substr(start, i - start));
    if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    start = i + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

namespace {

// Width of the leading indentation once each tab counts as two spaces.
std::size_t indent_width(std::string_view line) {
  std::size_t width = 0;
  for (char c : line) {
    if (c == ' ') {
      width += 1;
    } else if (c == '\t') {
      width += 2;
    } else if (is_space(c)) {
      width += 1;
    } else {
      break;
    }
  }
  return width;
}

}  // namespace

std::string normalise_lines(std::span<const std::string_view> lines) {
  std::size_t first = 0;
  std::size_t last = lines.size();
  while (first < last && is_blank(lines[first])) ++first;
  while (last > first && is_blank(lines[last - 1])) --last;
  if (first == last) return {};

  std::size_t common = std::numeric_limits<std::size_t>::max();
  std::size_t total = 0;
  for (std::size_t i = first; i < last; ++i) {
    total += lines[i].size() + 1;
    if (!is_blank(lines[i])) common = std::min(common, indent_width(lines[i]));
  }

  std::string out;
  out.reserve(total + total / 8);
  for (std::size_t i = first; i < last; ++i) {
    if (i != first) out += '\n';
    const std::string_view line = rtrim(lines[i]);
    if (line.empty()) continue;
    const std::string_view body = ltrim(line);
    const std::size_t width = indent_width(line);
    out.append(width - common, ' ');
    out.append(body);
  }
  return out;
}

}  // namespace postprocess

std::string normalise_code(std::string_view code) {
  return postprocess::normalise_lines(postprocess::split_lines(code));
}

}  // namespace genx3d::worker
