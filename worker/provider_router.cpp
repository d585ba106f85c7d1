#include "worker/provider_router.hpp"

#include <spdlog/spdlog.h>

namespace genx3d::worker {

ProviderRouter::ProviderRouter(ModelCatalog catalog,
                               std::map<std::string, std::shared_ptr<Provider>> providers)
    : catalog_(std::move(catalog)), providers_(std::move(providers)) {
  for (const auto& [name, provider] : providers_) catalog_.set_provider_available(name, true);
}

boost::asio::awaitable<CompletionResult> ProviderRouter::complete(CompletionRequest request) const {
  const std::string requested = request.model;
  auto chain = catalog_.serving_chain(requested);
  if (chain.empty()) {
    co_return ProviderError{"model_not_available",
                            "model '" + requested + "' is not available on this worker", false,
                            std::nullopt};
  }
  ProviderError last{"provider_error", "no provider answered", false, std::nullopt};
  std::string earlier;  // what the models before the last one said, so the error tells all
  int failed = 0;
  for (const auto& model : chain) {
    const ModelEntry* entry = catalog_.find(model);
    auto it = providers_.find(entry->provider);
    if (it == providers_.end()) continue;
    request.model = model;
    CompletionResult r = co_await it->second->complete(request);
    if (r.has_value()) co_return r;
    if (failed++ > 0) earlier += "; ";
    earlier += model + ": " + r.error().message;
    last = r.error();
    spdlog::warn("provider {} failed for model {}: {}", entry->provider, model, last.message);
  }
  if (failed > 1) {
    last.message = "every model for '" + requested + "' failed — " + earlier;
  }
  co_return last;
}

}  // namespace genx3d::worker
