// How a provider's answer or a transport failure becomes a ProviderError: which failures are
// worth a retry (429, 5xx, timeouts, dropped connections), which are final (400, 401, 403), and
// a message that names the provider and quotes its complaint, so that a bad provider key can
// never be mistaken for a bad genx3d key.
#pragma once

#include "worker/http/http_client.hpp"
#include "worker/provider.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace genx3d::worker {

// Error codes a job can fail with (JobError type "provider_error").
inline constexpr std::string_view kProviderAuthFailed = "provider_auth_failed";   // 401, 403
inline constexpr std::string_view kProviderRejected = "provider_rejected";        // other 4xx
inline constexpr std::string_view kProviderUnavailable = "provider_unavailable";  // 429, 5xx, I/O
inline constexpr std::string_view kProviderTimeout = "provider_timeout";
inline constexpr std::string_view kProviderBadResponse = "provider_bad_response";  // unreadable

// A non-2xx answer from `provider`. `now` dates an HTTP-date Retry-After.
ProviderError error_from_status(
    std::string_view provider, const http::HttpResponse& response,
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

// A failure below HTTP (connect, TLS, timeout, dropped connection, malformed HTTP).
ProviderError error_from_transport(std::string_view provider, const http::HttpError& error);

// A 2xx answer whose body cannot be read as the wire protocol says.
ProviderError error_from_bad_body(std::string_view provider, std::string_view why);

// Retry-After: delta seconds or an HTTP-date; nullopt when absent or unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// The provider's own words: error.message of an OpenAI- or Anthropic-style error body, else the
// start of the body.
std::string provider_complaint(std::string_view body);

}  // namespace genx3d::worker
