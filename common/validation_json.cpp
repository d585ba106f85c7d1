#include "common/validation_json.hpp"

#include <nlohmann/json.hpp>

namespace genx3d {
namespace {

template <class T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

template <class T>
void get_optional(const nlohmann::json& j, const char* key, std::optional<T>& v) {
  auto it = j.find(key);
  if (it != j.end() && !it->is_null()) v = it->template get<T>();
}

}  // namespace

void to_json(nlohmann::json& j, const CodeError& v) {
  j = {{"kind", v.kind},
       {"message", v.message},
       {"line", or_null(v.line)},
       {"column", or_null(v.column)}};
}
void from_json(const nlohmann::json& j, CodeError& v) {
  v.kind = j.value("kind", "runtime");
  v.message = j.value("message", "");
  get_optional(j, "line", v.line);
  get_optional(j, "column", v.column);
}

void to_json(nlohmann::json& j, const DimensionCheck& v) {
  j = {{"dimension", v.dimension},
       {"expected_mm", v.expected_mm},
       {"measured_mm", or_null(v.measured_mm)},
       {"axis", or_null(v.axis)},
       {"met", v.met},
       {"tolerance_mm", v.tolerance_mm}};
}
void from_json(const nlohmann::json& j, DimensionCheck& v) {
  v.dimension = j.value("dimension", "");
  v.expected_mm = j.value("expected_mm", 0.0);
  get_optional(j, "measured_mm", v.measured_mm);
  get_optional(j, "axis", v.axis);
  v.met = j.value("met", false);
  v.tolerance_mm = j.value("tolerance_mm", 0.0);
}

void to_json(nlohmann::json& j, const Validation& v) {
  if (!v.ok) {
    j = {{"ok", nullptr}, {"skipped", v.skipped.value_or("not run")}};
    return;
  }
  j = {{"ok", *v.ok},
       {"error", or_null(v.error)},
       {"polygons", v.polygons},
       {"triangles", v.triangles},
       {"bounding_box", {{"min", v.bbox_min}, {"max", v.bbox_max}, {"size", v.size}}},
       {"volume", v.volume},
       {"closed", v.closed},
       {"checks", v.checks},
       {"elapsed_ms", v.elapsed_ms}};
}
void from_json(const nlohmann::json& j, Validation& v) {
  get_optional(j, "ok", v.ok);
  get_optional(j, "skipped", v.skipped);
  get_optional(j, "error", v.error);
  v.polygons = j.value("polygons", std::int64_t{0});
  v.triangles = j.value("triangles", std::int64_t{0});
  if (auto it = j.find("bounding_box"); it != j.end() && it->is_object()) {
    v.bbox_min = it->value("min", std::array<double, 3>{});
    v.bbox_max = it->value("max", std::array<double, 3>{});
    v.size = it->value("size", std::array<double, 3>{});
  }
  v.volume = j.value("volume", 0.0);
  v.closed = j.value("closed", false);
  v.checks = j.value("checks", std::vector<DimensionCheck>{});
  v.elapsed_ms = j.value("elapsed_ms", 0.0);
}

void to_json(nlohmann::json& j, const CodeAttempt& v) {
  j = {{"code", or_null(v.code)}, {"error", or_null(v.error)}};
}
void from_json(const nlohmann::json& j, CodeAttempt& v) {
  get_optional(j, "code", v.code);
  get_optional(j, "error", v.error);
}

}  // namespace genx3d
