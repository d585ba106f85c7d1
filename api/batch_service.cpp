#include "api/batch_service.hpp"

#include "api/batch_view.hpp"
#include "api/chat_service.hpp"
#include "api/json_body.hpp"
#include "common/clock.hpp"
#include "common/ids.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include <unordered_map>

namespace genx3d::api {
namespace asio = boost::asio;
using boost::system::result;

namespace {

// Contexts and sessions are checked before anything is written, so a bad reference refuses the
// whole batch instead of leaving it half made. The error names each bad request's custom_id.
std::optional<ApiError> check_references(Store& s, const std::string& owner,
                                         const BatchRequest& req,
                                         std::unordered_map<std::string, ModelRecord>& contexts) {
  std::string problems;
  std::size_t count = 0;
  auto add = [&](const std::string& custom_id, const std::string& why) {
    if (++count <= 20)
      problems += (problems.empty() ? "" : "; ") + ("custom_id '" + custom_id + "': " + why);
  };
  for (const BatchItem& item : req.items) {
    const ChatRequest& r = item.request;
    if (r.context && !contexts.contains(*r.context)) {
      if (auto m = s.get_model(owner, *r.context)) {
        contexts.emplace(*r.context, std::move(*m));
      } else {
        add(item.custom_id, "context model '" + *r.context + "' not found");
      }
    }
    if (r.session_id && s.session_owned_by(*r.session_id, owner) == std::optional<bool>(false)) {
      add(item.custom_id, "session '" + *r.session_id + "' not found");
    }
  }
  if (count == 0) return std::nullopt;
  return ApiError{400,
                  "invalid_request_error",
                  "invalid_batch",
                  std::to_string(count) +
                      " requests refer to something missing, so none was "
                      "accepted: " +
                      problems,
                  {}};
}

Job make_job(const std::string& owner, const std::string& batch_id, const BatchItem& item,
             std::int64_t now) {
  const ChatRequest& r = item.request;
  Job job;
  job.id = new_id("chat");
  job.owner_key_id = owner;
  job.state = JobState::queued;
  job.created_at_ms = now;
  job.session_id = r.session_id ? *r.session_id : new_id("session");
  job.payload.job_id = job.id;
  job.payload.model = r.model;
  job.payload.temperature = r.temperature;
  job.payload.message = r.message;
  job.payload.batch_id = batch_id;
  job.payload.batch_owner = owner;
  return job;
}

}  // namespace

BatchService::BatchService(const Config& config, StoreExecutor& store, JobQueue& queue,
                           JobWaiters& waiters)
    : config_(config), store_(store), queue_(queue), waiters_(waiters) {}

asio::awaitable<result<BatchService::Submitted, ApiError>> BatchService::submit(
    std::string owner, BatchRequest req, std::optional<IdempotencyKey> key) {
  std::vector<JobPayload> payloads;
  const ChatConfig& chat = config_.chat;
  auto committed = co_await store_.run([&](Store& s) -> result<Submitted, ApiError> {
    payloads.clear();  // an earlier, rolled back run of this operation leaves nothing behind
    const std::int64_t now = now_ms();
    if (key) {
      auto replay = find_replay(s, owner, *key, "batch", now);
      if (!replay) return replay.error();
      if (*replay) {
        if (auto prior = s.get_batch(owner, **replay)) return Submitted{std::move(*prior), true};
      }
    }
    std::unordered_map<std::string, ModelRecord> contexts;
    if (auto bad = check_references(s, owner, req, contexts)) return *bad;
    BatchRecord batch =
        s.insert_batch(owner, static_cast<std::int64_t>(req.items.size()), req.metadata, now);
    payloads.reserve(req.items.size());
    for (const BatchItem& item : req.items) {
      Job job = make_job(owner, batch.id, item, now);
      if (item.request.context) {
        const ModelRecord& m = contexts.at(*item.request.context);
        job.payload.context_id = m.id;
        job.payload.context_name = m.name;
        job.payload.context_code = m.code;
      }
      if (s.ensure_session(job.session_id, owner, now) == SessionAccess::owned) {
        job.payload.history =
            trim_history(s.recent_messages(job.session_id, chat.history_max_messages),
                         chat.history_max_messages, chat.history_budget_chars);
      }
      s.insert_job(job);
      s.link_batch_job(batch.seq, job.id, item.custom_id);
      payloads.push_back(std::move(job.payload));
    }
    if (key) remember_key(s, owner, *key, "batch", batch.id, now);
    batch.counts.total = batch.counts.queued = static_cast<std::int64_t>(req.items.size());
    return Submitted{std::move(batch), false};
  });
  if (!committed) {
    spdlog::error("batch: storing failed: {}", committed.error());
    co_return internal_error("could not store the batch");
  }
  if (committed->has_value() && !(*committed)->replayed) {
    for (JobPayload& p : payloads) queue_.submit(std::move(p));
    spdlog::info("batch {}: {} requests queued", (*committed)->batch.id, payloads.size());
  }
  co_return std::move(*committed);
}

asio::awaitable<StoreResult<std::optional<BatchRecord>>> BatchService::await_change(
    std::string owner, std::string id, std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  auto read = [&] { return store_.run([&](Store& s) { return s.get_batch(owner, id); }); };
  auto first = co_await read();
  if (!first || !*first) co_return first;
  asio::steady_timer timer(co_await asio::this_coro::executor);
  // Counts change by polling the store: a batch's jobs finish on many paths, and a read of its
  // counts is one indexed query every kPollInterval per waiting request.
  for (;;) {
    const BatchStatus status = batch_status(**first);
    if (status == BatchStatus::completed || status == BatchStatus::cancelled) co_return first;
    const auto left = deadline - std::chrono::steady_clock::now();
    if (left <= left.zero() || waiters_.is_shut_down()) co_return first;
    timer.expires_after(std::min<std::chrono::steady_clock::duration>(left, kPollInterval));
    co_await timer.async_wait(asio::use_awaitable);
    auto now = co_await read();
    if (!now || !*now || (*now)->counts != (*first)->counts ||
        (*now)->cancel_requested_at_ms != (*first)->cancel_requested_at_ms) {
      co_return now;
    }
  }
}

asio::awaitable<StoreResult<std::optional<BatchRecord>>> BatchService::cancel(std::string owner,
                                                                              std::string id) {
  auto batch = co_await store_.run([&](Store& s) { return s.cancel_batch(owner, id, now_ms()); });
  if (batch && *batch) queue_.cancelled(CancelNotice{std::nullopt, id});
  co_return batch;
}

asio::awaitable<StoreResult<std::optional<Job>>> BatchService::cancel_job(std::string owner,
                                                                          std::string id) {
  auto job = co_await store_.run([&](Store& s) {
    s.cancel_job(owner, id, now_ms());
    return s.get_job_status(owner, id);
  });
  if (job && *job && (*job)->state == JobState::cancelled) {
    queue_.cancelled(CancelNotice{id, std::nullopt});
    waiters_.notify(id);
  }
  co_return job;
}

BodyStream BatchService::results(std::int64_t batch_seq) {
  auto cursor = std::make_shared<std::int64_t>(0);
  return [this, batch_seq,
          cursor]() -> asio::awaitable<result<std::optional<std::string>, std::string>> {
    auto rows = co_await store_.run(
        [&](Store& s) { return s.batch_results(batch_seq, *cursor, kResultsPage); });
    if (!rows)
      co_return result<std::optional<std::string>, std::string>(boost::system::in_place_error,
                                                                rows.error());
    if (rows->empty()) co_return std::optional<std::string>();
    std::string out;
    for (const BatchResultRow& row : *rows) {
      out += dump_json(batch_result_line_json(row));
      out += '\n';
      *cursor = row.job_seq;
    }
    co_return std::optional<std::string>(std::move(out));
  };
}

}  // namespace genx3d::api
