// The providers file: which provider serves each model, over which wire protocol, with which key,
// limits, retries and fallbacks. Parsed and checked once at start-up (deploy/providers.sample.json
// shows every member). Without a file, the built-in default keeps every model on
// builtin/parametric.
#pragma once

#include "common/backoff.hpp"
#include "common/model_catalog.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker {

struct ProviderSpec {
  std::string name;                 // the key in "providers"; shown in /ai-models and errors
  std::string protocol = "openai";  // "openai" | "anthropic" | "builtin"
  std::string base_url;             // e.g. https://api.openai.com/v1
  std::string api_key_env;          // variable holding the key; empty: no key needed
  std::chrono::milliseconds connect_timeout{10000};  // per attempt: connect and TLS handshake
  std::chrono::milliseconds timeout{120000};         // per attempt: the whole answer
  int max_concurrent = 256;                          // calls in flight at once
  int requests_per_minute = 0;  // calls started per minute; 0 = no client-side limit
  int max_attempts = 3;         // per call, the first included (retries on 429, 5xx, I/O)
  BackoffPolicy backoff{std::chrono::milliseconds(500), std::chrono::milliseconds(20000), 2.0};
  int max_tokens = 4096;                       // answer budget sent with each request
  std::map<std::string, std::string> headers;  // extra request headers
};

struct ModelRoute {
  std::string pattern;  // an exact model name, or a prefix ending in '*' ("gpt-4o*", "local/*")
  std::string provider;
  std::optional<std::string> upstream_model;  // the provider's name for it; default: the same
  bool strip_prefix = false;  // patterns: send the name without the pattern's prefix
  std::optional<std::vector<std::string>> fallbacks;  // replaces the catalog's when given
  std::string description;                            // for models the file adds
  bool exact() const { return pattern.empty() || pattern.back() != '*'; }
};

struct ProvidersFile {
  std::map<std::string, ProviderSpec> providers;
  std::vector<ModelRoute> models;
  std::filesystem::path ca_file;  // extra trusted CA certificates (PEM) for HTTPS providers
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_environment();

// Throws std::invalid_argument naming the member at fault.
ProvidersFile parse_providers_json(const nlohmann::json& j);
ProvidersFile read_providers_file(const std::filesystem::path& file);
// No file: only the builtin provider, so every seed model falls back to builtin/parametric.
ProvidersFile default_providers();

// The route for `model`: an exact name wins, then the longest matching prefix pattern.
const ModelRoute* match_route(const ProvidersFile& file, std::string_view model);
// The provider's name for `model` under `route`.
std::string upstream_model_for(const ModelRoute& route, const std::string& model);

// Whether a provider can be used here, and if not, why (e.g. "OPENAI_API_KEY is not set").
struct Availability {
  bool available = false;
  std::string reason;
};
Availability provider_availability(const ProviderSpec& spec, const EnvLookup& env);

// The seed catalog with the file's routes applied (provider, fallbacks), the exact models it adds,
// and each provider marked available or not. Throws std::invalid_argument on a route to an
// unknown provider or a fallback to an unknown model.
ModelCatalog build_catalog(const ProvidersFile& file, const EnvLookup& env);

}  // namespace genx3d::worker
