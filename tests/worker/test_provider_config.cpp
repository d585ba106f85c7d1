#include "worker/providers/provider_config.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

using namespace genx3d;
using namespace genx3d::worker;
using nlohmann::json;

namespace {

EnvLookup env_with(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

json sample() {
  return json::parse(R"({
    "providers": {
      "openai": {"protocol": "openai", "base_url": "https://api.openai.com/v1",
                 "api_key_env": "OPENAI_API_KEY", "max_attempts": 4, "timeout_ms": 30000},
      "openrouter": {"protocol": "openai", "base_url": "https://openrouter.ai/api/v1",
                     "api_key_env": "OPENROUTER_API_KEY"},
      "local": {"protocol": "openai", "base_url": "http://127.0.0.1:8080/v1"}
    },
    "models": {
      "gpt-4o*": {"provider": "openai",
                  "fallbacks": ["anthropic/claude-3.5-sonnet", "builtin/parametric"]},
      "gpt-4o-mini": {"provider": "openai", "upstream_model": "gpt-4o-mini-2024-07-18"},
      "anthropic/*": {"provider": "openrouter"},
      "local/*": {"provider": "local", "strip_prefix": true},
      "local/qwen-coder": {"provider": "local", "upstream_model": "qwen2.5-coder:7b",
                           "fallbacks": ["builtin/parametric"], "description": "Qwen on Ollama"}
    }
  })");
}

}  // namespace

TEST_CASE("an exact model name wins over a pattern, then the longest prefix", "[provider_config]") {
  ProvidersFile f = parse_providers_json(sample());
  REQUIRE(match_route(f, "gpt-4o-mini") != nullptr);
  CHECK(match_route(f, "gpt-4o-mini")->pattern == "gpt-4o-mini");
  CHECK(match_route(f, "gpt-4o")->pattern == "gpt-4o*");
  CHECK(match_route(f, "gpt-4o-2024-08-06")->pattern == "gpt-4o*");
  CHECK(match_route(f, "anthropic/claude-3.5-sonnet")->provider == "openrouter");
  CHECK(match_route(f, "gpt-4") == nullptr);
  CHECK(match_route(f, "builtin/parametric") == nullptr);
}

TEST_CASE("the provider-side model name: fixed, prefix stripped, or passed through",
          "[provider_config]") {
  ProvidersFile f = parse_providers_json(sample());
  CHECK(upstream_model_for(*match_route(f, "gpt-4o-mini"), "gpt-4o-mini") ==
        "gpt-4o-mini-2024-07-18");
  CHECK(upstream_model_for(*match_route(f, "local/llama-3.1-8b"), "local/llama-3.1-8b") ==
        "llama-3.1-8b");
  CHECK(upstream_model_for(*match_route(f, "anthropic/claude-3.5-sonnet"),
                           "anthropic/claude-3.5-sonnet") == "anthropic/claude-3.5-sonnet");
}

TEST_CASE("provider settings are read with their defaults", "[provider_config]") {
  ProvidersFile f = parse_providers_json(sample());
  const ProviderSpec& openai = f.providers.at("openai");
  CHECK(openai.max_attempts == 4);
  CHECK(openai.timeout == std::chrono::milliseconds(30000));
  CHECK(openai.connect_timeout == std::chrono::milliseconds(10000));
  CHECK(f.providers.at("local").api_key_env.empty());
  CHECK(f.providers.count("builtin") == 1);  // always there
}

TEST_CASE("a provider is available when its key variable is set or it needs none",
          "[provider_config]") {
  ProvidersFile f = parse_providers_json(sample());
  auto env = env_with({{"OPENROUTER_API_KEY", "sk-or"}, {"OPENAI_API_KEY", ""}});
  CHECK_FALSE(provider_availability(f.providers.at("openai"), env).available);
  CHECK(provider_availability(f.providers.at("openai"), env).reason == "OPENAI_API_KEY is not set");
  CHECK(provider_availability(f.providers.at("openrouter"), env).available);
  CHECK(provider_availability(f.providers.at("local"), env).available);
  CHECK(provider_availability(f.providers.at("builtin"), env).available);
}

TEST_CASE("the catalog follows the routes, fallbacks and availability", "[provider_config]") {
  ProvidersFile f = parse_providers_json(sample());

  SECTION("no keys: OpenAI models fall back to builtin; local needs none") {
    ModelCatalog c = build_catalog(f, env_with({}));
    CHECK(c.find("gpt-4o")->provider == "openai");
    CHECK(c.find("gpt-4o")->fallbacks ==
          std::vector<std::string>{"anthropic/claude-3.5-sonnet", "builtin/parametric"});
    CHECK(c.serving_chain("gpt-4o") == std::vector<std::string>{"builtin/parametric"});
    CHECK(c.serving_chain("local/llama-3.1-8b").front() == "local/llama-3.1-8b");
    // A file's exact model joins the catalog with its description.
    REQUIRE(c.find("local/qwen-coder") != nullptr);
    CHECK(c.find("local/qwen-coder")->description == "Qwen on Ollama");
  }
  SECTION("with the OpenRouter key, gpt-4o falls back to Claude before builtin") {
    ModelCatalog c = build_catalog(f, env_with({{"OPENROUTER_API_KEY", "k"}}));
    CHECK(c.serving_chain("gpt-4o") ==
          std::vector<std::string>{"anthropic/claude-3.5-sonnet", "builtin/parametric"});
  }
  SECTION("with every key, each model is served by itself first") {
    ModelCatalog c =
        build_catalog(f, env_with({{"OPENROUTER_API_KEY", "k"}, {"OPENAI_API_KEY", "k"}}));
    CHECK(c.serving_chain("gpt-4o-mini").front() == "gpt-4o-mini");
  }
}

TEST_CASE("a model with no usable provider and no fallback is not available", "[provider_config]") {
  json j = sample();
  j["models"]["gpt-4o*"]["fallbacks"] = json::array();
  ModelCatalog c = build_catalog(parse_providers_json(j), env_with({}));
  CHECK_FALSE(c.is_available("gpt-4o"));
  CHECK(c.is_available("builtin/parametric"));
}

TEST_CASE("without a file every seed model falls back to builtin/parametric", "[provider_config]") {
  ModelCatalog c = build_catalog(default_providers(), env_with({{"OPENAI_API_KEY", "k"}}));
  for (const char* id :
       {"gpt-4o", "gpt-4o-mini", "anthropic/claude-3.5-sonnet", "local/llama-3.1-8b"}) {
    CHECK(c.serving_chain(id) == std::vector<std::string>{"builtin/parametric"});
  }
}

TEST_CASE("mistakes in the file are rejected with the member named", "[provider_config]") {
  auto message_for = [](json j) {
    try {
      build_catalog(parse_providers_json(j), env_with({}));
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  json unknown_provider = sample();
  unknown_provider["models"]["gpt-4o*"]["provider"] = "openaii";
  CHECK_THAT(message_for(unknown_provider), Catch::Contains("models.gpt-4o*.provider"));

  json bad_fallback = sample();
  bad_fallback["models"]["anthropic/*"]["fallbacks"] = {"gpt-5"};
  CHECK_THAT(message_for(bad_fallback), Catch::Contains("'gpt-5'"));

  json bad_protocol = sample();
  bad_protocol["providers"]["local"]["protocol"] = "grpc";
  CHECK_THAT(message_for(bad_protocol), Catch::Contains("providers.local.protocol"));

  json bad_type = sample();
  bad_type["providers"]["openai"]["max_attempts"] = "three";
  CHECK_THAT(message_for(bad_type), Catch::Contains("providers.openai.max_attempts"));

  json bad_pattern = sample();
  bad_pattern["models"]["g*t"] = {{"provider", "openai"}};
  CHECK_THAT(message_for(bad_pattern), Catch::Contains("models.g*t"));
}
