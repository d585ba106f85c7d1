// The chat job service on the API side: accepts chat requests as jobs (store first, then the
// queue), applies the workers' events to the store, wakes waiters, and requeues what a restart
// left unfinished. The only writer of jobs in the store.
#pragma once

#include <string>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include "api/api_error.hpp"
#include "api/chat_request.hpp"
#include "api/job_waiters.hpp"
#include "common/config.hpp"
#include "common/job_queue.hpp"
#include "common/model_catalog.hpp"
#include "common/store_executor.hpp"

namespace genx3d::api {

struct RecordedOutcome;

// Thread safety: all members may be used from any coroutine on any thread.
class ChatService final : public JobEventSink {
 public:
  ChatService(const Config& config, const ModelCatalog& catalog, StoreExecutor& store,
              JobQueue& queue, JobWaiters& waiters);

  // Validates model, context and session against the store, commits the job, hands it to the
  // queue. The returned job is as committed (queued). A replayed Idempotency-Key returns the
  // first request's job as it is now, and queues nothing.
  boost::asio::awaitable<boost::system::result<Job, ApiError>> submit(std::string owner_key_id,
                                                                      ChatRequest request);

  // Waits until the owner's job is final or `timeout` passes, and returns it as it then is;
  // null when the owner has no such job. Costs a timer while it waits, no thread. The job is
  // shared, not returned by value: every waiting request's coroutine frames hold the result
  // type, and at 10,000 held long-polls a Job by value in each was tens of megabytes.
  boost::asio::awaitable<StoreResult<std::shared_ptr<const Job>>> await_job(
      std::string owner_key_id, std::string job_id, std::chrono::steady_clock::duration timeout);

  // Resubmits the jobs a previous run left queued or running; returns how many.
  boost::asio::awaitable<std::size_t> recover();

  boost::asio::awaitable<void> started(std::string job_id, int attempt) override;
  // All of them in one store operation.
  boost::asio::awaitable<void> started_many(std::vector<StartedJob> jobs) override;
  // Like started(), and false when the job may not run: it was cancelled (or already ran).
  boost::asio::awaitable<bool> start(const JobPayload& job) override;
  boost::asio::awaitable<void> finished(JobOutcome outcome) override;
  // All of them in one store operation; if one fails there, each is recorded alone.
  boost::asio::awaitable<void> finished_many(std::vector<JobOutcome> outcomes) override;

  // A retryable failure is tried again up to this many attempts in all.
  static constexpr int kMaxAttempts = 3;

 private:
  // After the outcome's transaction committed: submits its retry or wakes its waiters.
  void apply(const std::string& job_id, RecordedOutcome done);

  const Config& config_;
  const ModelCatalog& catalog_;
  StoreExecutor& store_;
  JobQueue& queue_;
  JobWaiters& waiters_;
};

// The earlier turns of a session that fit the budget: at most `max_messages`, newest kept,
// oldest dropped first until their text fits `budget_chars`. Returned oldest first.
std::vector<ChatTurn> trim_history(const std::vector<MessageRecord>& messages, int max_messages,
                                   std::size_t budget_chars);

}  // namespace genx3d::api
