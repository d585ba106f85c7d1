// Where a running job is within its attempt (generating, validating, repairing), for the job
// view. In-process only: in `serve` the worker writes and the API reads the same board; over
// RabbitMQ the API does not see it and reports a running job's phase as "running".
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace genx3d {

// Thread safety: all members may be called from any thread.
class JobPhases {
 public:
  void set(const std::string& job_id, std::string_view phase) {
    std::lock_guard lock(mutex_);
    phases_[job_id] = std::string(phase);
  }
  void clear(const std::string& job_id) {
    std::lock_guard lock(mutex_);
    phases_.erase(job_id);
  }
  std::optional<std::string> get(const std::string& job_id) const {
    std::lock_guard lock(mutex_);
    auto it = phases_.find(job_id);
    if (it == phases_.end()) return std::nullopt;
    return it->second;
  }

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::string> phases_;
};

}  // namespace genx3d
