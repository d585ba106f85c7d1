#include "common/batch.hpp"

namespace genx3d {

std::string_view to_string(BatchStatus s) {
  switch (s) {
    case BatchStatus::queued:
      return "queued";
    case BatchStatus::in_progress:
      return "in_progress";
    case BatchStatus::completed:
      return "completed";
    case BatchStatus::cancelling:
      return "cancelling";
    case BatchStatus::cancelled:
      return "cancelled";
  }
  return "unknown";
}

BatchStatus batch_status(const BatchRecord& batch) {
  const BatchCounts& c = batch.counts;
  if (batch.cancel_requested_at_ms) {
    return c.unfinished() > 0 ? BatchStatus::cancelling : BatchStatus::cancelled;
  }
  if (c.unfinished() == 0) return BatchStatus::completed;
  if (c.queued == c.total) return BatchStatus::queued;
  return BatchStatus::in_progress;
}

}  // namespace genx3d
