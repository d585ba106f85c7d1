// The HTTP request and response as handlers see them: plain values, no Beast types, so handlers
// are pure functions that tests call without a socket.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

namespace genx3d::api {

struct HttpRequest {
  std::string method;   // "GET", "POST", …
  std::string target;   // as sent: path and query
  std::string path;     // decoded path, no query
  std::multimap<std::string, std::string> query;         // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers;  // names lowercased
  std::string body;
  std::string remote;   // peer address, for logs

  // First value of a header (name in lowercase), if present.
  std::optional<std::string_view> header(std::string_view lowercase_name) const;
  std::optional<std::string> query_param(const std::string& name) const;
};

// A body produced piece by piece and sent with chunked transfer encoding, so a large result
// never sits whole in memory. Each call gives the next piece; nullopt ends the body. An error
// aborts the response: the connection closes without the last chunk, so the client sees a
// truncated body, never a complete-looking one.
using BodyStream = std::function<
    boost::asio::awaitable<boost::system::result<std::optional<std::string>, std::string>>()>;

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string content_type = "application/json";
  std::string job_id;  // for the access log, when the request concerns a job
  BodyStream body_stream;  // when set, the body comes from it instead of `body`

  HttpResponse& with_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// A JSON response from already serialised JSON text.
HttpResponse json_response(int status, std::string json_text);

}  // namespace genx3d::api
