// One chat job the way an async client runs it: POST /api/v1/chat with "async": true (202 and
// the job id), then GET /api/v1/jobs/{id}?wait=N until the job is final.
#pragma once

#include <chrono>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "loadgen/http_conn.hpp"

namespace genx3d::bench {

using Clock = std::chrono::steady_clock;

struct ChatSpec {
  std::string message;
  std::string model;  // empty: the server's default
  int wait_s = 30;    // ?wait= of each long-poll
};

struct JobOutcome {
  bool ok = false;      // the job succeeded
  std::string id;       // empty when the submit failed
  std::string failure;  // why not ok: "http 429", "status failed", "connect: …"
};

// The body of one async chat request.
std::string chat_body(const ChatSpec& spec);

// Submits a job; on success `id` is set and ok stays false until the job is collected.
boost::asio::awaitable<JobOutcome> submit_job(HttpConn& conn, const ChatSpec& spec);

// Long-polls job `id` until it is final.
boost::asio::awaitable<JobOutcome> collect_job(HttpConn& conn, std::string id, int wait_s);

// submit_job then collect_job on the same connection.
boost::asio::awaitable<JobOutcome> run_job(HttpConn& conn, const ChatSpec& spec);

// "status" of a Job Object body, or empty when the body is not one.
std::string job_status(const std::string& body);

}  // namespace genx3d::bench
