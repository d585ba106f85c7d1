// The retry policy of remote providers, against a scripted HTTP client: no socket, and no test
// sleeps for real backoff (the jitter source returns 0 and delays are a few milliseconds).
#include "support/run_coro.hpp"
#include "worker/providers/openai_provider.hpp"
#include "worker/providers/remote_provider.hpp"

#include <catch2/catch.hpp>

#include <deque>
#include <mutex>

using namespace genx3d;
using namespace genx3d::worker;
using genx3d::test::run_coro;

namespace {

// Answers each send() with the next scripted result; counts the calls.
class ScriptedClient final : public http::HttpClient {
 public:
  explicit ScriptedClient(std::deque<http::HttpResult> script) : script_(std::move(script)) {}
  boost::asio::awaitable<http::HttpResult> send(http::HttpRequest request) override {
    std::lock_guard lock(mutex_);
    sent_.push_back(std::move(request));
    if (script_.empty()) co_return http::HttpError{http::HttpError::Kind::closed, "script done"};
    auto r = std::move(script_.front());
    script_.pop_front();
    co_return r;
  }
  std::size_t calls() const { return sent_.size(); }
  const std::vector<http::HttpRequest>& sent() const { return sent_; }

 private:
  std::mutex mutex_;
  std::deque<http::HttpResult> script_;
  std::vector<http::HttpRequest> sent_;
};

http::HttpResult status(int code, std::string retry_after = {}) {
  http::HttpResponse r;
  r.status = code;
  r.body = R"({"error": {"message": "status )" + std::to_string(code) + R"("}})";
  if (!retry_after.empty()) r.headers.emplace_back("Retry-After", retry_after);
  return r;
}

http::HttpResult ok() {
  http::HttpResponse r;
  r.status = 200;
  r.body = R"({"choices": [{"message": {"content": "done"}}], "usage": {"total_tokens": 9}})";
  return r;
}

struct Fixture {
  boost::asio::io_context ioc;
  std::shared_ptr<ScriptedClient> client;
  std::unique_ptr<RemoteProvider> provider;

  explicit Fixture(std::deque<http::HttpResult> script, int max_attempts = 3) {
    client = std::make_shared<ScriptedClient>(std::move(script));
    RemoteSettings s;
    s.name = "openai";
    s.base_url = "http://127.0.0.1:1/v1";
    s.max_attempts = max_attempts;
    s.backoff = {std::chrono::milliseconds(1), std::chrono::milliseconds(4), 2.0};
    provider = std::make_unique<RemoteProvider>(
        ioc.get_executor(), s, std::make_unique<OpenAiProtocol>(), client, [] { return 0.0; });
  }
  CompletionResult run() {
    CompletionRequest r;
    r.model = "gpt-4o";
    r.user_message = "a cube";
    return run_coro(ioc, provider->complete(r));
  }
};

}  // namespace

TEST_CASE("a 503 is retried and the next answer wins", "[remote_provider]") {
  Fixture f({status(503), ok()});
  auto r = f.run();
  REQUIRE(r.has_value());
  CHECK(r->text == "done");
  CHECK(r->model == "gpt-4o");
  CHECK(r->tokens_used == 9);
  CHECK(f.client->calls() == 2);
}

TEST_CASE("429, timeouts and dropped connections are retried", "[remote_provider]") {
  using Kind = http::HttpError::Kind;
  Fixture f({status(429, "0.01"), http::HttpError{Kind::timeout, "t"},
             http::HttpError{Kind::closed, "c"}, ok()},
            4);
  auto started = std::chrono::steady_clock::now();
  auto r = f.run();
  REQUIRE(r.has_value());
  CHECK(f.client->calls() == 4);
  // Retry-After 10 ms beats the zero jitter; the policy caps it at 6 x max (24 ms).
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(10));
}

TEST_CASE("401 is never retried", "[remote_provider]") {
  Fixture f({status(401), ok()});
  auto r = f.run();
  REQUIRE(r.has_error());
  CHECK(r.error().code == "provider_auth_failed");
  CHECK(f.client->calls() == 1);
}

TEST_CASE("exhausted retries fail, not retryable again, saying how many", "[remote_provider]") {
  Fixture f({status(503), status(503), status(503), ok()});
  auto r = f.run();
  REQUIRE(r.has_error());
  CHECK(r.error().code == "provider_unavailable");
  CHECK_FALSE(r.error().retryable);  // the job itself is not tried again
  CHECK_THAT(r.error().message, Catch::EndsWith("(gave up after 3 attempts)"));
  CHECK(f.client->calls() == 3);
}

TEST_CASE("a malformed body is retried like a glitch", "[remote_provider]") {
  http::HttpResponse broken;
  broken.status = 200;
  broken.body = R"({"choices": [)";
  Fixture f({broken, ok()});
  REQUIRE(f.run().has_value());
  CHECK(f.client->calls() == 2);
}

TEST_CASE("every attempt sends the same request", "[remote_provider]") {
  Fixture f({status(500), ok()});
  REQUIRE(f.run().has_value());
  REQUIRE(f.client->sent().size() == 2);
  CHECK(f.client->sent()[0].body == f.client->sent()[1].body);
  CHECK(f.client->sent()[0].url == "http://127.0.0.1:1/v1/chat/completions");
}
