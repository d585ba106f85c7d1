// What a worker has heard was cancelled (jobs and whole batches), so it skips such a job instead
// of running it. Bounded: the oldest entries are forgotten first, and a job whose entry was
// forgotten merely runs, with its result dropped by the store's guards.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include "common/job.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_set>

namespace genx3d {

class CancelledSet {
 public:
  explicit CancelledSet(std::size_t capacity = 100000) : capacity_(capacity) {}

  void add(const std::string& id);
  // Whether the job, or its batch, was cancelled.
  bool covers(const JobPayload& job) const;
  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_set<std::string> ids_;
  std::deque<std::string> order_;  // oldest first, for eviction
};

}  // namespace genx3d
