// The Beast + OpenSSL implementation of HttpClient (see http_client.hpp).
#include "worker/http/connection.hpp"
#include "worker/http/connection_pool.hpp"
#include "worker/http/http_client.hpp"
#include "worker/http/route_cache.hpp"

#include <cstdint>

#include <boost/asio/execution/context.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/beast/http/verb.hpp>
#include <openssl/ssl.h>

namespace genx3d::worker::http {
namespace asio = boost::asio;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;

namespace {

constexpr const char* kUserAgent = "genx3d/0.1";

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Thread safety: the SSL context is configured once in the constructor and only read after; the
// pool locks itself; the proxy rules are immutable.
class BeastHttpClient final : public HttpClient {
 public:
  explicit BeastHttpClient(HttpClientOptions options)
      : options_(std::move(options)),
        tls_(ssl::context::tls_client),
        pool_(options_.max_idle_per_host, options_.idle_timeout),
        routes_(options_.use_env_proxy ? ProxyRules::from_environment() : ProxyRules{}) {
    // The system store (or SSL_CERT_FILE / SSL_CERT_DIR, which OpenSSL reads here).
    tls_.set_default_verify_paths();
    if (!options_.ca_file.empty()) tls_.load_verify_file(options_.ca_file.string());
    tls_.set_verify_mode(ssl::verify_peer);
    SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
  }

  asio::awaitable<HttpResult> send(HttpRequest request) override {
    using Kind = HttpError::Kind;
    const std::shared_ptr<const Route> route = routes_.route(request.url);
    if (!route) co_return HttpError{Kind::invalid_url, "cannot use URL " + request.url};
    const Endpoint& target = route->target;
    const std::optional<Endpoint>& proxy = route->proxy;

    BeastRequest req;
    const bhttp::verb verb = bhttp::string_to_verb(request.method);
    if (verb == bhttp::verb::unknown) {
      co_return HttpError{Kind::invalid_url, "unknown method " + request.method};
    }
    req.method(verb);
    // Plain HTTP through a proxy uses the absolute form; a CONNECT tunnel the origin form.
    const bool absolute = proxy && !target.tls();
    req.target(absolute ? request.url : target.target);
    req.version(11);
    const bool default_port = target.port == (target.tls() ? 443 : 80);
    req.set(bhttp::field::host, default_port ? target.host : target.host_port());
    req.set(bhttp::field::user_agent, kUserAgent);
    for (auto& [name, value] : request.headers) req.set(name, value);
    req.body() = std::move(request.body);
    req.keep_alive(true);
    req.prepare_payload();

    // A connection is opened on the caller's io_context and only reused there: its I/O then
    // completes on the thread that awaits it, with no hop between threads.
    const asio::any_io_executor executor = co_await asio::this_coro::executor;
    auto& context = asio::query(executor, asio::execution::context);
    std::string key = route->pool_key;
    key += " on " + std::to_string(reinterpret_cast<std::uintptr_t>(&context));

    // A pooled connection may have been closed by the server while idle; if it fails before a
    // single byte of answer, the request is sent once more on a fresh connection.
    for (int round = 0;; ++round) {
      std::unique_ptr<Connection> conn = pool_.take(key);
      const bool reused = conn != nullptr;
      if (!conn) {
        auto opened =
            co_await Connection::open(executor, tls_, target, proxy, request.connect_timeout);
        if (!opened) co_return opened.error();
        conn = std::move(*opened);
      }
      Exchange ex = co_await conn->exchange(req, request.timeout, options_.max_body_bytes);
      if (ex.result) {
        if (conn->reusable()) pool_.put(key, std::move(conn));
        co_return std::move(ex.result);
      }
      if (reused && ex.nothing_received && round == 0) continue;
      co_return ex.result.error();
    }
  }

 private:
  HttpClientOptions options_;
  ssl::context tls_;
  ConnectionPool pool_;
  RouteCache routes_;
};

}  // namespace

std::string_view HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

const char* to_string(HttpError::Kind kind) {
  switch (kind) {
    case HttpError::Kind::invalid_url:
      return "invalid_url";
    case HttpError::Kind::connect:
      return "connect";
    case HttpError::Kind::tls:
      return "tls";
    case HttpError::Kind::timeout:
      return "timeout";
    case HttpError::Kind::closed:
      return "closed";
    case HttpError::Kind::protocol:
      return "protocol";
    case HttpError::Kind::too_large:
      return "too_large";
  }
  return "unknown";
}

std::shared_ptr<HttpClient> make_http_client(HttpClientOptions options) {
  return std::make_shared<BeastHttpClient>(std::move(options));
}

}  // namespace genx3d::worker::http
