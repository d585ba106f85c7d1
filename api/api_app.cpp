#include "api/api_app.hpp"

#include <spdlog/spdlog.h>

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

bool is_json_content_type(std::string_view ct) {
  auto semi = ct.find(';');
  std::string_view media = ct.substr(0, semi);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  std::string lower(media);
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  // JSON Lines (a batch's body) is JSON too, under any of its common names.
  if (lower == "application/x-ndjson" || lower == "application/jsonl" ||
      lower == "application/json-lines" || lower == "application/jsonlines") {
    return true;
  }
  return lower == "application/json" || (lower.starts_with("application/") && lower.ends_with("+json"));
}

}  // namespace

ApiApp::ApiApp(ApiServices services)
    : services_(std::move(services)),
      auth_(services_.store),
      cors_(services_.config.server.cors_allowed_origins) {
  add_system_routes(router_, services_);
  add_chat_routes(router_, services_);
  add_history_routes(router_, services_);
  add_model_routes(router_, services_);
  add_model_file_routes(router_, services_);
  if (services_.batches) add_batch_routes(router_, services_);
}

asio::awaitable<HttpResponse> ApiApp::handle(HttpRequest request) {
  // A preflight carries its own CORS headers; decorating it again would send each twice.
  if (cors_.is_preflight(request)) co_return cors_.preflight(request);
  HttpResponse response;
  try {
    response = co_await dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("{} {}: handler failed: {}", request.method, request.path, e.what());
    response = to_response(internal_error());
  }
  cors_.decorate(request, response);
  co_return response;
}

asio::awaitable<HttpResponse> ApiApp::dispatch(const HttpRequest& request) {
  auto match = router_.match(request.method, request.path);
  if (!match.route) {
    if (!match.allow.empty()) co_return to_response(method_not_allowed(match.allow));
    co_return to_response(not_found("No route for " + request.method + " " + request.path));
  }
  RequestContext ctx{request, std::move(match.params), {}};

  if (match.route->access == Access::api_key) {
    auto key = co_await auth_.authenticate(request);
    if (!key) co_return to_response(key.error());
    ctx.caller = std::move(*key);
    int limit = ctx.caller.rate_limit_per_minute.value_or(
        services_.config.server.default_rate_limit_per_minute);
    auto decision = limiter_.acquire(ctx.caller.id, limit);
    if (!decision.allowed) co_return to_response(rate_limited(decision.retry_after_seconds, limit));
  }

  const bool has_body_method =
      request.method == "POST" || request.method == "PUT" || request.method == "PATCH";
  if (has_body_method && !request.body.empty()) {
    auto ct = request.header("content-type");
    if (!ct || !is_json_content_type(*ct)) {
      co_return to_response(unsupported_media_type(ct ? std::string(*ct) : "(none)"));
    }
  }
  co_return co_await match.route->handler(ctx);
}

}  // namespace genx3d::api
