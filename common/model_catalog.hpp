// The AI models genx3d knows, which provider serves each, and their fallbacks. Shared by the API
// (validates a request's model, lists models) and the worker (routes a job to a provider).
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d {

inline constexpr std::string_view kBuiltinModel = "builtin/parametric";

struct ModelEntry {
  std::string id;                      // the name clients send, e.g. "gpt-4o-mini"
  std::string provider;                // "builtin", "openai", "anthropic", "local"
  std::vector<std::string> fallbacks;  // tried in order when this model cannot answer
  std::string description;
};

class ModelCatalog {
 public:
  // The seed's four models and the built-in one. Only "builtin" is available until a provider
  // is configured, so out of the box every seed model falls back to builtin/parametric.
  static ModelCatalog with_defaults();

  void add(ModelEntry entry);                      // replaces an entry of the same id
  void set_provider_available(std::string provider, bool available);

  const ModelEntry* find(std::string_view id) const;
  // The models to try for `id`, in order: itself if its provider is available, then each
  // fallback that is (recursively, without cycles). Empty: the model is not available here.
  std::vector<std::string> serving_chain(std::string_view id) const;
  bool is_available(std::string_view id) const { return !serving_chain(id).empty(); }
  std::vector<std::string> available_ids() const;
  const std::vector<ModelEntry>& entries() const { return entries_; }
  bool provider_available(std::string_view provider) const;

 private:
  void append_chain(std::string_view id, std::vector<std::string>& out,
                    std::set<std::string, std::less<>>& seen) const;
  std::vector<ModelEntry> entries_;
  std::set<std::string, std::less<>> available_providers_;
};

}  // namespace genx3d
