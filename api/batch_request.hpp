// The body of POST /api/v1/chat/batch, validated. Three forms are accepted:
//   a JSON array of requests                      [{"custom_id": "a", "message": "…"}, …]
//   an object with the array and metadata         {"requests": [...], "metadata": {...}}
//   JSON Lines, one request per line              {"custom_id": "a", "message": "…"}\n…
// A request carries the fields of POST /chat (message, model, context, session_id,
// temperature) at its top level or, as in OpenAI's batch files, under "body".
//
// Policy: all or nothing. If any request is invalid, the whole batch is refused with one 400
// that names each bad request (its line or index and custom_id, up to 20 of them); nothing is
// created. custom_id is required and unique within the batch.
#pragma once

#include "api/api_error.hpp"
#include "api/chat_request.hpp"
#include "common/config.hpp"
#include "common/model_catalog.hpp"

#include <boost/system/result.hpp>

#include <optional>
#include <string>
#include <vector>

namespace genx3d::api {

inline constexpr std::size_t kMaxBatchRequests = 10000;
inline constexpr std::size_t kMaxCustomIdChars = 256;

struct BatchItem {
  std::string custom_id;
  ChatRequest request;
};

struct BatchRequest {
  std::vector<BatchItem> items;
  std::optional<std::string> metadata;  // the client's JSON object, serialised
};

// `catalog` refuses unavailable models per request, so they are reported with the others.
boost::system::result<BatchRequest, ApiError> parse_batch_request(std::string_view body,
                                                                  const ChatConfig& config,
                                                                  const ModelCatalog& catalog);

}  // namespace genx3d::api
