// The order in which waiting jobs are handed to worker loops. Interactive jobs (no batch) go
// first, oldest first: a chat sent while a big batch drains waits only for the next free loop.
// Batch jobs come after, one owner key at a time in turn, oldest first within a key, so a key
// that submitted 10,000 prompts does not starve another key's 10. No I/O, no locking: the
// DeliveryBuffer that owns it does that.
//
// Thread safety: none.
#pragma once

#include "common/job_queue.hpp"

#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>

namespace genx3d {

// How many of a pool's `concurrency` loops batch jobs may hold at once. The rest (one in 16, at
// least one) stay free for interactive jobs, so a chat sent while a batch drains starts at once,
// as on an idle system, instead of waiting for a batch job to end. A pool of one reserves none.
inline std::size_t batch_loop_limit(int concurrency) {
  if (concurrency < 2) return 0;  // 0: no limit
  const int reserve = concurrency / 16 > 1 ? concurrency / 16 : 1;
  return static_cast<std::size_t>(concurrency - reserve);
}

class LaneScheduler {
 public:
  void push(JobDelivery delivery);
  std::optional<JobDelivery> pop();
  // Everything still waiting, in the order pop() would have given it.
  std::deque<JobDelivery> drain();
  std::size_t size() const { return size_; }
  std::size_t interactive_size() const { return interactive_.size(); }
  bool empty() const { return size_ == 0; }

 private:
  std::deque<JobDelivery> interactive_;
  std::map<std::string, std::deque<JobDelivery>> by_owner_;  // only owners with waiting jobs
  std::deque<std::string> turns_;  // those owners, whose turn is next first
  std::size_t size_ = 0;
};

}  // namespace genx3d
