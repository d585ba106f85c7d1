#include "worker/providers/provider_setup.hpp"

#include "worker/http/http_client.hpp"
#include "worker/providers/anthropic_provider.hpp"
#include "worker/providers/builtin_provider.hpp"
#include "worker/providers/openai_provider.hpp"
#include "worker/providers/remote_provider.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace genx3d::worker {
namespace {

RemoteSettings remote_settings(const ProviderSpec& spec, const ProvidersFile& file,
                               const ModelCatalog& catalog, const EnvLookup& env) {
  RemoteSettings s;
  s.name = spec.name;
  s.base_url = spec.base_url;
  if (!spec.api_key_env.empty()) s.api_key = env(spec.api_key_env).value_or("");
  s.connect_timeout = spec.connect_timeout;
  s.timeout = spec.timeout;
  s.max_concurrent = spec.max_concurrent;
  s.requests_per_minute = spec.requests_per_minute;
  s.max_attempts = spec.max_attempts;
  s.backoff = spec.backoff;
  s.max_tokens = spec.max_tokens;
  for (const auto& [k, v] : spec.headers) s.extra_headers.emplace_back(k, v);
  for (const auto& e : catalog.entries()) {
    if (e.provider != spec.name) continue;
    if (const ModelRoute* r = match_route(file, e.id)) {
      s.upstream[e.id] = upstream_model_for(*r, e.id);
    }
  }
  return s;
}

void log_models(const ProvidersFile& file, const ModelCatalog& catalog, const EnvLookup& env) {
  for (const auto& e : catalog.entries()) {
    auto chain = catalog.serving_chain(e.id);
    std::string why;
    if (auto it = file.providers.find(e.provider); it == file.providers.end()) {
      why = "no provider '" + e.provider + "' is configured";
    } else {
      why = provider_availability(it->second, env).reason;
    }
    if (!chain.empty() && chain.front() == e.id) {
      spdlog::info("model {}: served by provider {}", e.id, e.provider);
    } else if (!chain.empty()) {
      spdlog::info("model {}: provider {} not available ({}); falls back to {}", e.id, e.provider,
                   why, chain.front());
    } else {
      spdlog::warn("model {}: not available (provider {}: {}; no usable fallback)", e.id,
                   e.provider, why);
    }
  }
}

}  // namespace

ProviderSetup make_provider_setup(const ProvidersFile& file, const Config& cfg,
                                  boost::asio::any_io_executor executor, const EnvLookup& env) {
  ProviderSetup setup{build_catalog(file, env), {}};
  std::shared_ptr<http::HttpClient> client;
  for (const auto& [name, spec] : file.providers) {
    if (!provider_availability(spec, env).available) continue;
    if (spec.protocol == "builtin") {
      setup.providers[name] = std::make_shared<BuiltinProvider>(cfg.worker.builtin_latency);
      continue;
    }
    if (!client) {
      http::HttpClientOptions options;
      options.ca_file = file.ca_file;
      // The pool makes up to `concurrency` calls at once; with an idle cap below that, a burst
      // of finished calls closes connections the next calls must open again.
      options.max_idle_per_host =
          std::max(options.max_idle_per_host, static_cast<std::size_t>(cfg.worker.concurrency));
      client = http::make_http_client(options);
    }
    std::unique_ptr<WireProtocol> protocol;
    if (spec.protocol == "anthropic") {
      protocol = std::make_unique<AnthropicProtocol>();
    } else {
      protocol = std::make_unique<OpenAiProtocol>();
    }
    setup.providers[name] = std::make_shared<RemoteProvider>(
        executor, remote_settings(spec, file, setup.catalog, env), std::move(protocol), client);
  }
  return setup;
}

ProviderSetup load_provider_setup(const Config& cfg, boost::asio::any_io_executor executor,
                                  bool log) {
  const ProvidersFile file =
      cfg.providers_file.empty() ? default_providers() : read_providers_file(cfg.providers_file);
  const EnvLookup env = process_environment();
  ProviderSetup setup = make_provider_setup(file, cfg, std::move(executor), env);
  if (log && !cfg.providers_file.empty()) {
    spdlog::info("providers from {}", cfg.providers_file.string());
    log_models(file, setup.catalog, env);
  }
  return setup;
}

}  // namespace genx3d::worker
