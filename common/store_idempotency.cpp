// Idempotency-Key records: a retried submission finds what the first one created.
#include "common/store.hpp"
#include "common/store_statements.hpp"

namespace genx3d {

std::optional<IdempotencyRecord> Store::find_idempotency_key(std::string_view owner_key_id,
                                                             std::string_view key,
                                                             std::int64_t not_before_ms) {
  auto q = stmts_->query(
      "SELECT kind, request_hash, target_id FROM idempotency_keys"
      " WHERE owner_key_id = ?1 AND key = ?2 AND created_at >= ?3");
  q.bind(1, owner_key_id).bind(2, key).bind(3, not_before_ms);
  if (!q.step()) return std::nullopt;
  return IdempotencyRecord{q.text(0), q.text(1), q.text(2)};
}

// REPLACE: an expired record under the same key gives way to the new one.
void Store::put_idempotency_key(std::string_view owner_key_id, std::string_view key,
                                const IdempotencyRecord& record, std::int64_t now_ms) {
  stmts_
      ->query(
          "INSERT OR REPLACE INTO idempotency_keys"
          " (owner_key_id, key, kind, request_hash, target_id, created_at)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, owner_key_id)
      .bind(2, key)
      .bind(3, record.kind)
      .bind(4, record.request_hash)
      .bind(5, record.target_id)
      .bind(6, now_ms)
      .run();
}

}  // namespace genx3d
