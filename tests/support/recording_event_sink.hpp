// A JobEventSink that records every started() and finished() call, for worker tests.
#pragma once

#include "common/job_queue.hpp"

#include <boost/asio/awaitable.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace genx3d::test {

// Thread safety: callable from any coroutine; readers take the same lock.
class RecordingEventSink final : public JobEventSink {
 public:
  boost::asio::awaitable<void> started(std::string job_id, int attempt) override {
    std::lock_guard lock(mutex_);
    ++started_[job_id];
    started_order_.push_back(job_id);
    co_return;
  }

  boost::asio::awaitable<void> finished(JobOutcome outcome) override {
    std::lock_guard lock(mutex_);
    ++finished_[outcome.job_id];
    outcomes_.push_back(std::move(outcome));
    co_return;
  }

  int started_count(const std::string& id) const { return lookup(started_, id); }
  int finished_count(const std::string& id) const { return lookup(finished_, id); }
  std::size_t finished_total() const {
    std::lock_guard lock(mutex_);
    return outcomes_.size();
  }
  std::vector<JobOutcome> outcomes() const {
    std::lock_guard lock(mutex_);
    return outcomes_;
  }
  std::vector<std::string> started_order() const {
    std::lock_guard lock(mutex_);
    return started_order_;
  }

 private:
  int lookup(const std::map<std::string, int>& m, const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = m.find(id);
    return it == m.end() ? 0 : it->second;
  }

  mutable std::mutex mutex_;
  std::map<std::string, int> started_;
  std::map<std::string, int> finished_;
  std::vector<std::string> started_order_;
  std::vector<JobOutcome> outcomes_;
};

}  // namespace genx3d::test
