#include "api/chat_request.hpp"

#include <cmath>

#include "api/json_body.hpp"

namespace genx3d::api {

bool is_valid_client_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

boost::system::result<ChatRequest, ApiError> parse_chat_request(std::string_view body,
                                                                 const ChatConfig& config) {
  auto parsed = parse_json_object(body);
  if (!parsed) return parsed.error();
  const boost::json::object& j = *parsed;
  ChatRequest req;

  auto message = optional_string(j, "message");
  if (!message) return message.error();
  if (!*message) return missing_field("message");
  req.message = std::move(**message);
  if (req.message.find_first_not_of(" \t\r\n") == std::string::npos) {
    return invalid_field("message", "must not be empty");
  }
  if (req.message.size() > config.max_message_bytes) {
    return invalid_field("message", "must be at most " + std::to_string(config.max_message_bytes) +
                                        " bytes (got " + std::to_string(req.message.size()) + ")");
  }

  auto context = optional_string(j, "context");
  if (!context) return context.error();
  req.context = std::move(*context);
  if (req.context && req.context->empty()) req.context.reset();

  auto model = optional_string(j, "model");
  if (!model) return model.error();
  req.model = model->value_or(config.default_model);
  if (req.model.empty()) return invalid_field("model", "must not be empty");

  auto session = optional_string(j, "session_id");
  if (!session) return session.error();
  req.session_id = std::move(*session);
  if (req.session_id && !is_valid_client_id(*req.session_id)) {
    return invalid_field("session_id", "must be 1-128 characters of letters, digits, '_', '-', "
                                       "'.' or ':'");
  }

  if (const auto* t = j.if_contains("temperature"); t && !t->is_null()) {
    if (!t->is_number()) return invalid_field("temperature", "must be a number");
    req.temperature = t->to_number<double>();
    if (!std::isfinite(req.temperature) || req.temperature < 0.0 || req.temperature > 1.0) {
      return invalid_field("temperature", "must be between 0.0 and 1.0");
    }
  }

  if (const auto* a = j.if_contains("async"); a && !a->is_null()) {
    if (!a->is_bool()) return invalid_field("async", "must be true or false");
    req.async = a->get_bool();
  }
  return req;
}

}  // namespace genx3d::api
