// Everything the worker and the API need from the providers file, built once at start-up: the
// model catalog (with real availability) and one Provider per usable provider.
#pragma once

#include "common/config.hpp"
#include "common/model_catalog.hpp"
#include "worker/provider.hpp"
#include "worker/providers/provider_config.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <map>
#include <memory>
#include <string>

namespace genx3d::worker {

struct ProviderSetup {
  ModelCatalog catalog;
  // Provider name -> implementation; only providers usable here (key present or not needed).
  std::map<std::string, std::shared_ptr<Provider>> providers;
};

// Reads cfg.providers_file (or the built-in default), checks it, and builds the providers on
// `executor` (one shared HTTP client). With `log`, logs per model who serves it and why a
// provider is not available (serve builds the setup twice: API catalog and worker providers).
// Throws std::invalid_argument on a bad file.
ProviderSetup load_provider_setup(const Config& cfg, boost::asio::any_io_executor executor,
                                  bool log = true);

// Builds the providers of an already parsed file (tests pass their own environment).
ProviderSetup make_provider_setup(const ProvidersFile& file, const Config& cfg,
                                  boost::asio::any_io_executor executor, const EnvLookup& env);

}  // namespace genx3d::worker
