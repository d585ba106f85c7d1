#include "worker/job_runner.hpp"

#include "worker/postprocess/extract_code.hpp"
#include "worker/prompt.hpp"

namespace genx3d::worker {

ChatAnswer make_answer(const Completion& completion) {
  ExtractedAnswer extracted = extract_code(completion.text);
  ChatAnswer answer;
  answer.message = extracted.prose;
  if (answer.message.empty()) {
    answer.message = extracted.code ? "Here is the code." : "The model returned an empty answer.";
  }
  if (extracted.code) answer.warnings = sandbox_warnings(*extracted.code);
  answer.code = std::move(extracted.code);
  answer.model_used = completion.model;
  answer.tokens_used = completion.tokens_used;
  return answer;
}

CompletionRequest first_request(const JobPayload& job) {
  CompletionRequest request;
  request.model = job.model;
  request.temperature = job.temperature;
  request.system_prompt = std::string(cad_system_prompt());
  request.history = job.history;
  request.user_message = job.message;
  request.context_code = job.context_code;
  return request;
}

boost::asio::awaitable<JobOutcome> JobRunner::run(const JobPayload& job) const {
  if (validator_) co_return co_await run_with_repairs(job);
  CompletionRequest request = first_request(job);

  JobOutcome outcome;
  outcome.job_id = job.job_id;
  outcome.attempt = job.attempt;
  CompletionResult result = co_await router_.complete(std::move(request));
  if (result.has_value()) {
    outcome.answer = make_answer(*result);
  } else {
    const ProviderError& e = result.error();
    outcome.error = JobError{"provider_error", e.code, e.message};
    outcome.retryable = e.retryable;
  }
  co_return outcome;
}

}  // namespace genx3d::worker
