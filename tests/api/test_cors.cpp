#include "api/cors.hpp"

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using namespace genx3d::api;

namespace {

HttpRequest request(std::string method, std::optional<std::string> origin,
                    bool asks_method = false) {
  HttpRequest r;
  r.method = std::move(method);
  r.path = "/api/v1/chat";
  r.target = r.path;
  if (origin) r.headers.emplace_back("origin", *origin);
  if (asks_method) {
    r.headers.emplace_back("access-control-request-method", "POST");
    r.headers.emplace_back("access-control-request-headers", "authorization, content-type");
  }
  return r;
}

std::optional<std::string> header(const HttpResponse& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

int count(const HttpResponse& r, const std::string& name) {
  int n = 0;
  for (const auto& [k, v] : r.headers) n += k == name ? 1 : 0;
  return n;
}

}  // namespace

TEST_CASE("a preflight is an OPTIONS with Origin and Access-Control-Request-Method", "[cors]") {
  CorsPolicy cors({"http://app.test"});
  CHECK(cors.is_preflight(request("OPTIONS", "http://app.test", true)));
  CHECK(cors.is_preflight(request("OPTIONS", "http://elsewhere.test", true)));
  CHECK_FALSE(cors.is_preflight(request("OPTIONS", "http://app.test", false)));
  CHECK_FALSE(cors.is_preflight(request("OPTIONS", std::nullopt, true)));
  CHECK_FALSE(cors.is_preflight(request("POST", "http://app.test", true)));
}

TEST_CASE("a preflight from an allowed origin gets 204 and the CORS headers", "[cors]") {
  CorsPolicy cors({"http://app.test"});
  HttpResponse r = cors.preflight(request("OPTIONS", "http://app.test", true));
  CHECK(r.status == 204);
  CHECK(r.body.empty());
  CHECK(r.content_type.empty());
  CHECK(header(r, "Access-Control-Allow-Origin") == std::optional<std::string>("http://app.test"));
  CHECK(header(r, "Vary") == std::optional<std::string>("Origin"));
  auto methods = header(r, "Access-Control-Allow-Methods");
  REQUIRE(methods);
  for (const char* m : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    CHECK_THAT(*methods, Catch::Matchers::Contains(m));
  }
  auto allowed_headers = header(r, "Access-Control-Allow-Headers");
  REQUIRE(allowed_headers);
  for (const char* h : {"Authorization", "Content-Type", "Prefer", "Idempotency-Key"}) {
    CHECK_THAT(*allowed_headers, Catch::Matchers::Contains(h));
  }
  auto max_age = header(r, "Access-Control-Max-Age");
  REQUIRE(max_age);
  CHECK(std::stoi(*max_age) > 0);
  CHECK(count(r, "Access-Control-Allow-Origin") == 1);
}

TEST_CASE("a preflight from another origin gets 204 without CORS headers", "[cors]") {
  CorsPolicy cors({"http://app.test"});
  HttpResponse r = cors.preflight(request("OPTIONS", "http://evil.test", true));
  CHECK(r.status == 204);
  CHECK(r.headers.empty());
}

TEST_CASE("no origins are allowed by default", "[cors]") {
  CorsPolicy cors({});
  HttpResponse r = cors.preflight(request("OPTIONS", "http://app.test", true));
  CHECK(r.status == 204);
  CHECK(r.headers.empty());
  HttpResponse plain;
  cors.decorate(request("GET", "http://app.test"), plain);
  CHECK(plain.headers.empty());
}

TEST_CASE("\"*\" allows any origin and echoes it back", "[cors]") {
  CorsPolicy cors({"*"});
  HttpResponse r = cors.preflight(request("OPTIONS", "http://anything.test", true));
  CHECK(header(r, "Access-Control-Allow-Origin") ==
        std::optional<std::string>("http://anything.test"));
  CHECK(header(r, "Access-Control-Allow-Methods").has_value());
}

TEST_CASE("decorate adds the origin headers only for an allowed Origin", "[cors]") {
  CorsPolicy cors({"http://a.test", "http://b.test"});
  HttpResponse ok;
  ok.status = 200;
  ok.with_header("Location", "/api/v1/jobs/chat_1");
  cors.decorate(request("POST", "http://b.test"), ok);
  CHECK(header(ok, "Access-Control-Allow-Origin") == std::optional<std::string>("http://b.test"));
  CHECK(header(ok, "Vary") == std::optional<std::string>("Origin"));
  auto exposed = header(ok, "Access-Control-Expose-Headers");
  REQUIRE(exposed);
  CHECK_THAT(*exposed, Catch::Matchers::Contains("Location"));
  CHECK_THAT(*exposed, Catch::Matchers::Contains("Retry-After"));
  CHECK(header(ok, "Location") == std::optional<std::string>("/api/v1/jobs/chat_1"));
  // A plain response carries no preflight headers.
  CHECK_FALSE(header(ok, "Access-Control-Allow-Methods").has_value());

  HttpResponse other;
  cors.decorate(request("POST", "http://c.test"), other);
  CHECK(other.headers.empty());
  HttpResponse none;
  cors.decorate(request("POST", std::nullopt), none);
  CHECK(none.headers.empty());
}

TEST_CASE("origins are compared exactly", "[cors]") {
  CorsPolicy cors({"http://app.test"});
  for (const char* near_miss : {"https://app.test", "http://app.test:8080", "http://app.test.evil",
                                "http://APP.test", "http://app.test/"}) {
    INFO(near_miss);
    HttpResponse r;
    cors.decorate(request("GET", std::string(near_miss)), r);
    CHECK(r.headers.empty());
  }
}
