#include "common/validation_json.hpp"

#include "common/json_fields.hpp"
#include "common/json_writer.hpp"

namespace genx3d {
namespace bj = boost::json;
using json_fields::get_optional;
using json_fields::get_or;
using json_fields::number;
using json_fields::or_null;
using json_fields::text;

namespace {

using Triple = std::array<double, 3>;

bj::value triple(const Triple& t) { return bj::array{number(t[0]), number(t[1]), number(t[2])}; }

Triple get_triple(const bj::object& o, std::string_view key) {
  Triple t{};
  const bj::value* v = o.if_contains(key);
  if (!v || !v->is_array()) return t;
  const bj::array& a = v->get_array();
  for (std::size_t i = 0; i < t.size() && i < a.size(); ++i) t[i] = bj::value_to<double>(a[i]);
  return t;
}

}  // namespace

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const CodeError& v) {
  jv = {{"kind", text(v.kind)},
        {"message", text(v.message)},
        {"line", or_null(v.line)},
        {"column", or_null(v.column)}};
}
CodeError tag_invoke(const bj::value_to_tag<CodeError>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  CodeError v;
  v.kind = get_or<std::string>(o, "kind", "runtime");
  v.message = get_or<std::string>(o, "message", "");
  get_optional(o, "line", v.line);
  get_optional(o, "column", v.column);
  return v;
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const DimensionCheck& v) {
  jv = {{"dimension", text(v.dimension)},
        {"expected_mm", number(v.expected_mm)},
        {"measured_mm", or_null(v.measured_mm)},
        {"axis", or_null(v.axis)},
        {"met", v.met},
        {"tolerance_mm", number(v.tolerance_mm)}};
}
DimensionCheck tag_invoke(const bj::value_to_tag<DimensionCheck>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  DimensionCheck v;
  v.dimension = get_or<std::string>(o, "dimension", "");
  v.expected_mm = get_or(o, "expected_mm", 0.0);
  get_optional(o, "measured_mm", v.measured_mm);
  get_optional(o, "axis", v.axis);
  v.met = get_or(o, "met", false);
  v.tolerance_mm = get_or(o, "tolerance_mm", 0.0);
  return v;
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const Validation& v) {
  if (!v.ok) {
    jv = {{"ok", nullptr}, {"skipped", text(v.skipped.value_or("not run"))}};
    return;
  }
  jv = {{"ok", *v.ok},
        {"error", or_null(v.error)},
        {"polygons", v.polygons},
        {"triangles", v.triangles},
        {"bounding_box",
         {{"min", triple(v.bbox_min)}, {"max", triple(v.bbox_max)}, {"size", triple(v.size)}}},
        {"volume", number(v.volume)},
        {"closed", v.closed},
        {"checks", bj::value_from(v.checks)},
        {"elapsed_ms", number(v.elapsed_ms)}};
}
Validation tag_invoke(const bj::value_to_tag<Validation>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  Validation v;
  get_optional(o, "ok", v.ok);
  get_optional(o, "skipped", v.skipped);
  get_optional(o, "error", v.error);
  v.polygons = get_or(o, "polygons", std::int64_t{0});
  v.triangles = get_or(o, "triangles", std::int64_t{0});
  if (const bj::value* box = o.if_contains("bounding_box"); box && box->is_object()) {
    v.bbox_min = get_triple(box->get_object(), "min");
    v.bbox_max = get_triple(box->get_object(), "max");
    v.size = get_triple(box->get_object(), "size");
  }
  v.volume = get_or(o, "volume", 0.0);
  v.closed = get_or(o, "closed", false);
  v.checks = get_or(o, "checks", std::vector<DimensionCheck>{});
  v.elapsed_ms = get_or(o, "elapsed_ms", 0.0);
  return v;
}

void tag_invoke(const bj::value_from_tag&, bj::value& jv, const CodeAttempt& v) {
  jv = {{"code", or_null(v.code)}, {"error", or_null(v.error)}};
}
CodeAttempt tag_invoke(const bj::value_to_tag<CodeAttempt>&, const bj::value& jv) {
  const bj::object& o = jv.as_object();
  CodeAttempt v;
  get_optional(o, "code", v.code);
  get_optional(o, "error", v.error);
  return v;
}

// --- Text forms: the members and order of the conversions above.

namespace {

void write_json(JsonWriter& w, const std::optional<CodeError>& v) {
  if (!v) {
    w.null();
    return;
  }
  w.begin_object().key("kind").string(v->kind).key("message").string(v->message);
  w.key("line").integer_or_null(v->line);
  w.key("column").integer_or_null(v->column);
  w.end_object();
}

void write_json(JsonWriter& w, const DimensionCheck& v) {
  w.begin_object();
  w.key("dimension").string(v.dimension);
  w.key("expected_mm").number(v.expected_mm);
  w.key("measured_mm").number_or_null(v.measured_mm);
  w.key("axis").string_or_null(v.axis);
  w.key("met").boolean(v.met);
  w.key("tolerance_mm").number(v.tolerance_mm);
  w.end_object();
}

void write_triple(JsonWriter& w, const Triple& t) {
  w.begin_array().number(t[0]).number(t[1]).number(t[2]).end_array();
}

}  // namespace

void write_json(JsonWriter& w, const Validation& v) {
  w.begin_object();
  if (!v.ok) {
    w.key("ok").null().key("skipped").string(v.skipped.value_or("not run")).end_object();
    return;
  }
  w.key("ok").boolean(*v.ok);
  write_json(w.key("error"), v.error);
  w.key("polygons").integer(v.polygons);
  w.key("triangles").integer(v.triangles);
  w.key("bounding_box").begin_object();
  write_triple(w.key("min"), v.bbox_min);
  write_triple(w.key("max"), v.bbox_max);
  write_triple(w.key("size"), v.size);
  w.end_object();
  w.key("volume").number(v.volume);
  w.key("closed").boolean(v.closed);
  w.key("checks").begin_array();
  for (const DimensionCheck& check : v.checks) write_json(w, check);
  w.end_array();
  w.key("elapsed_ms").number(v.elapsed_ms);
  w.end_object();
}

void write_json(JsonWriter& w, const CodeAttempt& v) {
  w.begin_object().key("code").string_or_null(v.code);
  write_json(w.key("error"), v.error);
  w.end_object();
}

}  // namespace genx3d
