// JSON text written straight into one string, for the documents genx3d writes once or more per
// job: the payload, the answer, a worker's outcome batch. Boost.JSON's value_from + serialize
// builds a boost::json::value first, an allocation and a copy per member. Written here, the
// answer and the payload went from ~25k to ~16k instructions per job in the API, and a worker's
// outcome message from ~22k to ~11k (callgrind). Strings are still escaped by Boost.JSON's
// serializer (a hand-written escaper measured no faster). The output is byte for byte what
// serialize(value_from(x)) gives; tests compare the two.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace genx3d {

// Appends `s` as a JSON string, as json_fields::text and Boost.JSON's serializer write it:
// escaped where needed, and invalid UTF-8 replaced by U+FFFD.
void append_json_string(std::string& out, std::string_view s);

class JsonWriter {
 public:
  explicit JsonWriter(std::size_t reserve = 256) { out_.reserve(reserve); }

  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  // `k` is written as is: keys are our own literals, which need no escaping.
  JsonWriter& key(std::string_view k);
  JsonWriter& string(std::string_view s);
  JsonWriter& string_or_null(const std::optional<std::string>& s);
  JsonWriter& integer(std::int64_t i);
  JsonWriter& integer_or_null(const std::optional<std::int64_t>& i) {
    return i ? integer(*i) : null();
  }
  JsonWriter& boolean(bool b) { return raw(b ? "true" : "false"); }
  JsonWriter& null() { return raw("null"); }
  JsonWriter& number(double d);  // as json_fields::number: 15 significant digits
  JsonWriter& number_or_null(const std::optional<double>& d) { return d ? number(*d) : null(); }
  JsonWriter& raw(std::string_view json);  // one complete JSON value
  // The members of `object` (a JSON object's text) as members of the object being written.
  JsonWriter& members_of(std::string_view object);

  std::string take() { return std::move(out_); }

 private:
  void separate() {
    if (need_comma_) out_ += ',';
  }
  JsonWriter& open(char c);
  JsonWriter& close(char c);

  std::string out_;
  bool need_comma_ = false;  // a value was written last: the next one needs a comma
};

}  // namespace genx3d
