// Wakes the requests that wait for a job to finish (sync chats and long-polls). A waiter is a
// timer on the waiting coroutine's own executor: waiting costs a timer, not a thread.
//
// Thread safety: notify() may be called from any thread; wait() from any coroutine.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "common/job.hpp"

namespace genx3d::api {

class JobWaiters {
 public:
  class Registration;

  // Registers interest in `job_id` before the caller reads the job's state, so a finish that
  // lands between that read and the wait is not missed.
  std::shared_ptr<Registration> watch(const std::string& job_id);
  // Waits until notify(job_id) or the deadline; true if notified.
  boost::asio::awaitable<bool> wait(std::shared_ptr<Registration> reg,
                                    std::chrono::steady_clock::duration timeout);
  // Drops a registration that will not be waited on (the job was already final).
  void unwatch(const std::shared_ptr<Registration>& reg);
  // The job was queued by this process, which will notify() its end: until then a waiter may
  // skip reading it before it waits (the read would say "not final"). Bounded by kMaxExpected;
  // past it, waiters read as for any other job.
  void expect(const std::string& job_id, const std::string& owner_key_id);
  // Whether the owner's job was expect()ed and not yet notified.
  bool expects(const std::string& job_id, std::string_view owner_key_id) const;
  // Wakes every waiter of the job (and forgets them, and that it was expected). `final_job`, when the caller has it, is
  // the job as it now stands: the waiters take it instead of reading the job again.
  void notify(const std::string& job_id, std::shared_ptr<const Job> final_job = nullptr);
  // The job handed over by the notify() that woke `reg`; null if none was (or none woke it).
  static std::shared_ptr<const Job> final_job(const Registration& reg);
  // Wakes every waiter and makes later waits return at once (server shutdown): waiting requests
  // answer with the job's current state instead of holding the shutdown up.
  void shutdown();
  bool is_shut_down() const { return shut_down_.load(); }

  std::size_t waiting() const;

  static constexpr std::size_t kMaxExpected = 1'000'000;

 private:
  void forget(const std::string& job_id, const Registration* reg);

  std::atomic<bool> shut_down_{false};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::shared_ptr<Registration>>> waiters_;
  std::unordered_map<std::string, std::string> expected_;  // job id -> owner key id
};

}  // namespace genx3d::api
