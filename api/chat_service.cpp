#include "api/chat_service.hpp"

#include "common/clock.hpp"
#include "common/ids.hpp"
#include "common/job_json.hpp"

#include <spdlog/spdlog.h>

namespace genx3d::api {
namespace asio = boost::asio;

std::vector<ChatTurn> trim_history(const std::vector<MessageRecord>& messages, int max_messages,
                                   std::size_t budget_chars) {
  std::vector<ChatTurn> turns;
  std::size_t used = 0;
  // Walk from the newest back, so the turns nearest the new message survive the budget.
  for (auto it = messages.rbegin(); it != messages.rend(); ++it) {
    if (static_cast<int>(turns.size()) >= max_messages) break;
    std::string content = it->content;
    if (it->code) content += "\n\n```javascript\n" + *it->code + "\n```";
    if (used + content.size() > budget_chars) break;
    used += content.size();
    turns.push_back({it->role, std::move(content)});
  }
  std::reverse(turns.begin(), turns.end());
  return turns;
}

ChatService::ChatService(const Config& config, const ModelCatalog& catalog, StoreExecutor& store,
                         JobQueue& queue, JobWaiters& waiters)
    : config_(config), catalog_(catalog), store_(store), queue_(queue), waiters_(waiters) {}

asio::awaitable<boost::system::result<Job, ApiError>> ChatService::submit(std::string owner,
                                                                          ChatRequest req) {
  if (!catalog_.is_available(req.model)) {
    co_return model_not_available(req.model, catalog_.available_ids());
  }
  Job job;
  job.id = new_id("chat");
  job.owner_key_id = owner;
  job.state = JobState::queued;
  job.created_at_ms = now_ms();
  job.payload.job_id = job.id;
  job.payload.model = req.model;
  job.payload.temperature = req.temperature;
  job.payload.message = std::move(req.message);
  job.payload.attempt = 1;

  const ChatConfig& chat = config_.chat;
  // Serialized once, for the store and for the queue (the broker's message is the same text).
  std::string payload_json;
  auto committed = co_await store_.run([&](Store& s) -> boost::system::result<Job, ApiError> {
    if (req.idempotency) {
      auto replay = find_replay(s, owner, *req.idempotency, "chat", job.created_at_ms);
      if (!replay) return replay.error();
      if (*replay) {
        if (auto prior = s.get_job_status(owner, **replay)) return *prior;
      }
    }
    if (req.context) {
      auto model = s.get_model(owner, *req.context);
      if (!model) return not_found("Context model '" + *req.context + "' not found");
      job.payload.context_id = model->id;
      job.payload.context_name = model->name;
      job.payload.context_code = model->code;
    }
    job.session_id = req.session_id ? *req.session_id : new_id("session");
    const SessionAccess access = s.ensure_session(job.session_id, owner, job.created_at_ms);
    if (access == SessionAccess::foreign) {
      return not_found("Session '" + job.session_id + "' not found");
    }
    if (access == SessionAccess::owned) {  // a session made just now has no history to read
      job.payload.history =
          trim_history(s.recent_messages(job.session_id, chat.history_max_messages),
                       chat.history_max_messages, chat.history_budget_chars);
    }
    payload_json = job_json_text(job.payload);
    s.insert_job(job, payload_json);
    if (req.idempotency) {
      remember_key(s, owner, *req.idempotency, "chat", job.id, job.created_at_ms);
    }
    return job;
  });
  if (!committed) {
    spdlog::error("chat: storing job failed: {}", committed.error());
    co_return internal_error("could not store the job");
  }
  // A replay is already queued (or done): only a job made now is handed over.
  if (committed->has_value() && (*committed)->id == job.id) {
    waiters_.expect(job.id, owner);
    queue_.submit((*committed)->payload, std::move(payload_json));
  }
  co_return std::move(*committed);
}

asio::awaitable<StoreResult<std::shared_ptr<const Job>>> ChatService::await_job(
    std::string owner, std::string id, std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (bool first = true;; first = false) {
    // Watch before reading, so a finish between the read and the wait still wakes us.
    auto watch = waiters_.watch(id);
    // A job this process queued and has not seen end is not final: no need to read it first.
    if (!first || !waiters_.expects(id, owner)) {
      auto job = co_await store_.run([&](Store& s) -> std::shared_ptr<const Job> {
        auto found = s.get_job_status(owner, id);
        return found ? std::make_shared<const Job>(std::move(*found)) : nullptr;
      });
      const auto left = deadline - std::chrono::steady_clock::now();
      if (!job || !*job || is_final((*job)->state) || left <= left.zero() ||
          waiters_.is_shut_down()) {
        waiters_.unwatch(watch);
        co_return job;
      }
    }
    if (co_await waiters_.wait(watch, deadline - std::chrono::steady_clock::now())) {
      // The finish that woke us came with the job as it now stands: no need to read it again.
      auto final_job = JobWaiters::final_job(*watch);
      if (final_job && final_job->owner_key_id == owner) {
        co_return StoreResult<std::shared_ptr<const Job>>{boost::system::in_place_value,
                                                          std::move(final_job)};
      }
    }
  }
}

asio::awaitable<std::size_t> ChatService::recover() {
  // A durable queue (the broker) still holds every job it confirmed: only the others are sent
  // again. The in-process queue died with the previous process: every unfinished job is.
  const bool durable = queue_.durable();
  auto jobs = co_await store_.run(
      [durable](Store& s) { return durable ? s.unpublished_jobs() : s.recover_unfinished_jobs(); });
  if (!jobs) {
    spdlog::error("recovery: reading unfinished jobs failed: {}", jobs.error());
    co_return 0;
  }
  std::size_t resubmitted = 0;
  for (Job& job : *jobs) {
    if (!durable && job.attempts >= kMaxAttempts) {
      // It was started that many times and never finished: it probably takes its worker down.
      JobError err{"internal_error", "attempts_exhausted",
                   "The job was abandoned after " + std::to_string(job.attempts) + " attempts"};
      co_await store_.run([&](Store& s) { return s.fail_job(job.id, err, now_ms()); });
      continue;
    }
    job.payload.attempt = job.attempts + 1;
    queue_.submit(std::move(job.payload));
    ++resubmitted;
  }
  co_return resubmitted;
}

asio::awaitable<void> ChatService::started(std::string job_id, int attempt) {
  std::vector<StartedJob> one;
  one.push_back({std::move(job_id), attempt});
  co_await started_many(std::move(one));
}

asio::awaitable<void> ChatService::started_many(std::vector<StartedJob> jobs) {
  auto r = co_await store_.run([&](Store& s) {
    const std::int64_t now = now_ms();
    for (const auto& job : jobs) s.mark_running(job.job_id, job.attempt, now);
    return true;
  });
  if (!r) spdlog::error("recording the start of {} job(s) failed: {}", jobs.size(), r.error());
}

asio::awaitable<bool> ChatService::start(const JobPayload& job) {
  const std::string id = job.job_id;
  const int attempt = job.attempt;
  auto r = co_await store_.run([&](Store& s) { return s.mark_running(id, attempt, now_ms()); });
  if (!r) {
    // Running it anyway is safe: the result's write is guarded like every other.
    spdlog::error("job {}: recording its start failed: {}", id, r.error());
    co_return true;
  }
  co_return *r;
}

// What recording an outcome left to do once its transaction commits.
struct RecordedOutcome {
  std::optional<JobPayload> retry;       // submit this next attempt
  std::shared_ptr<const Job> final_job;  // the job as it ended, for its waiters
};

namespace {

// Applies a worker's outcome to the store. Runs inside a store operation, which may run it again
// after a rollback: it returns what it did and touches nothing else.
RecordedOutcome record_outcome(Store& s, const JobOutcome& outcome, std::int64_t now) {
  RecordedOutcome done;
  const std::string& id = outcome.job_id;
  // A quick attempt's worker may not have reported its start: it is recorded with the
  // outcome, from the run time. When the start was reported this changes nothing.
  const Store::AttemptRun run{outcome.attempt, now - outcome.run_ms};
  if (outcome.answer) {
    if (auto job = s.complete_job(id, *outcome.answer, now, run)) {
      done.final_job = std::make_shared<const Job>(std::move(*job));
    }
    return done;
  }
  if (outcome.retryable && outcome.attempt < ChatService::kMaxAttempts) {
    s.mark_running(id, run.attempt, run.started_at_ms);  // requeue_job moves running jobs
    if (s.requeue_job(id)) {
      if (auto job = s.get_job_any_owner(id)) {
        done.retry = job->payload;
        done.retry->attempt = outcome.attempt + 1;
      }
      return done;
    }
  }
  s.fail_job(id, outcome.error.value_or(JobError{"internal_error", "internal_error", "failed"}),
             now, run);
  return done;
}

}  // namespace

void ChatService::apply(const std::string& job_id, RecordedOutcome done) {
  if (done.retry) {
    spdlog::info("job {}: retrying, attempt {}", job_id, done.retry->attempt);
    queue_.submit(std::move(*done.retry));
    return;
  }
  // Also when the outcome changed nothing (the job had ended another way): a waiter reads it.
  waiters_.notify(job_id, std::move(done.final_job));
}

asio::awaitable<void> ChatService::finished(JobOutcome outcome) {
  auto r = co_await store_.run([&](Store& s) { return record_outcome(s, outcome, now_ms()); });
  if (!r) {
    spdlog::error("job {}: recording its outcome failed: {}", outcome.job_id, r.error());
    waiters_.notify(outcome.job_id);  // its waiters read the job again rather than trust it
    co_return;
  }
  apply(outcome.job_id, std::move(*r));
}

asio::awaitable<void> ChatService::finished_many(std::vector<JobOutcome> outcomes) {
  if (outcomes.size() == 1) {
    co_await finished(std::move(outcomes.front()));
    co_return;
  }
  std::vector<RecordedOutcome> recorded(outcomes.size());
  auto r = co_await store_.run([&](Store& s) {
    const std::int64_t now = now_ms();
    for (std::size_t i = 0; i < outcomes.size(); ++i) {
      recorded[i] = record_outcome(s, outcomes[i], now);
    }
    return true;
  });
  if (!r) {
    // One of them failed and rolled them all back: record each alone, so only its own fails.
    for (auto& outcome : outcomes) co_await finished(std::move(outcome));
    co_return;
  }
  for (std::size_t i = 0; i < outcomes.size(); ++i) {
    apply(outcomes[i].job_id, std::move(recorded[i]));
  }
}

}  // namespace genx3d::api
