#include "worker/builtin/request.hpp"

#include "worker/builtin/parse_detail.hpp"

namespace genx3d::worker::builtin {

bool ParsedRequest::has_request() const {
  if (family || !dims.empty() || !unlabeled.empty() || teeth || holes || grid_columns || pattern ||
      metric_size || !changes.empty() || remove_bore || remove_holes || add_bore ||
      mentions_holes || pointed) {
    return true;
  }
  for (const auto& v : values) {
    if (v) return true;
  }
  return false;
}

ParsedRequest parse_request(std::string_view message) {
  TokenizedText text(message);
  ParsedRequest out;
  detail::ParseState state(text.tokens(), out);
  detail::parse_words_and_changes(state);
  detail::parse_dimensions(state);
  return out;
}

}  // namespace genx3d::worker::builtin
