#include "worker/providers/remote_provider.hpp"

#include "worker/providers/builtin_provider.hpp"
#include "worker/providers/provider_errors.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

namespace genx3d::worker {
namespace asio = boost::asio;

std::string RemoteSettings::upstream_model(const std::string& model) const {
  auto it = upstream.find(model);
  return it == upstream.end() ? model : it->second;
}

std::string user_content(const CompletionRequest& request) {
  if (!request.context_code) return request.user_message;
  return "The current design, which my request refers to:\n```javascript\n" +
         *request.context_code + "\n```\n\n" + request.user_message;
}

std::string join_url(std::string_view base_url, std::string_view path) {
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url) + std::string(path);
}

RemoteProvider::RemoteProvider(asio::any_io_executor executor, RemoteSettings settings,
                               std::unique_ptr<WireProtocol> protocol,
                               std::shared_ptr<http::HttpClient> client,
                               std::function<double()> uniform01)
    : settings_(std::move(settings)),
      protocol_(std::move(protocol)),
      client_(std::move(client)),
      uniform01_(std::move(uniform01)),
      slots_(std::move(executor), settings_.max_concurrent),
      rpm_(settings_.requests_per_minute) {}

namespace {

asio::awaitable<void> sleep_for(std::chrono::steady_clock::duration d) {
  if (d <= std::chrono::steady_clock::duration::zero()) co_return;
  asio::steady_timer timer(co_await asio::this_coro::executor, d);
  co_await timer.async_wait(asio::use_awaitable);
}

}  // namespace

asio::awaitable<CompletionResult> RemoteProvider::attempt(const http::HttpRequest& request,
                                                          const std::string& model) {
  // The slot covers the HTTP call only, not the backoff sleep: a waiting retry holds nothing.
  CallSlots::Held slot = co_await slots_.hold();
  co_await sleep_for(rpm_.reserve(std::chrono::steady_clock::now()));
  http::HttpResult r = co_await client_->send(request);
  if (!r) co_return error_from_transport(settings_.name, r.error());
  if (r->status / 100 != 2) co_return error_from_status(settings_.name, *r);
  auto parsed = protocol_->parse(r->body);
  if (!parsed) co_return error_from_bad_body(settings_.name, parsed.error());
  std::int64_t tokens = parsed->tokens_used;
  if (tokens <= 0) tokens = estimate_tokens(request.body.size() + parsed->text.size());
  co_return Completion{std::move(parsed->text), model, tokens};
}

asio::awaitable<CompletionResult> RemoteProvider::complete(CompletionRequest request) {
  const http::HttpRequest http_request = protocol_->build(request, settings_);
  Backoff backoff(settings_.backoff, uniform01_);
  const int max_attempts = std::max(1, settings_.max_attempts);
  for (int n = 1;; ++n) {
    CompletionResult r = co_await attempt(http_request, request.model);
    if (r) co_return r;
    ProviderError e = r.error();
    switch (classify(e.retryable, n, max_attempts)) {
      case FailureClass::permanent:
        co_return e;
      case FailureClass::exhausted:
        // The retries happened here; another job-level attempt would only multiply them.
        e.retryable = false;
        if (max_attempts > 1) e.message += " (gave up after " + std::to_string(n) + " attempts)";
        co_return e;
      case FailureClass::retryable: {
        auto delay = backoff.next_delay(e.retry_after);
        spdlog::info("{} attempt {}/{} for {} failed ({}); retrying in {} ms", settings_.name, n,
                     max_attempts, request.model, e.message, delay.count());
        co_await sleep_for(delay);
        break;
      }
    }
  }
}

}  // namespace genx3d::worker
