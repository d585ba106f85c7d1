// A Provider reached over HTTP: the wire protocol (OpenAI chat completions, Anthropic messages)
// is a pure strategy; this class adds what every remote call needs — the provider-side model
// name, client-side limits (calls at once, calls per minute), retries with backoff and jitter
// that honour Retry-After, and errors that name the provider.
#pragma once

#include "common/backoff.hpp"
#include "worker/http/http_client.hpp"
#include "worker/provider.hpp"
#include "worker/providers/call_limits.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace genx3d::worker {

struct RemoteSettings {
  std::string name;      // as in the providers file ("openai", "openrouter", …); in messages
  std::string base_url;  // e.g. https://api.openai.com/v1 (no trailing slash needed)
  std::string api_key;   // empty: sent without a key (local servers)
  std::chrono::milliseconds connect_timeout{10000};  // per attempt: connect + TLS
  std::chrono::milliseconds timeout{120000};         // per attempt: send + whole answer
  int max_concurrent = 64;      // calls in flight at once; more wait their turn
  int requests_per_minute = 0;  // calls started per minute; 0 = no limit
  int max_attempts = 3;         // attempts per call, the first included
  BackoffPolicy backoff{std::chrono::milliseconds(500), std::chrono::milliseconds(20000), 2.0};
  int max_tokens = 4096;                        // answer budget (Anthropic requires one)
  std::map<std::string, std::string> upstream;  // catalog model -> provider's model name
  http::Headers extra_headers;                  // e.g. OpenRouter's HTTP-Referer
  std::string upstream_model(const std::string& model) const;
};

// What a wire protocol reads from a successful answer.
struct ParsedAnswer {
  std::string text;
  std::int64_t tokens_used = 0;  // 0: the provider reported none
};

// A parsed answer, or why the body cannot be read.
using ParseResult = boost::system::result<ParsedAnswer, std::string>;
inline ParseResult parse_failure(std::string why) {
  return ParseResult(boost::system::in_place_error, std::move(why));
}

// Thread safety: implementations are stateless.
class WireProtocol {
 public:
  virtual ~WireProtocol() = default;
  virtual http::HttpRequest build(const CompletionRequest& request,
                                  const RemoteSettings& settings) const = 0;
  // A 2xx body; the error is why it cannot be read.
  virtual ParseResult parse(std::string_view body) const = 0;
};

// Thread safety: complete() may run concurrently from many coroutines on many threads.
class RemoteProvider final : public Provider {
 public:
  // `uniform01` feeds the backoff jitter (tests pass a constant so delays are known).
  RemoteProvider(boost::asio::any_io_executor executor, RemoteSettings settings,
                 std::unique_ptr<WireProtocol> protocol, std::shared_ptr<http::HttpClient> client,
                 std::function<double()> uniform01 = {});

  boost::asio::awaitable<CompletionResult> complete(CompletionRequest request) override;
  const RemoteSettings& settings() const { return settings_; }

 private:
  boost::asio::awaitable<CompletionResult> attempt(const http::HttpRequest& request,
                                                   const std::string& model);

  RemoteSettings settings_;
  std::unique_ptr<WireProtocol> protocol_;
  std::shared_ptr<http::HttpClient> client_;
  std::function<double()> uniform01_;
  CallSlots slots_;
  RpmLimiter rpm_;
};

// The new user message as sent to a model: the context model's code (when the chat names one)
// in a fenced block, then the message itself.
std::string user_content(const CompletionRequest& request);

// base_url + path, without a doubled slash.
std::string join_url(std::string_view base_url, std::string_view path);

}  // namespace genx3d::worker
