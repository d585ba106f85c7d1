#include "worker/http/route_cache.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker::http;

TEST_CASE("routes: a URL is parsed into origin, target and pool key once", "[route_cache]") {
  RouteCache cache(ProxyRules{});
  auto first = cache.route("http://127.0.0.1:8080/v1/chat/completions?x=1");
  REQUIRE(first);
  CHECK(first->target.host == "127.0.0.1");
  CHECK(first->target.port == 8080);
  CHECK(first->target.target == "/v1/chat/completions?x=1");
  CHECK_FALSE(first->proxy);
  CHECK(first->pool_key == "http://127.0.0.1:8080");

  auto again = cache.route("http://127.0.0.1:8080/v1/chat/completions?x=1");
  CHECK(again.get() == first.get());  // the same parsed route, not a new parse

  auto other = cache.route("https://api.openai.com/v1/chat/completions");
  REQUIRE(other);
  CHECK(other.get() != first.get());
  CHECK(other->pool_key == "https://api.openai.com:443");
}

TEST_CASE("routes: the proxy rules decide the proxy and join the pool key", "[route_cache]") {
  ProxyRules rules;
  rules.https_proxy = "http://proxy.corp:3128";
  rules.no_proxy = {"internal.example"};
  RouteCache cache(rules);

  auto proxied = cache.route("https://api.openai.com/v1/chat/completions");
  REQUIRE(proxied);
  REQUIRE(proxied->proxy);
  CHECK(proxied->proxy->host == "proxy.corp");
  CHECK(proxied->pool_key == "https://api.openai.com:443 via proxy.corp:3128");

  auto direct = cache.route("https://llm.internal.example/v1/messages");
  REQUIRE(direct);
  CHECK_FALSE(direct->proxy);
  CHECK(direct->pool_key == "https://llm.internal.example:443");
}

TEST_CASE("routes: a URL that is not http(s) with a host has none", "[route_cache]") {
  RouteCache cache(ProxyRules{});
  CHECK_FALSE(cache.route("ftp://example.com/"));
  CHECK_FALSE(cache.route("not a url"));
  CHECK(cache.route("http://example.com/"));  // a bad URL does not spoil the cache
}

TEST_CASE("routes: past the bound the cache starts over and still answers", "[route_cache]") {
  RouteCache cache(ProxyRules{});
  auto kept = cache.route("http://a.example/");
  for (int i = 0; i < 300; ++i) {
    auto r = cache.route("http://host" + std::to_string(i) + ".example/");
    REQUIRE(r);
    CHECK(r->target.host == "host" + std::to_string(i) + ".example");
  }
  CHECK(kept->target.host == "a.example");  // a route in use outlives the clear
  auto again = cache.route("http://a.example/");
  REQUIRE(again);
  CHECK(again.get() != kept.get());  // it was dropped and parsed anew
}
