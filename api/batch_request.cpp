#include "api/batch_request.hpp"

#include "api/json_body.hpp"

#include <nlohmann/json.hpp>

#include <unordered_set>

namespace genx3d::api {
namespace {

using json = nlohmann::json;
constexpr std::size_t kMaxReportedProblems = 20;

// One request as parsed, or why not; `where` names it for the error message.
struct RawItem {
  std::string where;
  json value;  // discarded when the line was not JSON
};

struct Problems {
  std::size_t count = 0;
  std::string text;
  void add(const std::string& where, const std::string& custom_id, const std::string& why) {
    if (++count > kMaxReportedProblems) return;
    text += (text.empty() ? "" : "; ") + where;
    if (!custom_id.empty()) text += " (custom_id '" + custom_id + "')";
    text += ": " + why;
  }
};

std::vector<RawItem> split_lines(std::string_view body) {
  std::vector<RawItem> items;
  std::size_t line_no = 0;
  while (!body.empty()) {
    auto end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank lines
    items.push_back({"line " + std::to_string(line_no), json::parse(line, nullptr, false)});
  }
  return items;
}

std::vector<RawItem> from_array(const json& array) {
  std::vector<RawItem> items;
  items.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    items.push_back({"requests[" + std::to_string(i) + "]", array[i]});
  }
  return items;
}

// The requests and metadata of any of the three forms; an error for a body that is none.
boost::system::result<std::vector<RawItem>, ApiError> split_body(std::string_view body,
                                                                 std::optional<std::string>& meta) {
  json whole = json::parse(body, nullptr, false);
  if (whole.is_array()) return from_array(whole);
  if (whole.is_object() && whole.contains("requests")) {
    if (!whole["requests"].is_array()) return invalid_field("requests", "must be an array");
    if (auto m = whole.find("metadata"); m != whole.end() && !m->is_null()) {
      if (!m->is_object()) return invalid_field("metadata", "must be an object");
      meta = dump_json(*m);
    }
    return from_array(whole["requests"]);
  }
  return split_lines(body);  // one object alone is a JSON Lines body of one line
}

// The custom_id, or why it is unusable.
boost::system::result<std::string, std::string> read_custom_id(const json& item) {
  using boost::system::in_place_error;
  auto it = item.find("custom_id");
  if (it == item.end() || it->is_null()) return {in_place_error, "'custom_id' is required"};
  if (!it->is_string()) return {in_place_error, "'custom_id' must be a string"};
  std::string id = it->get<std::string>();
  if (id.empty() || id.size() > kMaxCustomIdChars) {
    return {in_place_error, "'custom_id' must be 1 to 256 characters"};
  }
  return {boost::system::in_place_value, std::move(id)};
}

}  // namespace

boost::system::result<BatchRequest, ApiError> parse_batch_request(std::string_view body,
                                                                  const ChatConfig& config,
                                                                  const ModelCatalog& catalog) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return invalid_json("the body is empty");
  }
  BatchRequest batch;
  auto raw = split_body(body, batch.metadata);
  if (!raw) return raw.error();
  if (raw->empty()) return invalid_field("requests", "must hold at least one request");
  if (raw->size() > kMaxBatchRequests) {
    return invalid_field(
        "requests", "at most 10000 requests per batch (got " + std::to_string(raw->size()) + ")");
  }
  Problems problems;
  std::unordered_set<std::string> seen;
  batch.items.reserve(raw->size());
  for (const RawItem& item : *raw) {
    if (item.value.is_discarded()) {
      problems.add(item.where, "", "not valid JSON");
      continue;
    }
    if (!item.value.is_object()) {
      problems.add(item.where, "", "must be an object");
      continue;
    }
    auto custom_id = read_custom_id(item.value);
    if (!custom_id) {
      problems.add(item.where, "", custom_id.error());
      continue;
    }
    if (!seen.insert(*custom_id).second) {
      problems.add(item.where, *custom_id, "duplicate custom_id");
      continue;
    }
    auto body_it = item.value.find("body");
    const json& fields =
        body_it != item.value.end() && body_it->is_object() ? *body_it : item.value;
    auto req = parse_chat_request(dump_json(fields), config);
    if (!req) {
      problems.add(item.where, *custom_id, req.error().message);
      continue;
    }
    if (!catalog.is_available(req->model)) {
      problems.add(item.where, *custom_id, "model '" + req->model + "' is not available here");
      continue;
    }
    batch.items.push_back({std::move(*custom_id), std::move(*req)});
  }
  if (problems.count > 0) {
    std::string more =
        problems.count > kMaxReportedProblems
            ? " (and " + std::to_string(problems.count - kMaxReportedProblems) + " more)"
            : "";
    return ApiError{400,
                    "invalid_request_error",
                    "invalid_batch",
                    std::to_string(problems.count) + " of " + std::to_string(raw->size()) +
                        " requests are invalid, so none was accepted: " + problems.text + more,
                    {}};
  }
  return batch;
}

}  // namespace genx3d::api
