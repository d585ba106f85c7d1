#include "api/idempotency.hpp"

#include "common/ids.hpp"

namespace genx3d::api {

boost::system::result<std::optional<IdempotencyKey>, ApiError> read_idempotency_key(
    const HttpRequest& request) {
  auto header = request.header("idempotency-key");
  if (!header) return {boost::system::in_place_value, std::nullopt};
  if (header->empty() || header->size() > 255) {
    return ApiError{400,
                    "invalid_request_error",
                    "invalid_idempotency_key",
                    "Invalid 'Idempotency-Key' header: must be 1 to 255 characters",
                    {}};
  }
  return {boost::system::in_place_value,
          IdempotencyKey{std::string(*header), sha256_hex(request.body)}};
}

boost::system::result<std::optional<std::string>, ApiError> find_replay(
    Store& store, const std::string& owner_key_id, const IdempotencyKey& key, const char* kind,
    std::int64_t now_ms) {
  const std::int64_t lifetime_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(kIdempotencyKeyLifetime).count();
  auto record = store.find_idempotency_key(owner_key_id, key.key, now_ms - lifetime_ms);
  if (!record) return {boost::system::in_place_value, std::nullopt};
  if (record->kind != kind || record->request_hash != key.request_hash) {
    return ApiError{422,
                    "invalid_request_error",
                    "idempotency_key_reused",
                    "This Idempotency-Key was already used for a different request",
                    {}};
  }
  return {boost::system::in_place_value, record->target_id};
}

void remember_key(Store& store, const std::string& owner_key_id, const IdempotencyKey& key,
                  const char* kind, const std::string& target_id, std::int64_t now_ms) {
  store.put_idempotency_key(owner_key_id, key.key, {kind, key.request_hash, target_id}, now_ms);
}

}  // namespace genx3d::api
