#include <catch2/catch.hpp>

#include "queue/amqp/broker_url.hpp"

using genx3d::amqp::parse_broker_url;

TEST_CASE("a full amqp URL gives host, port, credentials and vhost", "[broker_url]") {
  auto u = parse_broker_url("amqp://alice:s3cret@rabbit.internal:5673/prod");
  REQUIRE(u.has_value());
  CHECK_FALSE(u->tls);
  CHECK(u->host == "rabbit.internal");
  CHECK(u->port == 5673);
  CHECK(u->user == "alice");
  CHECK(u->password == "s3cret");
  CHECK(u->vhost == "prod");
}

TEST_CASE("defaults fill what the URL leaves out", "[broker_url]") {
  auto u = parse_broker_url("amqp://localhost");
  REQUIRE(u.has_value());
  CHECK(u->port == 5672);
  CHECK(u->user == "guest");
  CHECK(u->password == "guest");
  CHECK(u->vhost == "/");
}

TEST_CASE("amqps selects TLS and port 5671", "[broker_url]") {
  auto u = parse_broker_url("amqps://u:p@broker.example.com/");
  REQUIRE(u.has_value());
  CHECK(u->tls);
  CHECK(u->port == 5671);
  CHECK(u->vhost == "/");
}

TEST_CASE("a percent-encoded vhost and password are decoded", "[broker_url]") {
  auto u = parse_broker_url("amqp://u:p%40ss@h:5672/%2f");
  REQUIRE(u.has_value());
  CHECK(u->password == "p@ss");
  CHECK(u->vhost == "/");
}

TEST_CASE("other schemes and junk are refused with a reason", "[broker_url]") {
  auto http = parse_broker_url("http://localhost:5672/");
  REQUIRE_FALSE(http.has_value());
  CHECK(http.error().find("amqp") != std::string::npos);
  CHECK_FALSE(parse_broker_url("not a url at all").has_value());
}

TEST_CASE("the redacted form hides the password", "[broker_url]") {
  auto u = parse_broker_url("amqp://alice:s3cret@h:5672/v");
  REQUIRE(u.has_value());
  CHECK(u->redacted().find("s3cret") == std::string::npos);
  CHECK(u->redacted().find("alice@h:5672") != std::string::npos);
}
