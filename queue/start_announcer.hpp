// Tells the API that a worker started a job only once the attempt has run for a while. Most
// model calls take seconds, and for them the "started" event arrives after this short delay. A
// quick attempt (a cached or built-in answer, a fast provider) ends before it: its "started"
// event is never sent. Over the broker that saves a message, an API store write and an ack per
// job; in process, a store write and a thread hop. The outcome carries the run time
// (JobOutcome::run_ms), from which the API records the start.
//
// Thread safety: all members may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "common/job_queue.hpp"

namespace genx3d {

class StartAnnouncer {
 public:
  // Every attempt that came due at one wake-up, in one call: over the broker one message and
  // one store operation for all of them, not one per job.
  using Publish = std::function<void(std::vector<StartedJob> jobs)>;
  // Long enough for a cached or built-in answer, short next to a model call.
  static constexpr std::chrono::milliseconds kDefaultDelay{100};

  StartAnnouncer(std::chrono::milliseconds delay, Publish publish);
  ~StartAnnouncer();  // announcements still pending are dropped; `publish` is not called again
  StartAnnouncer(const StartAnnouncer&) = delete;
  StartAnnouncer& operator=(const StartAnnouncer&) = delete;

  // The attempt started: publish it after the delay (up to an eighth more), on `ex`, unless it
  // finished first.
  void started(const boost::asio::any_io_executor& ex, std::string job_id, int attempt);
  // The attempt ended: its announcement, if not made yet, is dropped.
  void finished(const std::string& job_id);

  // Announcements made, and dropped because the attempt ended first.
  std::uint64_t announced() const;
  std::uint64_t skipped() const;

  struct State;  // opaque: shared with the pending timers, which may outlive this object

 private:
  std::shared_ptr<State> state_;
};

}  // namespace genx3d
