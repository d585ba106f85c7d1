// The Idempotency-Key header of POST /chat and POST /chat/batch: a client that retries a
// submission (a timeout, a dropped connection) gets the first one's job or batch back instead
// of running it twice. Keys are per API key and remembered for 24 hours.
#pragma once

#include "api/api_error.hpp"
#include "common/store.hpp"

#include <boost/system/result.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace genx3d::api {

struct IdempotencyKey {
  std::string key;
  std::string request_hash;  // SHA-256 of the body: the same key with another body is an error
};

inline constexpr std::chrono::hours kIdempotencyKeyLifetime{24};

// The header, if sent; 400 when it is empty or longer than 255 characters.
boost::system::result<std::optional<IdempotencyKey>, ApiError> read_idempotency_key(
    const HttpRequest& request);

// On the store thread: the id the key already points at (a replay), nullopt when the key is new,
// or 422 when the key was first used for another request or another kind of submission.
boost::system::result<std::optional<std::string>, ApiError> find_replay(
    Store& store, const std::string& owner_key_id, const IdempotencyKey& key, const char* kind,
    std::int64_t now_ms);

// On the store thread, in the same operation that created `target_id`.
void remember_key(Store& store, const std::string& owner_key_id, const IdempotencyKey& key,
                  const char* kind, const std::string& target_id, std::int64_t now_ms);

}  // namespace genx3d::api
