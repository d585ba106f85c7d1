#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace genx3d::api {

RateLimiter::Decision RateLimiter::acquire(const std::string& key_id, int limit_per_minute,
                                           Clock::time_point now) {
  const double capacity = std::max(1, limit_per_minute);
  const double per_second = capacity / 60.0;
  std::lock_guard lock(mutex_);
  auto [it, inserted] = buckets_.try_emplace(key_id, Bucket{capacity, now});
  Bucket& b = it->second;
  if (!inserted) {
    double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(capacity, b.tokens + std::max(0.0, elapsed) * per_second);
    b.updated = std::max(b.updated, now);  // a caller with an older clock reading never rewinds it
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {true, 0};
  }
  int wait = static_cast<int>(std::ceil((1.0 - b.tokens) / per_second));
  return {false, std::max(1, wait)};
}

}  // namespace genx3d::api
