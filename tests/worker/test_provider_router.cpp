#include "support/fake_provider.hpp"
#include "support/run_coro.hpp"
#include "worker/provider_router.hpp"

#include <catch2/catch.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

using namespace genx3d;
using namespace genx3d::worker;
using genx3d::test::FakeProvider;
using genx3d::test::run_coro;

namespace {

ProviderError failure(std::string code, bool retryable = false) {
  return ProviderError{code, "provider said " + code, retryable, std::nullopt};
}

std::shared_ptr<FakeProvider> failing(std::string code, bool retryable = false) {
  FakeProvider::Options o;
  o.error = failure(std::move(code), retryable);
  return std::make_shared<FakeProvider>(o);
}

// primary (p1) -> secondary (p2) -> last (p3)
ModelCatalog chain_catalog() {
  ModelCatalog c;
  c.add({"primary", "p1", {"secondary"}, ""});
  c.add({"secondary", "p2", {"last"}, ""});
  c.add({"last", "p3", {}, ""});
  return c;
}

CompletionRequest request_for(std::string model) {
  CompletionRequest r;
  r.model = std::move(model);
  r.user_message = "a cube of 10 mm";
  r.temperature = 0.3;
  return r;
}

}  // namespace

TEST_CASE("the requested model answers when its provider can", "[provider_router]") {
  auto p1 = std::make_shared<FakeProvider>();
  auto p2 = std::make_shared<FakeProvider>();
  ProviderRouter router(chain_catalog(), {{"p1", p1}, {"p2", p2}});
  auto r = run_coro(router.complete(request_for("primary")));
  REQUIRE(r.has_value());
  CHECK(r->model == "primary");
  CHECK(p1->calls() == 1);
  CHECK(p2->calls() == 0);
  auto seen = p1->requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].model == "primary");
  CHECK(seen[0].user_message == "a cube of 10 mm");
  CHECK(seen[0].temperature == 0.3);
}

TEST_CASE("failures fall back in chain order and model_used names who answered",
          "[provider_router]") {
  auto p1 = failing("provider_unavailable", true);
  auto p2 = failing("provider_rejected");
  auto p3 = std::make_shared<FakeProvider>();
  ProviderRouter router(chain_catalog(), {{"p1", p1}, {"p2", p2}, {"p3", p3}});
  auto r = run_coro(router.complete(request_for("primary")));
  REQUIRE(r.has_value());
  CHECK(r->model == "last");
  CHECK(p1->calls() == 1);
  CHECK(p2->calls() == 1);
  CHECK(p3->calls() == 1);
  // Each provider is asked for its own model of the chain, not the one the client named.
  CHECK(p1->requests().at(0).model == "primary");
  CHECK(p2->requests().at(0).model == "secondary");
  CHECK(p3->requests().at(0).model == "last");
}

TEST_CASE("a fallback is not asked once a model answered", "[provider_router]") {
  auto p1 = failing("provider_unavailable");
  auto p2 = std::make_shared<FakeProvider>();
  auto p3 = std::make_shared<FakeProvider>();
  ProviderRouter router(chain_catalog(), {{"p1", p1}, {"p2", p2}, {"p3", p3}});
  auto r = run_coro(router.complete(request_for("primary")));
  REQUIRE(r.has_value());
  CHECK(r->model == "secondary");
  CHECK(p3->calls() == 0);
}

TEST_CASE("models without a provider are skipped", "[provider_router]") {
  auto p3 = std::make_shared<FakeProvider>();
  ProviderRouter router(chain_catalog(), {{"p3", p3}});
  auto r = run_coro(router.complete(request_for("primary")));
  REQUIRE(r.has_value());
  CHECK(r->model == "last");
  CHECK(p3->calls() == 1);
}

TEST_CASE("when every model fails, the last error comes back", "[provider_router]") {
  auto p1 = failing("provider_rejected");
  auto p2 = failing("provider_timeout", true);
  ProviderRouter router(chain_catalog(), {{"p1", p1}, {"p2", p2}});
  auto r = run_coro(router.complete(request_for("primary")));
  REQUIRE(r.has_error());
  CHECK(r.error().code == "provider_timeout");
  CHECK(r.error().retryable);
}

TEST_CASE("an empty serving chain is an error that names the model", "[provider_router]") {
  auto p1 = std::make_shared<FakeProvider>();
  ProviderRouter router(chain_catalog(), {{"p1", p1}});

  auto unknown = run_coro(router.complete(request_for("gpt-9")));
  REQUIRE(unknown.has_error());
  CHECK(unknown.error().code == "model_not_available");
  CHECK_THAT(unknown.error().message, Catch::Matchers::Contains("gpt-9"));
  CHECK_FALSE(unknown.error().retryable);

  // "last" exists, but nothing serves p3 and it has no fallback.
  auto unserved = run_coro(router.complete(request_for("last")));
  REQUIRE(unserved.has_error());
  CHECK(unserved.error().code == "model_not_available");
  CHECK(p1->calls() == 0);
}

TEST_CASE("the router marks the providers it was given as available", "[provider_router]") {
  ProviderRouter router(chain_catalog(), {{"p2", std::make_shared<FakeProvider>()}});
  CHECK(router.catalog().provider_available("p2"));
  CHECK_FALSE(router.catalog().provider_available("p1"));
  CHECK(router.catalog().serving_chain("primary") == std::vector<std::string>{"secondary"});
}

TEST_CASE("the default catalog routes seed models to the builtin provider", "[provider_router]") {
  auto builtin = std::make_shared<FakeProvider>();
  ProviderRouter router(ModelCatalog::with_defaults(), {{"builtin", builtin}});
  auto r = run_coro(router.complete(request_for("gpt-4o-mini")));
  REQUIRE(r.has_value());
  CHECK(r->model == "builtin/parametric");
  CHECK(builtin->requests().at(0).model == "builtin/parametric");
}
