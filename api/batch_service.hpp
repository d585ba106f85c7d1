// Batches on the API side: commits a batch and all its jobs in one store operation (all or
// nothing), hands the jobs to the queue as batch work (served after interactive chats, fairly
// between keys), reads batches and their counts, long-polls them, streams their results, and
// cancels batches and single jobs.
#pragma once

#include "api/api_error.hpp"
#include "api/batch_request.hpp"
#include "api/http_message.hpp"
#include "api/idempotency.hpp"
#include "api/job_waiters.hpp"
#include "common/config.hpp"
#include "common/job_queue.hpp"
#include "common/store_executor.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace genx3d::api {

// Thread safety: all members may be used from any coroutine on any thread.
class BatchService {
 public:
  BatchService(const Config& config, StoreExecutor& store, JobQueue& queue, JobWaiters& waiters);

  struct Submitted {
    BatchRecord batch;
    bool replayed = false;  // an Idempotency-Key replay: nothing new was created
  };
  boost::asio::awaitable<boost::system::result<Submitted, ApiError>> submit(
      std::string owner_key_id, BatchRequest request, std::optional<IdempotencyKey> key);

  // The batch now, or once its counts change or it is final, at most `timeout` from now.
  boost::asio::awaitable<StoreResult<std::optional<BatchRecord>>> await_change(
      std::string owner_key_id, std::string id, std::chrono::steady_clock::duration timeout);

  // Cancels the batch's queued jobs and tells workers that cannot read the store.
  boost::asio::awaitable<StoreResult<std::optional<BatchRecord>>> cancel(std::string owner_key_id,
                                                                         std::string id);
  // Cancels one queued or running job (batch or not); the job as it then is, nullopt when the
  // owner has no such job. Sync chats waiting for it answer at once.
  boost::asio::awaitable<StoreResult<std::optional<Job>>> cancel_job(std::string owner_key_id,
                                                                     std::string id);

  // The batch's final results so far as JSON Lines, read from the store a page at a time.
  BodyStream results(std::int64_t batch_seq);

  // How often a long-poll re-reads a batch's counts.
  static constexpr std::chrono::milliseconds kPollInterval{250};
  // Result lines per store read while streaming.
  static constexpr int kResultsPage = 200;

 private:
  const Config& config_;
  StoreExecutor& store_;
  JobQueue& queue_;
  JobWaiters& waiters_;
};

}  // namespace genx3d::api
