// POST /api/v1/chat/batch, GET /api/v1/batches[/{id}[/results]], POST /api/v1/batches/{id}/cancel
// and POST /api/v1/jobs/{id}/cancel.
#include "api/api_app.hpp"
#include "api/batch_service.hpp"
#include "api/batch_view.hpp"
#include "api/handlers/query_params.hpp"
#include "api/job_view.hpp"
#include "api/json_body.hpp"

#include <charconv>

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

// ?wait= as whole seconds in [0, 60].
boost::system::result<int, ApiError> wait_seconds(const HttpRequest& request) {
  auto raw = request.query_param("wait");
  if (!raw) return {boost::system::in_place_value, 0};
  int value = -1;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), value);
  if (raw->empty() || ec != std::errc{} || end != raw->data() + raw->size() || value < 0 ||
      value > 60) {
    return invalid_field("wait", "must be a whole number of seconds from 0 to 60");
  }
  return {boost::system::in_place_value, value};
}

HttpResponse batch_response(int status, const BatchRecord& batch) {
  HttpResponse r = json_response(status, dump_json(batch_object_json(batch)));
  r.job_id = batch.id;
  return r;
}

std::string id_param(const RequestContext& ctx) {
  return std::string(ctx.params.find("id")->second);
}

}  // namespace

void add_batch_routes(Router& router, ApiServices& services) {
  BatchService& batches = *services.batches;

  // POST /api/v1/chat/batch   (JSON array, {"requests": [...], "metadata": {...}}, or JSON Lines)
  // [{"custom_id": "gear-1", "message": "a gear with 20 teeth"}, {"custom_id": "cube-1", …}]
  // -> 202 Batch Object + Location: /api/v1/batches/batch_…
  router.add("POST", "/api/v1/chat/batch", Access::api_key,
             [&services, &batches](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto key = read_idempotency_key(ctx.request);
               if (!key) co_return to_response(key.error());
               auto req =
                   parse_batch_request(ctx.request.body, services.config.chat, services.catalog);
               if (!req) co_return to_response(req.error());
               auto done = co_await batches.submit(ctx.caller.id, std::move(*req), *key);
               if (!done) co_return to_response(done.error());
               HttpResponse r = batch_response(202, done->batch);
               r.with_header("Location", "/api/v1/batches/" + done->batch.id);
               if (done->replayed) r.with_header("Idempotent-Replayed", "true");
               co_return r;
             });

  // GET /api/v1/batches?limit=&offset= -> 200 {"object": "list", "data": [Batch…], "total": n}
  router.add("GET", "/api/v1/batches", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto paging = parse_paging(ctx.request, 100);
               if (!paging) co_return to_response(paging.error());
               const std::string owner = ctx.caller.id;
               auto page = co_await services.store.run([&](Store& s) {
                 return std::make_pair(s.list_batches(owner, paging->limit, paging->offset),
                                       s.count_batches(owner));
               });
               if (!page) co_return to_response(internal_error("could not read batches"));
               nlohmann::json data = nlohmann::json::array();
               for (const auto& b : page->first) data.push_back(batch_object_json(b));
               co_return json_response(200, dump_json({{"object", "list"},
                                                       {"data", std::move(data)},
                                                       {"total", page->second},
                                                       {"limit", paging->limit},
                                                       {"offset", paging->offset}}));
             });

  // GET /api/v1/batches/batch_…?wait=30 -> 200 Batch Object, at once or when its counts change
  router.add("GET", "/api/v1/batches/{id}", Access::api_key,
             [&batches](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto wait = wait_seconds(ctx.request);
               if (!wait) co_return to_response(wait.error());
               const std::string id = id_param(ctx);
               auto b =
                   co_await batches.await_change(ctx.caller.id, id, std::chrono::seconds(*wait));
               if (!b) co_return to_response(internal_error("could not read the batch"));
               if (!*b) co_return to_response(not_found("Batch '" + id + "' not found"));
               co_return batch_response(200, **b);
             });

  // GET /api/v1/batches/batch_…/results -> 200 application/x-ndjson, chunked: one line per
  // finished request, {"custom_id", "job_id", "status", "response", "error"}
  router.add("GET", "/api/v1/batches/{id}/results", Access::api_key,
             [&services, &batches](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               const std::string id = id_param(ctx);
               const std::string owner = ctx.caller.id;
               auto b =
                   co_await services.store.run([&](Store& s) { return s.get_batch(owner, id); });
               if (!b) co_return to_response(internal_error("could not read the batch"));
               if (!*b) co_return to_response(not_found("Batch '" + id + "' not found"));
               HttpResponse r;
               r.status = 200;
               r.content_type = "application/x-ndjson";
               r.job_id = id;
               r.body_stream = batches.results((*b)->seq);
               co_return r;
             });

  // POST /api/v1/batches/batch_…/cancel -> 200 Batch Object (cancelling, then cancelled)
  router.add("POST", "/api/v1/batches/{id}/cancel", Access::api_key,
             [&batches](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               const std::string id = id_param(ctx);
               auto b = co_await batches.cancel(ctx.caller.id, id);
               if (!b) co_return to_response(internal_error("could not cancel the batch"));
               if (!*b) co_return to_response(not_found("Batch '" + id + "' not found"));
               co_return batch_response(200, **b);
             });

  // POST /api/v1/jobs/chat_…/cancel -> 200 Job Object (cancelled). A queued job never runs; a
  // running one is abandoned: its result is dropped when it arrives. A job that already
  // succeeded or failed: 409 job_not_cancellable.
  router.add("POST", "/api/v1/jobs/{id}/cancel", Access::api_key,
             [&batches](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               const std::string id = id_param(ctx);
               auto job = co_await batches.cancel_job(ctx.caller.id, id);
               if (!job) co_return to_response(internal_error("could not cancel the job"));
               if (!*job) co_return to_response(not_found("Job '" + id + "' not found"));
               if ((*job)->state != JobState::cancelled) {
                 const ApiError e{409,
                                  "invalid_request_error",
                                  "job_not_cancellable",
                                  "The job already " + std::string(to_string((*job)->state)),
                                  {}};
                 co_return to_response(e);
               }
               HttpResponse r = json_response(200, job_object_text(**job));
               r.job_id = id;
               co_return r;
             });
}

}  // namespace genx3d::api
