// Splitting an http(s) URL into what a connection needs, and the proxy rules of the environment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker::http {

struct Endpoint {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6
  std::uint16_t port = 0;
  std::string target;    // path and query, at least "/"
  std::string userinfo;  // "user:pass" (proxies only), percent-decoded

  bool tls() const { return scheme == "https"; }
  std::string host_port() const;  // "host:port", IPv6 in brackets
};

// nullopt when the URL is not http(s) with a host.
std::optional<Endpoint> parse_endpoint(std::string_view url);

// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case, lower case first as curl does). Written by
// hand because neither Asio nor Beast knows about proxies; the rules follow curl's, which is what
// people who set these variables expect.
struct ProxyRules {
  std::string https_proxy;
  std::string http_proxy;
  std::vector<std::string> no_proxy;  // host suffixes, "*" for all

  static ProxyRules from_environment();
  // The proxy to use for `target`, or nullopt for a direct connection.
  std::optional<Endpoint> proxy_for(const Endpoint& target) const;
  bool bypass(std::string_view host) const;
};

}  // namespace genx3d::worker::http
