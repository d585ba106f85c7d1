// JobRunner's path with code execution: the I/O around RepairLoop (worker/repair/). Each model
// answer is validated in the sandbox; a failing one goes back to the model with its error.
#include "worker/job_runner.hpp"
#include "worker/repair/repair_loop.hpp"
#include "worker/repair/repair_prompt.hpp"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace genx3d::worker {
namespace asio = boost::asio;

namespace {

// Everything the attempts so far produced; the answer a client sees is built from it.
struct Attempts {
  std::optional<ChatAnswer> last;
  std::string last_text;  // the model's raw answer, which goes back to it in a repair
  Validation validation;
  std::vector<CodeAttempt> tried;
  std::vector<std::string> models;  // in order of first use
  std::int64_t tokens = 0;
  std::optional<ProviderError> provider_error;

  void add(const Completion& c) {
    last = make_answer(c);
    last_text = c.text;
    tokens += c.tokens_used;
    if (std::find(models.begin(), models.end(), c.model) == models.end()) {
      models.push_back(c.model);
    }
  }
};

RepairEvent judge(const Validation& v) {
  if (!v.ok) return RepairEvent::skipped;
  return *v.ok ? RepairEvent::passed : RepairEvent::failed;
}

// The conversation so far plus the failing answer, then the request to fix it.
CompletionRequest repair_request(const JobPayload& job, const Attempts& a) {
  CompletionRequest request = first_request(job);
  request.history.push_back(ChatTurn{"user", job.message});
  request.history.push_back(ChatTurn{"assistant", a.last_text});
  request.user_message = repair_message(a.last->code, *a.validation.error);
  return request;
}

ChatAnswer final_answer(Attempts& a) {
  ChatAnswer answer = std::move(*a.last);
  answer.validation = std::move(a.validation);
  answer.attempts = std::move(a.tried);
  answer.tokens_used = a.tokens;
  answer.model_used = fmt::format("{}", fmt::join(a.models, ", "));
  return answer;
}

}  // namespace

void JobRunner::enter(const JobPayload& job, std::string_view phase) const {
  if (phases_) phases_(job.job_id, phase);
}

asio::awaitable<JobOutcome> JobRunner::run_with_repairs(const JobPayload& job) const {
  JobOutcome outcome;
  outcome.job_id = job.job_id;
  outcome.attempt = job.attempt;
  RepairLoop loop(repair_attempts_);
  Attempts a;
  CompletionRequest request = first_request(job);
  for (RepairAction action = loop.start();;) {
    enter(job, to_string(loop.phase()));
    switch (action) {
      case RepairAction::ask_model:
      case RepairAction::ask_for_fix: {
        CompletionResult result = co_await router_.complete(request);
        if (!result.has_value()) a.provider_error = result.error();
        if (result.has_value()) a.add(*result);
        action =
            loop.next(result.has_value() ? RepairEvent::answered : RepairEvent::provider_failed);
        break;
      }
      case RepairAction::validate: {
        a.validation = co_await validator_->validate(a.last->code, job.message);
        const bool failed = a.validation.ok == false;
        a.tried.push_back(CodeAttempt{a.last->code, failed ? a.validation.error : std::nullopt});
        action = loop.next(judge(a.validation));
        if (action == RepairAction::ask_for_fix) request = repair_request(job, a);
        break;
      }
      case RepairAction::finish_answer:
        outcome.answer = final_answer(a);
        co_return outcome;
      case RepairAction::finish_error: {
        const ProviderError e = a.provider_error.value_or(
            ProviderError{"provider_unavailable", "the model did not answer", false, {}});
        outcome.error = JobError{"provider_error", e.code, e.message};
        outcome.retryable = e.retryable;
        co_return outcome;
      }
    }
  }
}

}  // namespace genx3d::worker
