// POST /api/v1/chat and GET /api/v1/jobs/{id}.
#include "api/api_app.hpp"
#include "api/job_view.hpp"
#include "api/json_body.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

bool prefers_async(const HttpRequest& request) {
  auto prefer = request.header("prefer");
  return prefer && prefer->find("respond-async") != std::string_view::npos;
}

HttpResponse accepted(const Job& job) {
  HttpResponse r = json_response(202, job_object_text(job));
  r.with_header("Location", "/api/v1/jobs/" + job.id);
  r.job_id = job.id;
  return r;
}

// A final job that did not succeed, as the error a sync client gets.
HttpResponse job_error_response(const Job& job) {
  if (job.state == JobState::cancelled) {
    return to_response(
        {409, "invalid_request_error", "job_cancelled", "The job was cancelled", {}});
  }
  JobError e = job.error.value_or(JobError{"internal_error", "internal_error", "The job failed"});
  int status = e.type == "provider_error" ? 502 : 500;
  return to_response({status, e.type, e.code, e.message, {}});
}

// Reads ?wait= as whole seconds in [0, 60].
boost::system::result<int, ApiError> parse_wait(const HttpRequest& request) {
  auto raw = request.query_param("wait");
  if (!raw) return {boost::system::in_place_value, 0};
  int value = -1;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (ec != std::errc{} || end != raw->data() + raw->size() || value < 0 || value > 60) {
    return invalid_field("wait", "must be a whole number of seconds from 0 to 60");
  }
  return {boost::system::in_place_value, value};
}

}  // namespace

void add_chat_routes(Router& router, ApiServices& services) {
  // POST /api/v1/chat
  // {"message": "Create a gear with 20 teeth and 40mm diameter", "model": "gpt-4o-mini"}
  // -> 200 {"id": "chat_…", "message": "…", "code": "…", "timestamp": "…", "session_id": "…",
  //         "model_used": "builtin/parametric", "tokens_used": 312, "warnings": []}
  // With "async": true or "Prefer: respond-async": 202 Job Object + Location.
  router.add("POST", "/api/v1/chat", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto req = parse_chat_request(ctx.request.body, services.config.chat);
               if (!req) co_return to_response(req.error());
               auto idempotency = read_idempotency_key(ctx.request);
               if (!idempotency) co_return to_response(idempotency.error());
               req->idempotency = std::move(*idempotency);
               const bool async = req->async || prefers_async(ctx.request);
               auto job = co_await services.chat.submit(ctx.caller.id, std::move(*req));
               if (!job) co_return to_response(job.error());
               if (async) co_return accepted(*job);
               auto done = co_await services.chat.await_job(ctx.caller.id, job->id,
                                                            services.config.server.sync_wait);
               if (!done || !*done) co_return accepted(*job);
               const Job& final_job = **done;
               if (final_job.state == JobState::succeeded) {
                 HttpResponse r = json_response(200, chat_response_text(final_job));
                 r.job_id = final_job.id;
                 co_return r;
               }
               if (is_final(final_job.state)) {
                 HttpResponse r = job_error_response(final_job);
                 r.job_id = final_job.id;
                 co_return r;
               }
               co_return accepted(final_job);  // still running at the sync bound
             });

  // GET /api/v1/jobs/chat_…?wait=30 -> 200 Job Object, at once or when final (long-poll)
  router.add("GET", "/api/v1/jobs/{id}", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto wait = parse_wait(ctx.request);
               if (!wait) co_return to_response(wait.error());
               const std::string id(ctx.params.find("id")->second);
               auto job =
                   co_await services.chat.await_job(ctx.caller.id, id, std::chrono::seconds(*wait));
               if (!job) {
                 spdlog::error("job {}: reading it failed: {}", id, job.error());
                 co_return to_response(internal_error("could not read the job"));
               }
               if (!*job) co_return to_response(not_found("Job '" + id + "' not found"));
               HttpResponse r = json_response(200, job_object_text(**job, services.phases));
               r.job_id = id;
               co_return r;
             });
}

}  // namespace genx3d::api
