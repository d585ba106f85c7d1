#include "worker/providers/provider_errors.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker;
using std::chrono::milliseconds;

namespace {

http::HttpResponse answer(int status, std::string body, std::string retry_after = {}) {
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  if (!retry_after.empty()) r.headers.emplace_back("retry-after", retry_after);
  return r;
}

const char* kOpenAi401 =
    R"({"error": {"message": "Incorrect API key provided: sk-abc***", "type":
       "invalid_request_error", "code": "invalid_api_key"}})";

}  // namespace

TEST_CASE("401 and 403 fail at once and quote the provider", "[provider_errors]") {
  ProviderError e = error_from_status("openai", answer(401, kOpenAi401));
  CHECK(e.code == "provider_auth_failed");
  CHECK_FALSE(e.retryable);
  CHECK_THAT(e.message,
             Catch::StartsWith("openai rejected the request (401): Incorrect API key provided"));
  CHECK(error_from_status("openai", answer(403, "{}")).code == "provider_auth_failed");
}

TEST_CASE("other 4xx are rejections, not retried", "[provider_errors]") {
  ProviderError e = error_from_status(
      "anthropic", answer(400, R"({"type": "error", "error": {"type": "invalid_request_error",
                                   "message": "max_tokens: field required"}})"));
  CHECK(e.code == "provider_rejected");
  CHECK_FALSE(e.retryable);
  CHECK(e.message == "anthropic rejected the request (400): max_tokens: field required");
}

TEST_CASE("429 and 5xx are retried, with the server's Retry-After", "[provider_errors]") {
  ProviderError limited = error_from_status("openai", answer(429, "{}", "2"));
  CHECK(limited.retryable);
  CHECK(limited.code == "provider_unavailable");
  CHECK(limited.retry_after == milliseconds(2000));

  for (int status : {500, 502, 503, 504, 529}) {
    ProviderError e = error_from_status("openai", answer(status, "<html>oops</html>"));
    CHECK(e.retryable);
    CHECK(e.code == "provider_unavailable");
    CHECK_FALSE(e.retry_after);
  }
}

TEST_CASE("Retry-After as seconds or as an HTTP date", "[provider_errors]") {
  auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37 GMT
  CHECK(parse_retry_after("120", now) == milliseconds(120000));
  CHECK(parse_retry_after("0.5", now) == milliseconds(500));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now) == milliseconds(10000));
  CHECK(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now) == milliseconds(0));
  CHECK_FALSE(parse_retry_after("soon", now));
  CHECK_FALSE(parse_retry_after("", now));
  CHECK_FALSE(parse_retry_after("-3", now));
}

TEST_CASE("transport failures: timeouts and drops retried, bad certificates not",
          "[provider_errors]") {
  using Kind = http::HttpError::Kind;
  ProviderError timeout = error_from_transport("openai", {Kind::timeout, "reading: timed out"});
  CHECK(timeout.code == "provider_timeout");
  CHECK(timeout.retryable);
  CHECK(error_from_transport("openai", {Kind::closed, "eof"}).retryable);
  CHECK(error_from_transport("openai", {Kind::connect, "refused"}).retryable);
  ProviderError tls = error_from_transport("openai", {Kind::tls, "certificate verify failed"});
  CHECK_FALSE(tls.retryable);
  CHECK_THAT(tls.message, Catch::Contains("certificate verify failed"));
}

TEST_CASE("a complaint that is not JSON stays printable and short", "[provider_errors]") {
  std::string body = "<html>\n" + std::string(1000, 'x') + "\xff</html>";
  std::string c = provider_complaint(body);
  CHECK(c.size() <= 303);
  CHECK(c.find('\n') == std::string::npos);
  CHECK(c.find('\xff') == std::string::npos);
}
