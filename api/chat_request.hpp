// The body of POST /api/v1/chat, validated.
#pragma once

#include <optional>
#include <string>

#include <boost/system/result.hpp>

#include "api/api_error.hpp"
#include "api/idempotency.hpp"
#include "common/config.hpp"

namespace genx3d::api {

struct ChatRequest {
  std::string message;
  std::optional<std::string> context;     // a 3D model id of the caller's
  std::string model;                      // defaulted from config
  double temperature = 0.7;
  std::optional<std::string> session_id;  // absent: a new session
  bool async = false;
  std::optional<IdempotencyKey> idempotency;  // from the header, not the body
};

// Parses and validates the JSON body; the error names the field and why.
boost::system::result<ChatRequest, ApiError> parse_chat_request(std::string_view body,
                                                                 const ChatConfig& config);

// Whether a client-chosen id (session_id) is acceptable: 1–128 chars of [A-Za-z0-9_.:-].
bool is_valid_client_id(std::string_view id);

}  // namespace genx3d::api
