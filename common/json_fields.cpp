#include "common/json_fields.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "common/utf8.hpp"

namespace genx3d::json_fields {

boost::json::value text(std::string_view s) {
  if (valid_utf8(s)) return boost::json::string(s);
  // Rare (valid_utf8 failed): nlohmann's `replace` handler writes U+FFFD for each invalid
  // sequence, and parsing its output back gives the repaired text.
  const std::string repaired =
      nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return boost::json::string(nlohmann::json::parse(repaired).get<std::string>());
}

boost::json::value number(double d) {
  if (!std::isfinite(d)) return d;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", d);
  return std::strtod(buf, nullptr);
}

boost::json::value texts(const std::vector<std::string>& v) {
  boost::json::array a;
  a.reserve(v.size());
  for (const auto& s : v) a.push_back(text(s));
  return a;
}

}  // namespace genx3d::json_fields
