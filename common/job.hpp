// The job record and the messages that travel between API and workers. Defined once here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/job_state.hpp"
#include "common/validation.hpp"

namespace genx3d {

// One earlier turn of a conversation, as sent to a model.
struct ChatTurn {
  std::string role;  // "user" or "assistant"
  std::string content;
};

// Everything a stateless worker needs to run one chat job. It travels on the queue, so a worker
// never reads the store.
struct JobPayload {
  std::string job_id;
  std::string model;        // as requested by the client
  double temperature = 0.7;
  std::string message;      // the user's new message
  std::vector<ChatTurn> history;  // earlier turns, oldest first, already trimmed to the budget
  std::optional<std::string> context_id;    // the caller's 3D model (model_…), if any
  std::optional<std::string> context_name;
  std::optional<std::string> context_code;  // its current code, which goes into the prompt
  int attempt = 1;          // 1 on first delivery; a retry carries the next number
  // Batch jobs only: the batch_… they belong to and the key whose fair share they use. Queues
  // serve jobs without a batch (interactive chats) first. Absent on the wire for chats.
  std::optional<std::string> batch_id;
  std::optional<std::string> batch_owner;
};

// A failure as the client will see it: the seed's error shape.
struct JobError {
  std::string type;     // e.g. "provider_error"
  std::string code;     // e.g. "model_not_available"
  std::string message;  // human readable, capped before it is stored
};

// A successful answer.
struct ChatAnswer {
  std::string message;              // the model's prose
  std::optional<std::string> code;  // extracted CAD code, if the answer had any
  std::string model_used;           // the model that really answered (after fallbacks)
  std::int64_t tokens_used = 0;
  std::vector<std::string> warnings;  // e.g. code that reaches outside the CAD sandbox
  std::optional<Validation> validation;  // what running the code showed; nullopt: not checked
  std::vector<CodeAttempt> attempts;     // every answer of the repair loop, first one first
};

// What a worker reports when a job ends, one way or the other.
struct JobOutcome {
  std::string job_id;
  int attempt = 1;
  std::optional<ChatAnswer> answer;  // set on success
  std::optional<JobError> error;     // set on failure
  bool retryable = false;            // failure only: worth another attempt
  // How long the attempt ran, from its start to this outcome. A worker may leave a quick
  // attempt's start unreported (StartAnnouncer); the API then records it from this.
  std::int64_t run_ms = 0;
};

// The stored job record.
struct Job {
  std::string id;
  std::string owner_key_id;
  std::string session_id;
  JobState state = JobState::queued;
  JobPayload payload;
  std::optional<ChatAnswer> answer;
  // The answer's JSON form (job_json_text) when the store just wrote it: views splice it in
  // rather than serialize the answer again. Empty otherwise.
  std::string answer_json;
  std::optional<JobError> error;
  int attempts = 0;                      // how many times a worker started it
  std::int64_t created_at_ms = 0;        // unix epoch milliseconds
  std::optional<std::int64_t> started_at_ms;
  std::optional<std::int64_t> finished_at_ms;
};

}  // namespace genx3d
