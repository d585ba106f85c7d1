#include "worker/providers/provider_config.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace genx3d::worker {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::invalid_argument("providers: " + where + " " + what);
}

template <class T>
void read(const json& j, const std::string& where, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  try {
    out = it->get<T>();
  } catch (const json::exception&) {
    fail(where + "." + key, std::string("has the wrong type (") + it->type_name() + ")");
  }
}

void read_ms(const json& j, const std::string& where, const char* key,
             std::chrono::milliseconds& out) {
  std::int64_t ms = out.count();
  read(j, where, key, ms);
  if (ms <= 0) fail(where + "." + key, "must be positive");
  out = std::chrono::milliseconds(ms);
}

ProviderSpec parse_provider(const std::string& name, const json& j) {
  const std::string where = "providers." + name;
  if (!j.is_object()) fail(where, "must be an object");
  ProviderSpec p;
  p.name = name;
  read(j, where, "protocol", p.protocol);
  if (p.protocol != "openai" && p.protocol != "anthropic" && p.protocol != "builtin") {
    fail(where + ".protocol", "must be openai, anthropic or builtin");
  }
  read(j, where, "base_url", p.base_url);
  if (p.protocol != "builtin" && p.base_url.rfind("http://", 0) != 0 &&
      p.base_url.rfind("https://", 0) != 0) {
    fail(where + ".base_url", "must be an http:// or https:// URL");
  }
  read(j, where, "api_key_env", p.api_key_env);
  read_ms(j, where, "connect_timeout_ms", p.connect_timeout);
  read_ms(j, where, "timeout_ms", p.timeout);
  read(j, where, "max_concurrent", p.max_concurrent);
  if (p.max_concurrent < 1) fail(where + ".max_concurrent", "must be at least 1");
  read(j, where, "requests_per_minute", p.requests_per_minute);
  if (p.requests_per_minute < 0) fail(where + ".requests_per_minute", "must not be negative");
  read(j, where, "max_attempts", p.max_attempts);
  if (p.max_attempts < 1 || p.max_attempts > 20) fail(where + ".max_attempts", "must be 1-20");
  read_ms(j, where, "backoff_initial_ms", p.backoff.initial);
  read_ms(j, where, "backoff_max_ms", p.backoff.max);
  read(j, where, "max_tokens", p.max_tokens);
  read(j, where, "headers", p.headers);
  return p;
}

ModelRoute parse_route(const std::string& pattern, const json& j) {
  const std::string where = "models." + pattern;
  if (!j.is_object()) fail(where, "must be an object");
  if (pattern.empty() || pattern.find('*') < pattern.size() - 1) {
    fail(where, "is not a model name or a prefix ending in '*'");
  }
  ModelRoute r;
  r.pattern = pattern;
  read(j, where, "provider", r.provider);
  if (r.provider.empty()) fail(where + ".provider", "is required");
  std::string upstream;
  read(j, where, "upstream_model", upstream);
  if (!upstream.empty()) r.upstream_model = upstream;
  read(j, where, "strip_prefix", r.strip_prefix);
  if (j.contains("fallbacks") && !j["fallbacks"].is_null()) {
    std::vector<std::string> fallbacks;
    read(j, where, "fallbacks", fallbacks);
    r.fallbacks = std::move(fallbacks);
  }
  read(j, where, "description", r.description);
  return r;
}

}  // namespace

EnvLookup process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
}

ProvidersFile default_providers() {
  ProvidersFile f;
  ProviderSpec builtin;
  builtin.name = "builtin";
  builtin.protocol = "builtin";
  f.providers.emplace("builtin", builtin);
  return f;
}

ProvidersFile parse_providers_json(const json& j) {
  if (!j.is_object()) fail("file", "must hold a JSON object");
  ProvidersFile f = default_providers();
  if (auto it = j.find("providers"); it != j.end()) {
    if (!it->is_object()) fail("providers", "must be an object");
    for (const auto& [name, spec] : it->items()) f.providers[name] = parse_provider(name, spec);
    if (f.providers["builtin"].protocol != "builtin") {
      fail("providers.builtin", "is reserved for the builtin protocol");
    }
  }
  if (auto it = j.find("models"); it != j.end()) {
    if (!it->is_object()) fail("models", "must be an object");
    for (const auto& [pattern, route] : it->items()) {
      ModelRoute r = parse_route(pattern, route);
      if (!f.providers.count(r.provider)) {
        fail("models." + pattern + ".provider", "names an unknown provider '" + r.provider + "'");
      }
      f.models.push_back(std::move(r));
    }
  }
  std::string ca_file;
  read(j, "file", "ca_file", ca_file);
  f.ca_file = ca_file;
  return f;
}

ProvidersFile read_providers_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("providers: cannot read " + file.string());
  // Comments are allowed, so a sample can carry alternatives switched off.
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) {
    throw std::invalid_argument("providers: " + file.string() + " is not valid JSON");
  }
  return parse_providers_json(j);
}

const ModelRoute* match_route(const ProvidersFile& file, std::string_view model) {
  const ModelRoute* best = nullptr;
  std::size_t best_len = 0;
  for (const auto& r : file.models) {
    if (r.exact()) {
      if (r.pattern == model) return &r;
      continue;
    }
    std::string_view prefix(r.pattern.data(), r.pattern.size() - 1);
    if (model.starts_with(prefix) && (!best || prefix.size() > best_len)) {
      best = &r;
      best_len = prefix.size();
    }
  }
  return best;
}

std::string upstream_model_for(const ModelRoute& route, const std::string& model) {
  if (route.upstream_model) return *route.upstream_model;
  if (route.strip_prefix && !route.exact()) return model.substr(route.pattern.size() - 1);
  return model;
}

Availability provider_availability(const ProviderSpec& spec, const EnvLookup& env) {
  if (spec.protocol == "builtin" || spec.api_key_env.empty()) return {true, {}};
  auto value = env(spec.api_key_env);
  if (!value || value->empty()) return {false, spec.api_key_env + " is not set"};
  return {true, {}};
}

ModelCatalog build_catalog(const ProvidersFile& file, const EnvLookup& env) {
  ModelCatalog catalog = ModelCatalog::with_defaults();
  for (const auto& r : file.models) {
    if (r.exact() && !catalog.find(r.pattern)) {
      catalog.add({r.pattern, r.provider, r.fallbacks.value_or(std::vector<std::string>{}),
                   r.description.empty() ? "Served by " + r.provider : r.description});
    }
  }
  std::vector<ModelEntry> entries = catalog.entries();
  for (ModelEntry e : entries) {
    if (e.id == kBuiltinModel) continue;  // always the offline generator
    const ModelRoute* r = match_route(file, e.id);
    if (!r) continue;
    e.provider = r->provider;
    if (r->fallbacks) e.fallbacks = *r->fallbacks;
    if (!r->description.empty()) e.description = r->description;
    catalog.add(std::move(e));
  }
  for (const auto& e : catalog.entries()) {
    for (const auto& fb : e.fallbacks) {
      if (!catalog.find(fb)) {
        fail("models", "'" + e.id + "' falls back to '" + fb + "', which is not a known model");
      }
    }
  }
  for (const auto& [name, spec] : file.providers) {
    catalog.set_provider_available(name, provider_availability(spec, env).available);
  }
  return catalog;
}

}  // namespace genx3d::worker
