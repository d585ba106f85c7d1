#include "worker/providers/fast_json.hpp"

#include "common/utf8.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <limits>

namespace genx3d::worker {
namespace bj = boost::json;

namespace {

// The system message, serialized. The prompt is the same ~2 KB in every request, and escaping
// and UTF-8-checking it was most of this function's cost: it is done once per thread and prompt,
// then spliced in. Empty when the prompt is not UTF-8. `prompt` is never empty.
const std::string& system_message_text(const std::string& prompt) {
  thread_local std::string seen;
  thread_local std::string text;
  if (prompt != seen) {
    seen = prompt;
    text = valid_utf8(prompt) ? bj::serialize(bj::object{{"role", "system"}, {"content", prompt}})
                              : std::string();
  }
  return text;
}

}  // namespace

std::optional<std::string> openai_request_body(const CompletionRequest& request,
                                               const std::string& upstream_model, int max_tokens) {
  const std::string user = user_content(request);
  bool valid = valid_utf8(user) && valid_utf8(upstream_model);
  for (const auto& turn : request.history) {
    valid = valid && valid_utf8(turn.role) && valid_utf8(turn.content);
  }
  const std::string* system =
      request.system_prompt.empty() ? nullptr : &system_message_text(request.system_prompt);
  if (!valid || (system && system->empty())) return std::nullopt;

  bj::monotonic_resource arena;
  bj::array messages(&arena);  // all but the system message
  messages.reserve(request.history.size() + 1);
  auto add = [&](std::string_view role, std::string_view content) {
    bj::object m(&arena);
    m.emplace("role", role);
    m.emplace("content", content);
    messages.emplace_back(std::move(m));
  };
  for (const auto& turn : request.history) add(turn.role, turn.content);
  add("user", user);
  bj::object fields(&arena);
  fields.emplace("model", upstream_model);
  fields.emplace("temperature", request.temperature);
  if (max_tokens > 0) fields.emplace("max_tokens", max_tokens);

  // {fields…,"messages":[system,rest…]}: both parts end in a bracket that is dropped and added
  // back around the splice.
  const std::string head = bj::serialize(fields);
  const std::string rest = bj::serialize(messages);
  std::string body;
  body.reserve(head.size() + rest.size() + (system ? system->size() : 0) + 16);
  body.append(head, 0, head.size() - 1);
  body += R"(,"messages":[)";
  if (system) body.append(*system).append(",");
  body.append(rest, 1, std::string::npos);
  body += '}';
  return body;
}

ParseResult parse_openai_body(std::string_view body) {
  bj::monotonic_resource arena;
  boost::system::error_code ec;
  bj::value v = bj::parse(body, ec, &arena);
  if (ec) return parse_failure("the body is not JSON");
  const bj::object* top = v.if_object();
  if (!top) return parse_failure("the body is not a JSON object");
  const bj::value* choices = top->if_contains("choices");
  const bj::array* list = choices ? choices->if_array() : nullptr;
  if (!list || list->empty()) return parse_failure("the answer has no choices");
  const bj::object* first = (*list)[0].if_object();
  const bj::value* message = first ? first->if_contains("message") : nullptr;
  if (!message || !message->is_object()) return parse_failure("choices[0] has no message");
  const bj::value* content = message->get_object().if_contains("content");
  if (!content || !content->is_string()) {
    return parse_failure("choices[0].message.content is not a string");
  }
  ParsedAnswer answer;
  answer.text = std::string(content->get_string());
  const bj::value* usage = top->if_contains("usage");
  const bj::value* total =
      usage && usage->is_object() ? usage->get_object().if_contains("total_tokens") : nullptr;
  if (total && total->is_int64()) {
    answer.tokens_used = total->get_int64();
  } else if (total && total->is_uint64() &&
             total->get_uint64() <=
                 static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    answer.tokens_used = static_cast<std::int64_t>(total->get_uint64());
  }
  return answer;
}

}  // namespace genx3d::worker
