// A small asynchronous HTTP(S) client interface for the model providers. Beast and OpenSSL stay
// behind it (in worker/http/*.cpp), so the providers and their tests include only this header.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace genx3d::worker::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "POST";
  std::string url;  // http://host:port/path or https://…
  Headers headers;  // besides Host, Content-Length and User-Agent, which the client sets
  std::string body;
  std::chrono::milliseconds connect_timeout{10000};  // resolve + TCP + proxy CONNECT + TLS
  std::chrono::milliseconds timeout{60000};          // write the request and read the answer
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  // The first header called `name` (case-insensitive), or empty.
  std::string_view header(std::string_view name) const;
};

struct HttpError {
  enum class Kind {
    invalid_url,  // the URL cannot be used (bad scheme, no host)
    connect,      // name resolution, TCP connect or proxy CONNECT failed
    tls,          // TLS handshake or certificate verification failed
    timeout,      // a connect or request deadline passed
    closed,       // the peer dropped the connection before a complete answer
    protocol,     // the peer's bytes were not valid HTTP
    too_large,    // the answer exceeded the body limit
  };
  Kind kind;
  std::string message;
};

using HttpResult = boost::system::result<HttpResponse, HttpError>;

// Thread safety: send() may be called concurrently from coroutines on any thread.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual boost::asio::awaitable<HttpResult> send(HttpRequest request) = 0;
};

struct HttpClientOptions {
  std::size_t max_body_bytes = 8 << 20;   // larger answers fail with too_large
  std::size_t max_idle_per_host = 256;    // keep-alive connections kept per (scheme, host, port)
  std::chrono::seconds idle_timeout{30};  // pooled connections idle longer are not reused
  std::filesystem::path ca_file;          // extra trusted CAs (PEM), besides the system store
  bool use_env_proxy = true;              // honour HTTPS_PROXY / HTTP_PROXY / NO_PROXY
};

// The Beast + OpenSSL client: verifies certificates against the system store (SSL_CERT_FILE and
// SSL_CERT_DIR override it, as everywhere in OpenSSL), sends SNI, pools keep-alive connections,
// and tunnels HTTPS through an HTTPS_PROXY with CONNECT. No thread per call: every step is an
// Asio operation awaited by the caller's coroutine, on the caller's executor, whose io_context
// must run on one thread.
std::shared_ptr<HttpClient> make_http_client(HttpClientOptions options = {});

const char* to_string(HttpError::Kind kind);

}  // namespace genx3d::worker::http
