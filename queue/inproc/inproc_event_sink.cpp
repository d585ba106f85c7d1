#include "queue/inproc/inproc_event_sink.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace genx3d {
namespace asio = boost::asio;

InprocEventSink::InprocEventSink(JobEventSink& api, asio::any_io_executor executor,
                                 std::chrono::milliseconds delay)
    : api_(api),
      executor_(std::move(executor)),
      announcer_(delay, [this](std::vector<StartedJob> jobs) {
        // Fire and forget, like a broker message: the API logs a store failure itself.
        asio::co_spawn(executor_, api_.started_many(std::move(jobs)), asio::detached);
      }) {}

asio::awaitable<void> InprocEventSink::started(std::string job_id, int attempt) {
  co_await api_.started(std::move(job_id), attempt);
}

// Cancelled jobs never get here: the in-process queue drops them when they are taken. One
// cancelled after that runs, and the store's guards drop its result.
asio::awaitable<bool> InprocEventSink::start(const JobPayload& job) {
  announcer_.started(executor_, job.job_id, job.attempt);
  co_return true;
}

asio::awaitable<void> InprocEventSink::finished(JobOutcome outcome) {
  announcer_.finished(outcome.job_id);
  co_await api_.finished(std::move(outcome));
}

}  // namespace genx3d
