#include "common/json_writer.hpp"

#include <algorithm>

#include <boost/json/serialize.hpp>
#include <boost/json/serializer.hpp>

#include "common/json_fields.hpp"
#include "common/utf8.hpp"

namespace genx3d {
namespace {

bool needs_escape(char c) { return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\'; }

}  // namespace

void append_json_string(std::string& out, std::string_view s) {
  if (!valid_utf8(s)) {
    out += boost::json::serialize(json_fields::text(s));  // rare: repaired, then escaped
  } else if (std::none_of(s.begin(), s.end(), needs_escape)) {
    out.append(1, '"').append(s).append(1, '"');
  } else {
    boost::json::serializer sr;
    sr.reset(s);
    char buf[1024];
    while (!sr.done()) out.append(sr.read(buf));
  }
}

JsonWriter& JsonWriter::open(char c) {
  separate();
  out_ += c;
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::close(char c) {
  out_ += c;
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::key(std::string_view k) {
  separate();
  out_.append(1, '"').append(k).append("\":");
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::string(std::string_view s) {
  separate();
  append_json_string(out_, s);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::string_or_null(const std::optional<std::string>& s) {
  return s ? string(*s) : null();
}

JsonWriter& JsonWriter::integer(std::int64_t i) { return raw(std::to_string(i)); }

JsonWriter& JsonWriter::number(double d) {
  return raw(boost::json::serialize(json_fields::number(d)));
}

JsonWriter& JsonWriter::raw(std::string_view json) {
  separate();
  out_.append(json);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::members_of(std::string_view object) {
  object.remove_prefix(1);
  object.remove_suffix(1);
  if (object.empty()) return *this;
  separate();
  out_.append(object);
  need_comma_ = true;
  return *this;
}

}  // namespace genx3d
