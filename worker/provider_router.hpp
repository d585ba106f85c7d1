// Routes a completion to the provider of the requested model, then to its fallbacks in order.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/model_catalog.hpp"
#include "worker/provider.hpp"

namespace genx3d::worker {

// Thread safety: immutable after construction; complete() may run concurrently.
class ProviderRouter {
 public:
  // `providers` maps a provider name ("builtin", "openai", …) to its implementation.
  ProviderRouter(ModelCatalog catalog, std::map<std::string, std::shared_ptr<Provider>> providers);

  // Tries the serving chain of request.model; the Completion names the model that answered.
  boost::asio::awaitable<CompletionResult> complete(CompletionRequest request) const;

  const ModelCatalog& catalog() const { return catalog_; }

 private:
  ModelCatalog catalog_;
  std::map<std::string, std::shared_ptr<Provider>> providers_;
};

}  // namespace genx3d::worker
