#include "cli/api_client.hpp"

#include <boost/asio/co_spawn.hpp>

#include <optional>

namespace genx3d::cli {
namespace asio = boost::asio;
namespace http = worker::http;

namespace {

// Results of a 10,000-request batch are tens of MB; the CLI writes them straight to a file.
constexpr std::size_t kMaxReplyBytes = 512u << 20;

}  // namespace

ApiClient::ApiClient(std::string base_url, std::string api_key)
    : base_url_(std::move(base_url)), api_key_(std::move(api_key)) {
  while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
  http::HttpClientOptions options;
  options.max_body_bytes = kMaxReplyBytes;
  http_ = http::make_http_client(options);
}

ApiReply ApiClient::get(const std::string& path) {
  http::HttpRequest r;
  r.method = "GET";
  r.url = base_url_ + path;
  return send(std::move(r));
}

ApiReply ApiClient::post(const std::string& path, std::string body, std::string content_type,
                         http::Headers extra) {
  http::HttpRequest r;
  r.method = "POST";
  r.url = base_url_ + path;
  r.body = std::move(body);
  r.headers = std::move(extra);
  r.headers.emplace_back("Content-Type", std::move(content_type));
  return send(std::move(r));
}

ApiReply ApiClient::send(http::HttpRequest request) {
  request.headers.emplace_back("Authorization", "Bearer " + api_key_);
  request.headers.emplace_back("Accept", "application/json");
  request.timeout = std::chrono::seconds(180);  // a sync chat may take up to server.sync_wait
  std::optional<http::HttpResult> result;
  asio::co_spawn(
      ioc_, http_->send(std::move(request)), [&result](std::exception_ptr e, http::HttpResult r) {
        if (e) {
          result =
              http::HttpResult(http::HttpError{http::HttpError::Kind::closed, "request failed"});
        } else {
          result = std::move(r);
        }
      });
  ioc_.restart();
  ioc_.run();
  ApiReply reply;
  if (!result || !*result) {
    reply.error = result ? std::string(result->error().message) : "no answer";
    return reply;
  }
  reply.status = (*result)->status;
  reply.body = std::move((*result)->body);
  reply.json = nlohmann::json::parse(reply.body, nullptr, false);
  if (!reply.ok()) {
    if (reply.json.is_object() && reply.json.contains("error")) {
      reply.error = reply.json["error"].value("message", "error") + " (" +
                    reply.json["error"].value("code", "") + ")";
    } else {
      reply.error = "HTTP " + std::to_string(reply.status);
    }
  }
  return reply;
}

}  // namespace genx3d::cli
