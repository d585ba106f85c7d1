#include "worker/providers/fast_json.hpp"

#include "common/utf8.hpp"

#include <cstdint>
#include <limits>

#include <boost/json.hpp>

namespace genx3d::worker {
namespace bj = boost::json;

std::optional<std::string> openai_request_body(const CompletionRequest& request,
                                               const std::string& upstream_model,
                                               int max_tokens) {
  const std::string user = user_content(request);
  bool valid = valid_utf8(request.system_prompt) && valid_utf8(user) && valid_utf8(upstream_model);
  for (const auto& turn : request.history) {
    valid = valid && valid_utf8(turn.role) && valid_utf8(turn.content);
  }
  if (!valid) return std::nullopt;

  bj::monotonic_resource arena;
  bj::array messages(&arena);
  messages.reserve(request.history.size() + 2);
  auto add = [&](std::string_view role, std::string_view content) {
    bj::object m(&arena);
    m.emplace("role", role);
    m.emplace("content", content);
    messages.emplace_back(std::move(m));
  };
  if (!request.system_prompt.empty()) add("system", request.system_prompt);
  for (const auto& turn : request.history) add(turn.role, turn.content);
  add("user", user);
  bj::object body(&arena);
  body.emplace("model", upstream_model);
  body.emplace("temperature", request.temperature);
  body.emplace("messages", std::move(messages));
  if (max_tokens > 0) body.emplace("max_tokens", max_tokens);
  return bj::serialize(body);
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
             total->get_uint64() <= static_cast<std::uint64_t>(
                                        std::numeric_limits<std::int64_t>::max())) {
    answer.tokens_used = static_cast<std::int64_t>(total->get_uint64());
  }
  return answer;
}

}  // namespace genx3d::worker
