#include "api/authenticator.hpp"
#include "common/clock.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>

using namespace genx3d;
using namespace genx3d::api;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {

HttpRequest with_auth(std::optional<std::string> authorization) {
  HttpRequest r;
  r.method = "GET";
  r.path = r.target = "/api/v1/ai-models";
  if (authorization) r.headers.emplace_back("authorization", *authorization);
  return r;
}

void require_401(const boost::system::result<ApiKeyRecord, ApiError>& r, const char* code) {
  REQUIRE(r.has_error());
  CHECK(r.error().status == 401);
  CHECK(r.error().type == "authentication_error");
  CHECK(r.error().code == code);
}

bool revoke(asio::io_context& ioc, StoreExecutor& store, const std::string& key_id) {
  auto r = run_coro(ioc, store.run([&](Store& s) { return s.revoke_key(key_id, now_ms()); }));
  REQUIRE(r.has_value());
  return *r;
}

}  // namespace

TEST_CASE("bearer_token reads the Bearer scheme case-insensitively", "[authenticator]") {
  CHECK(bearer_token(with_auth("Bearer abc")) == "abc");
  CHECK(bearer_token(with_auth("bearer abc")) == "abc");
  CHECK(bearer_token(with_auth("BEARER abc")) == "abc");
  CHECK(bearer_token(with_auth("Bearer    abc  ")) == "abc");
  CHECK(bearer_token(with_auth(std::nullopt)).empty());
  CHECK(bearer_token(with_auth("Bearer")).empty());
  CHECK(bearer_token(with_auth("Bearer ")).empty());
  CHECK(bearer_token(with_auth("Bearer    ")).empty());
  CHECK(bearer_token(with_auth("Basic dXNlcjpwYXNz")).empty());
  CHECK(bearer_token(with_auth("Bearerabc")).empty());
  CHECK(bearer_token(with_auth("abc")).empty());
}

TEST_CASE("a request without a key is refused with missing_api_key", "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  require_401(run_coro(ioc, auth.authenticate(with_auth(std::nullopt))), "missing_api_key");
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer "))), "missing_api_key");
}

TEST_CASE("a header with another scheme counts as no key", "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  // Even the right key, sent under the wrong scheme, is not accepted.
  require_401(run_coro(ioc, auth.authenticate(with_auth("Basic " + ms.alice.raw))),
              "missing_api_key");
  require_401(run_coro(ioc, auth.authenticate(with_auth("Token " + ms.alice.raw))),
              "missing_api_key");
}

TEST_CASE("an unknown key is refused with invalid_api_key", "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer " + new_api_key()))),
              "invalid_api_key");
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer gx3d_short"))), "invalid_api_key");
  // A key with one character changed.
  std::string typo = ms.alice.raw;
  typo.back() = typo.back() == 'a' ? 'b' : 'a';
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer " + typo))), "invalid_api_key");
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer " + std::string(5000, 'x')))),
              "invalid_api_key");
}

TEST_CASE("a valid key yields its stored record", "[authenticator]") {
  MemoryStore ms(42);
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  auto alice = run_coro(ioc, auth.authenticate(with_auth("Bearer " + ms.alice.raw)));
  REQUIRE(alice.has_value());
  CHECK(alice->id == ms.alice.record.id);
  CHECK(alice->name == "alice");
  CHECK(alice->rate_limit_per_minute == std::optional<int>(42));
  CHECK_FALSE(alice->revoked_at_ms.has_value());

  auto bob = run_coro(ioc, auth.authenticate(with_auth("bearer " + ms.bob.raw)));
  REQUIRE(bob.has_value());
  CHECK(bob->id == ms.bob.record.id);
  CHECK_FALSE(bob->rate_limit_per_minute.has_value());
}

TEST_CASE("a repeated key is answered from the cache without a store round trip",
          "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  REQUIRE(run_coro(ioc, auth.authenticate(with_auth("Bearer " + ms.alice.raw))).has_value());
  // The executor counts an operation just after answering it; let the count catch up.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (ms.executor->ops_done() < 1 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE(ms.executor->ops_done() == 1);
  for (int i = 0; i < 10; ++i) {
    REQUIRE(run_coro(ioc, auth.authenticate(with_auth("Bearer " + ms.alice.raw))).has_value());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(ms.executor->ops_done() == 1);
}

TEST_CASE("a revoked key is refused once the cache entry expires", "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor, std::chrono::seconds(0));
  asio::io_context ioc;
  const std::string bearer = "Bearer " + ms.alice.raw;
  REQUIRE(run_coro(ioc, auth.authenticate(with_auth(bearer))).has_value());
  REQUIRE(revoke(ioc, *ms.executor, ms.alice.record.id));
  require_401(run_coro(ioc, auth.authenticate(with_auth(bearer))), "invalid_api_key");
  // Bob is untouched.
  CHECK(run_coro(ioc, auth.authenticate(with_auth("Bearer " + ms.bob.raw))).has_value());
}

TEST_CASE("within the cache lifetime a revoked key still passes", "[authenticator]") {
  // Documents the trade-off the header describes: revocation takes effect within the TTL.
  MemoryStore ms;
  Authenticator auth(*ms.executor, std::chrono::seconds(60));
  asio::io_context ioc;
  const std::string bearer = "Bearer " + ms.alice.raw;
  REQUIRE(run_coro(ioc, auth.authenticate(with_auth(bearer))).has_value());
  REQUIRE(revoke(ioc, *ms.executor, ms.alice.record.id));
  CHECK(run_coro(ioc, auth.authenticate(with_auth(bearer))).has_value());
  // A fresh authenticator (no cache) sees the revocation.
  Authenticator fresh(*ms.executor, std::chrono::seconds(60));
  require_401(run_coro(ioc, fresh.authenticate(with_auth(bearer))), "invalid_api_key");
}

TEST_CASE("a key revoked before its first use is refused", "[authenticator]") {
  MemoryStore ms;
  Authenticator auth(*ms.executor);
  asio::io_context ioc;
  REQUIRE(revoke(ioc, *ms.executor, ms.bob.record.id));
  require_401(run_coro(ioc, auth.authenticate(with_auth("Bearer " + ms.bob.raw))),
              "invalid_api_key");
}
