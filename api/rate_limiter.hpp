// Per-key request rate limit: a token bucket per key that holds a minute's allowance and refills
// continuously, so a key may burst up to its limit and then sustain limit/60 requests a second.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace genx3d::api {

// Thread safety: acquire() may be called from any thread.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  struct Decision {
    bool allowed = true;
    int retry_after_seconds = 0;  // when refused: seconds until one request fits again
  };

  // Takes one token from the key's bucket, which holds `limit_per_minute` at most.
  Decision acquire(const std::string& key_id, int limit_per_minute,
                   Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens = 0;
    Clock::time_point updated;
  };
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace genx3d::api
