#include "worker/http/url.hpp"

#include <boost/url/parse.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace genx3d::worker::http {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string env(const char* lower_name, const char* upper_name) {
  if (const char* v = std::getenv(lower_name); v && *v) return v;
  if (const char* v = std::getenv(upper_name); v && *v) return v;
  return {};
}

}  // namespace

std::string Endpoint::host_port() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<Endpoint> parse_endpoint(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  if (!parsed) return std::nullopt;
  Endpoint e;
  e.scheme = lower(parsed->scheme());
  if (e.scheme != "http" && e.scheme != "https") return std::nullopt;
  e.host = parsed->encoded_host_address().decode();
  if (e.host.size() >= 2 && e.host.front() == '[') e.host = e.host.substr(1, e.host.size() - 2);
  if (e.host.empty()) return std::nullopt;
  if (parsed->has_port()) {
    if (parsed->port_number() == 0) return std::nullopt;
    e.port = parsed->port_number();
  } else {
    e.port = e.tls() ? 443 : 80;
  }
  e.target = std::string(parsed->encoded_path());
  if (e.target.empty()) e.target = "/";
  if (parsed->has_query()) e.target += "?" + std::string(parsed->encoded_query());
  if (parsed->has_userinfo()) e.userinfo = parsed->encoded_userinfo().decode();
  return e;
}

ProxyRules ProxyRules::from_environment() {
  ProxyRules r;
  r.https_proxy = env("https_proxy", "HTTPS_PROXY");
  r.http_proxy = env("http_proxy", "HTTP_PROXY");
  std::string list = env("no_proxy", "NO_PROXY");
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = lower(list.substr(start, end - start));
    item.erase(
        std::remove_if(item.begin(), item.end(), [](unsigned char c) { return std::isspace(c); }),
        item.end());
    if (!item.empty()) r.no_proxy.push_back(item);
    start = end + 1;
  }
  return r;
}

bool ProxyRules::bypass(std::string_view host_in) const {
  const std::string host = lower(host_in);
  for (std::string rule : no_proxy) {
    if (rule == "*") return true;
    // "host:port" entries match the host on any port (one colon: not an IPv6 address).
    if (std::count(rule.begin(), rule.end(), ':') == 1) rule.resize(rule.find(':'));
    if (!rule.empty() && rule.front() == '.') rule.erase(0, 1);
    if (host == rule) return true;
    if (host.size() > rule.size() && host.ends_with(rule) &&
        host[host.size() - rule.size() - 1] == '.') {
      return true;
    }
  }
  return false;
}

std::optional<Endpoint> ProxyRules::proxy_for(const Endpoint& target) const {
  const std::string& url = target.tls() ? https_proxy : http_proxy;
  if (url.empty() || bypass(target.host)) return std::nullopt;
  // A proxy given without scheme ("proxy:3128") is plain HTTP, as curl assumes.
  auto proxy = parse_endpoint(url.find("://") == std::string::npos ? "http://" + url : url);
  if (!proxy) return std::nullopt;
  return proxy;
}

}  // namespace genx3d::worker::http
