#include "api/handlers/query_params.hpp"

#include <charconv>

namespace genx3d::api {
namespace {

// An integer query parameter within [lo, hi], or `fallback` when absent.
boost::system::result<int, ApiError> int_param(const HttpRequest& request, const char* name,
                                               int fallback, int lo, int hi) {
  auto raw = request.query_param(name);
  if (!raw) return {boost::system::in_place_value, fallback};
  long long value = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (raw->empty() || ec != std::errc{} || end != raw->data() + raw->size() || value < lo ||
      value > hi) {
    return invalid_field(name, "must be a whole number from " + std::to_string(lo) + " to " +
                                   std::to_string(hi));
  }
  return {boost::system::in_place_value, static_cast<int>(value)};
}

}  // namespace

boost::system::result<Paging, ApiError> parse_paging(const HttpRequest& request, int max_limit) {
  auto limit = int_param(request, "limit", 50, 1, max_limit);
  if (!limit) return limit.error();
  auto offset = int_param(request, "offset", 0, 0, 1'000'000'000);
  if (!offset) return offset.error();
  return Paging{*limit, *offset};
}

}  // namespace genx3d::api
