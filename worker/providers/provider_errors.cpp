#include "worker/providers/provider_errors.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <ctime>

namespace genx3d::worker {
namespace {

constexpr std::size_t kMaxComplaint = 300;

// Cuts at a UTF-8 character boundary: the message ends up in JSON, which must stay valid.
std::string cap(std::string s) {
  if (s.size() <= kMaxComplaint) return s;
  std::size_t n = kMaxComplaint;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s + "...";
}

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view value) {
  std::tm tm{};
  std::string s(value);
  // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
  if (!strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

}  // namespace

std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  double seconds = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec == std::errc{} && end == value.data() + value.size()) {
    if (seconds < 0) return std::nullopt;
    return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
  }
  auto when = parse_http_date(value);
  if (!when) return std::nullopt;
  auto delta = std::chrono::duration_cast<std::chrono::milliseconds>(*when - now);
  return delta.count() > 0 ? delta : std::chrono::milliseconds(0);
}

std::string provider_complaint(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_discarded() && j.is_object()) {
    auto err = j.find("error");
    if (err != j.end()) {
      if (err->is_object() && err->contains("message") && (*err)["message"].is_string()) {
        return cap((*err)["message"].get<std::string>());
      }
      if (err->is_string()) return cap(err->get<std::string>());
    }
    if (j.contains("message") && j["message"].is_string()) {
      return cap(j["message"].get<std::string>());
    }
  }
  // Not JSON (an HTML error page, a proxy's text): keep printable ASCII only, so the message
  // stays valid UTF-8 whatever the bytes were.
  std::string text(body.substr(0, kMaxComplaint));
  for (auto& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) c = ' ';
  }
  return text.empty() ? "no details" : cap(std::move(text));
}

ProviderError error_from_status(std::string_view provider, const http::HttpResponse& response,
                                std::chrono::system_clock::time_point now) {
  const int status = response.status;
  const std::string who(provider);
  const std::string said =
      " (" + std::to_string(status) + "): " + provider_complaint(response.body);
  ProviderError e;
  if (status == 401 || status == 403) {
    e.code = kProviderAuthFailed;
    e.message =
        who + " rejected the request" + said + " — check the provider key configured for " + who;
  } else if (status == 429) {
    e.code = kProviderUnavailable;
    e.message = who + " is rate limiting" + said;
    e.retryable = true;
  } else if (status == 408 || status >= 500) {
    e.code = kProviderUnavailable;
    e.message = who + " is unavailable" + said;
    e.retryable = true;
  } else {
    e.code = kProviderRejected;
    e.message = who + " rejected the request" + said;
  }
  if (e.retryable) e.retry_after = parse_retry_after(response.header("Retry-After"), now);
  return e;
}

ProviderError error_from_transport(std::string_view provider, const http::HttpError& error) {
  using Kind = http::HttpError::Kind;
  const std::string who(provider);
  switch (error.kind) {
    case Kind::timeout:
      return {std::string(kProviderTimeout), who + " did not answer in time: " + error.message,
              true, std::nullopt};
    case Kind::closed:
    case Kind::connect:
    case Kind::protocol:
      return {std::string(kProviderUnavailable), who + " is unreachable: " + error.message, true,
              std::nullopt};
    case Kind::tls:  // a certificate that fails verification will not pass on a retry
    case Kind::invalid_url:
      return {std::string(kProviderUnavailable), who + " cannot be used: " + error.message, false,
              std::nullopt};
    case Kind::too_large:
      return {std::string(kProviderBadResponse), who + " sent too large an answer", false,
              std::nullopt};
  }
  return {std::string(kProviderUnavailable), who + ": " + error.message, true, std::nullopt};
}

ProviderError error_from_bad_body(std::string_view provider, std::string_view why) {
  return {std::string(kProviderBadResponse),
          std::string(provider) + " sent an answer genx3d cannot read: " + std::string(why), true,
          std::nullopt};
}

}  // namespace genx3d::worker
