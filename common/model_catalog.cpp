#include "common/model_catalog.hpp"

#include <algorithm>

namespace genx3d {

ModelCatalog ModelCatalog::with_defaults() {
  ModelCatalog c;
  const std::vector<std::string> builtin{std::string(kBuiltinModel)};
  c.add({"gpt-4o", "openai", builtin, "Most capable, higher cost"});
  c.add({"gpt-4o-mini", "openai", builtin, "Good balance (default)"});
  c.add({"anthropic/claude-3.5-sonnet", "anthropic", builtin, "Alternative perspective"});
  c.add({"local/llama-3.1-8b", "local", builtin, "Local model (if available)"});
  c.add({std::string(kBuiltinModel), "builtin", {},
         "Offline deterministic generator of parametric parts (cube, sphere, cylinder, tube, "
         "cone, gear, plate with holes, washer)"});
  c.set_provider_available("builtin", true);
  return c;
}

void ModelCatalog::add(ModelEntry entry) {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const ModelEntry& e) { return e.id == entry.id; });
  if (it != entries_.end()) {
    *it = std::move(entry);
  } else {
    entries_.push_back(std::move(entry));
  }
}

void ModelCatalog::set_provider_available(std::string provider, bool available) {
  if (available) {
    available_providers_.insert(std::move(provider));
  } else {
    available_providers_.erase(provider);
  }
}

bool ModelCatalog::provider_available(std::string_view provider) const {
  return available_providers_.find(provider) != available_providers_.end();
}

const ModelEntry* ModelCatalog::find(std::string_view id) const {
  for (const auto& e : entries_) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

void ModelCatalog::append_chain(std::string_view id, std::vector<std::string>& out,
                                std::set<std::string, std::less<>>& seen) const {
  if (!seen.insert(std::string(id)).second) return;  // a cycle in the fallbacks
  const ModelEntry* e = find(id);
  if (!e) return;
  if (provider_available(e->provider)) out.push_back(e->id);
  for (const auto& fb : e->fallbacks) append_chain(fb, out, seen);
}

std::vector<std::string> ModelCatalog::serving_chain(std::string_view id) const {
  std::vector<std::string> out;
  std::set<std::string, std::less<>> seen;
  append_chain(id, out, seen);
  return out;
}

std::vector<std::string> ModelCatalog::available_ids() const {
  std::vector<std::string> ids;
  for (const auto& e : entries_) {
    if (is_available(e.id)) ids.push_back(e.id);
  }
  return ids;
}

}  // namespace genx3d
