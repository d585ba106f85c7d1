#include "worker/builtin/assign_reader.hpp"

namespace genx3d::worker::builtin::detail {
namespace {

std::string_view role_name(Role role) {
  constexpr std::array<std::string_view, kRoleCount> names{"size",
                                                           "diameter",
                                                           "outer diameter",
                                                           "inner diameter",
                                                           "top diameter",
                                                           "pitch diameter",
                                                           "hole circle diameter",
                                                           "height",
                                                           "length",
                                                           "width",
                                                           "depth",
                                                           "thickness",
                                                           "wall thickness",
                                                           "bore",
                                                           "hole diameter",
                                                           "tooth depth",
                                                           "module"};
  return names[static_cast<std::size_t>(role)];
}

}  // namespace

void Reader::report(const Part& part, Interpretation& out) const {
  std::string ignored;
  auto add = [&](std::string item) {
    ignored += ignored.empty() ? "" : ", ";
    ignored += item;
  };
  for (std::size_t i = 0; i < kRoleCount; ++i) {
    const auto& value = request_.values[i];
    if (value && !used_[i])
      add(std::string(role_name(static_cast<Role>(i))) + " " + format_mm(*value));
  }
  for (std::size_t i = next_unlabeled_; i < request_.unlabeled.size(); ++i) {
    add(format_mm(request_.unlabeled[i]));
  }
  if (!request_.dims.empty() && !dims_used_) {
    std::string group;
    for (double d : request_.dims) {
      if (!group.empty()) group += " x ";
      append_number(group, d);
    }
    add(group + " mm");
  }
  if (request_.teeth && part.family != Family::gear)
    add(std::to_string(*request_.teeth) + " teeth");
  if (request_.metric_size && part.family != Family::washer && part.family != Family::plate) {
    add("M" + std::to_string(*request_.metric_size));
  }
  if (!ignored.empty()) {
    out.notes.push_back("Not used for a " + std::string(family_noun(part.family)) + ": " + ignored);
  }
}

}  // namespace genx3d::worker::builtin::detail
