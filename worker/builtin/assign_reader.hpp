// Internal to worker/builtin/: how the part builder reads a parsed request, shared by the
// files that assign each family's dimensions.
#pragma once

#include "worker/builtin/part_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <string>

namespace genx3d::worker::builtin::detail {

inline double round_to(double value, double step) {
  return std::max(step, std::round(value / step) * step);
}

// Hands out the request's values and remembers which were used, so the answer can say honestly
// what it ignored ("a sphere has no width").
class Reader {
 public:
  explicit Reader(const ParsedRequest& request) : request_(request) {}

  std::optional<double> first(std::initializer_list<Role> roles) {
    for (Role role : roles) {
      if (const auto& value = request_.value(role)) {
        used_[static_cast<std::size_t>(role)] = true;
        return value;
      }
    }
    return std::nullopt;
  }
  std::optional<double> unlabeled() {
    if (next_unlabeled_ >= request_.unlabeled.size()) return std::nullopt;
    return request_.unlabeled[next_unlabeled_++];
  }
  // "20 x 30 x 5": the i-th number of the group, if the group has `count` numbers or more.
  std::optional<double> dim(std::size_t i, std::size_t count) {
    if (request_.dims.size() < count || i >= request_.dims.size()) return std::nullopt;
    dims_used_ = true;
    return request_.dims[i];
  }

  // Adds a note listing what the request said that the part did not use.
  void report(const Part& part, Interpretation& out) const;

 private:
  const ParsedRequest& request_;
  std::array<bool, kRoleCount> used_{};
  std::size_t next_unlabeled_ = 0;
  bool dims_used_ = false;
};

// Fills a dimension still unset with a default; on a new part it also lists it as assumed, so the
// answer can say "Not specified, so I used: 8 mm thickness".
struct Filler {
  bool fresh;
  Interpretation& out;

  void operator()(double& field, double value, std::string_view what) {
    if (field > 0) return;
    field = value;
    if (fresh) out.assumed.push_back(format_mm(value) + " " + std::string(what));
  }
  void note(std::string text) {
    if (fresh) out.assumed.push_back(std::move(text));
  }
};

inline void set(double& field, std::optional<double> value) {
  if (value) field = *value;
}

void assign_plate(Part& p, Reader& r, const ParsedRequest& request, Filler& fill);
void assign_washer(Part& p, Reader& r, const ParsedRequest& request, Filler& fill);

}  // namespace genx3d::worker::builtin::detail
