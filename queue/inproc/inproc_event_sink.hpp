// The worker pool's events in embedded mode, handed to the API side (ChatService) in process.
// A start is announced as over the broker: only once the attempt has run for
// StartAnnouncer::kDefaultDelay. Recording every start at once cost a store write and two
// thread hops per job, most of them for jobs that were done a few milliseconds later; the
// outcome's run time then records the start instead.
//
// Thread safety: as JobEventSink.
#pragma once

#include <boost/asio/any_io_executor.hpp>

#include "common/job_queue.hpp"
#include "queue/start_announcer.hpp"

namespace genx3d {

class InprocEventSink final : public JobEventSink {
 public:
  // `api` receives the events; late announcements run on `executor`.
  InprocEventSink(JobEventSink& api, boost::asio::any_io_executor executor,
                  std::chrono::milliseconds delay = StartAnnouncer::kDefaultDelay);

  boost::asio::awaitable<void> started(std::string job_id, int attempt) override;
  boost::asio::awaitable<bool> start(const JobPayload& job) override;
  boost::asio::awaitable<void> finished(JobOutcome outcome) override;

  const StartAnnouncer& starts() const { return announcer_; }

 private:
  JobEventSink& api_;
  boost::asio::any_io_executor executor_;
  StartAnnouncer announcer_;
};

}  // namespace genx3d
