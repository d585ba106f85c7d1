#include "common/model_catalog.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace genx3d;
using Chain = std::vector<std::string>;

TEST_CASE("out of the box every seed model is served by builtin/parametric", "[model_catalog]") {
  auto catalog = ModelCatalog::with_defaults();
  for (const char* id :
       {"gpt-4o", "gpt-4o-mini", "anthropic/claude-3.5-sonnet", "local/llama-3.1-8b"}) {
    INFO(id);
    REQUIRE(catalog.find(id) != nullptr);
    CHECK(catalog.serving_chain(id) == Chain{"builtin/parametric"});
    CHECK(catalog.is_available(id));
  }
  CHECK(catalog.serving_chain("builtin/parametric") == Chain{"builtin/parametric"});
  CHECK(catalog.available_ids().size() == 5);
  CHECK(catalog.provider_available("builtin"));
  CHECK_FALSE(catalog.provider_available("openai"));
}

TEST_CASE("a model whose provider is available serves itself before its fallbacks",
          "[model_catalog]") {
  auto catalog = ModelCatalog::with_defaults();
  catalog.set_provider_available("openai", true);
  CHECK(catalog.serving_chain("gpt-4o") == Chain{"gpt-4o", "builtin/parametric"});
  CHECK(catalog.serving_chain("anthropic/claude-3.5-sonnet") == Chain{"builtin/parametric"});
  catalog.set_provider_available("openai", false);
  CHECK(catalog.serving_chain("gpt-4o") == Chain{"builtin/parametric"});
}

TEST_CASE("fallbacks are followed recursively in order", "[model_catalog]") {
  ModelCatalog c;
  c.add({"a", "pa", {"b", "c"}, ""});
  c.add({"b", "pb", {"d"}, ""});
  c.add({"c", "pc", {}, ""});
  c.add({"d", "pd", {}, ""});
  for (const char* p : {"pa", "pb", "pc", "pd"}) c.set_provider_available(p, true);
  CHECK(c.serving_chain("a") == Chain{"a", "b", "d", "c"});
  c.set_provider_available("pb", false);
  // b cannot answer, but its own fallback still can, and keeps its place in the order.
  CHECK(c.serving_chain("a") == Chain{"a", "d", "c"});
}

TEST_CASE("fallback cycles end and list each model once", "[model_catalog]") {
  ModelCatalog c;
  c.add({"a", "p", {"b"}, ""});
  c.add({"b", "p", {"a", "c"}, ""});
  c.add({"c", "p", {"c", "a"}, ""});
  c.set_provider_available("p", true);
  CHECK(c.serving_chain("a") == Chain{"a", "b", "c"});
  CHECK(c.serving_chain("c") == Chain{"c", "a", "b"});
}

TEST_CASE("a diamond of fallbacks lists the shared model once", "[model_catalog]") {
  ModelCatalog c;
  c.add({"top", "p", {"left", "right"}, ""});
  c.add({"left", "p", {"bottom"}, ""});
  c.add({"right", "p", {"bottom"}, ""});
  c.add({"bottom", "p", {}, ""});
  c.set_provider_available("p", true);
  CHECK(c.serving_chain("top") == Chain{"top", "left", "bottom", "right"});
}

TEST_CASE("unavailable providers and unknown models give an empty chain", "[model_catalog]") {
  ModelCatalog c;
  c.add({"lonely", "offline", {}, ""});
  c.add({"via-ghost", "offline", {"ghost"}, ""});  // "ghost" is no entry at all
  c.add({"ok", "online", {}, ""});
  c.set_provider_available("online", true);
  CHECK(c.serving_chain("lonely").empty());
  CHECK_FALSE(c.is_available("lonely"));
  CHECK(c.serving_chain("via-ghost").empty());
  CHECK(c.serving_chain("no-such-model").empty());
  CHECK(c.find("no-such-model") == nullptr);
  CHECK(c.available_ids() == Chain{"ok"});
}

TEST_CASE("add replaces an entry with the same id", "[model_catalog]") {
  ModelCatalog c;
  c.add({"m", "p1", {}, "first"});
  c.add({"m", "p2", {}, "second"});
  REQUIRE(c.entries().size() == 1);
  CHECK(c.find("m")->provider == "p2");
  CHECK(c.find("m")->description == "second");
}
