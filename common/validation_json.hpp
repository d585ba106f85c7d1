// JSON forms of the validation types (common/validation.hpp), for the queue, store and API, as
// Boost.JSON conversions: boost::json::value_from(v), boost::json::value_to<T>(jv).
#pragma once

#include <boost/json/fwd.hpp>

#include "common/validation.hpp"

namespace genx3d {

class JsonWriter;  // common/json_writer.hpp

void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const CodeError& v);
CodeError tag_invoke(const boost::json::value_to_tag<CodeError>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv,
                const DimensionCheck& v);
DimensionCheck tag_invoke(const boost::json::value_to_tag<DimensionCheck>&,
                          const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const Validation& v);
Validation tag_invoke(const boost::json::value_to_tag<Validation>&, const boost::json::value& jv);
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const CodeAttempt& v);
CodeAttempt tag_invoke(const boost::json::value_to_tag<CodeAttempt>&,
                       const boost::json::value& jv);

// The same JSON as value_from gives, written as text (common/json_writer.hpp says why).
void write_json(JsonWriter& w, const Validation& v);
void write_json(JsonWriter& w, const CodeAttempt& v);

}  // namespace genx3d
