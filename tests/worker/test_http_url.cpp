#include "worker/http/url.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker::http;

TEST_CASE("endpoints: default ports, targets, IPv6", "[http_url]") {
  auto e = parse_endpoint("https://api.openai.com/v1/chat/completions");
  REQUIRE(e);
  CHECK(e->tls());
  CHECK(e->host == "api.openai.com");
  CHECK(e->port == 443);
  CHECK(e->target == "/v1/chat/completions");

  auto local = parse_endpoint("http://127.0.0.1:8080/v1/chat/completions?x=1");
  REQUIRE(local);
  CHECK_FALSE(local->tls());
  CHECK(local->port == 8080);
  CHECK(local->target == "/v1/chat/completions?x=1");

  auto v6 = parse_endpoint("http://[::1]:11434");
  REQUIRE(v6);
  CHECK(v6->host == "::1");
  CHECK(v6->target == "/");
  CHECK(v6->host_port() == "[::1]:11434");

  CHECK_FALSE(parse_endpoint("ftp://example.com/"));
  CHECK_FALSE(parse_endpoint("not a url"));
}

TEST_CASE("proxies: by scheme, with NO_PROXY exceptions", "[http_url]") {
  ProxyRules rules;
  rules.https_proxy = "http://user:pa%40ss@proxy.corp:3128";
  rules.http_proxy = "proxy.corp:3129";
  rules.no_proxy = {"localhost", "127.0.0.1", ".internal.example", "svc.example:8443"};

  auto p = rules.proxy_for(*parse_endpoint("https://api.openai.com/v1"));
  REQUIRE(p);
  CHECK(p->host == "proxy.corp");
  CHECK(p->port == 3128);
  CHECK(p->userinfo == "user:pa@ss");

  auto plain = rules.proxy_for(*parse_endpoint("http://example.org/"));
  REQUIRE(plain);  // a proxy given without scheme is plain HTTP
  CHECK(plain->port == 3129);

  CHECK_FALSE(rules.proxy_for(*parse_endpoint("http://127.0.0.1:8080/v1")));
  CHECK_FALSE(rules.proxy_for(*parse_endpoint("https://llm.internal.example/v1")));
  CHECK_FALSE(rules.proxy_for(*parse_endpoint("https://svc.example/v1")));
  CHECK(rules.proxy_for(*parse_endpoint("https://notinternal.example/v1")));

  rules.no_proxy = {"*"};
  CHECK_FALSE(rules.proxy_for(*parse_endpoint("https://api.openai.com/v1")));
}
