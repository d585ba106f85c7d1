// genx3d keys create|list|revoke: API key administration, straight on the store.
#include <filesystem>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/options.hpp"
#include "common/clock.hpp"
#include "common/ids.hpp"
#include "common/store.hpp"

namespace genx3d::cli {
namespace {

constexpr const char* kKeysUsage = R"(Usage:
  genx3d keys create --name NAME [--rate-limit PER_MINUTE]
      Creates a key and prints it once, alone on the last line. Only its hash is stored.
  genx3d keys list
      Lists keys (id, prefix, name, created, revoked, rate limit, tokens used).
  genx3d keys revoke ID_OR_PREFIX
      Revokes a key by id (key_…) or by its displayed prefix.
)";

std::unique_ptr<Store> open_store(const Config& cfg) {
  std::filesystem::create_directories(cfg.data_dir);
  return Store::open(cfg.database_path());
}

int create(Store& store, const po::variables_map& vm) {
  if (!vm.count("name") || vm["name"].as<std::string>().empty()) {
    std::cerr << "genx3d keys create: --name is required\n";
    return 2;
  }
  std::optional<int> rate;
  if (vm.count("rate-limit")) {
    rate = vm["rate-limit"].as<int>();
    if (*rate < 1) {
      std::cerr << "genx3d keys create: --rate-limit must be at least 1\n";
      return 2;
    }
  }
  std::string key = new_api_key();
  ApiKeyRecord rec = store.create_key(vm["name"].as<std::string>(), sha256_hex(key),
                                      key.substr(0, 9), rate);
  std::cout << "Created API key " << rec.id << " (" << rec.name << ").\n"
            << "Store it now: it is shown only this once.\n"
            << key << std::endl;
  return 0;
}

int list(Store& store) {
  auto keys = store.list_keys();
  std::cout << "ID\tPREFIX\tNAME\tCREATED\tREVOKED\tRATE_LIMIT\tTOKENS_USED\n";
  for (const auto& k : keys) {
    std::cout << k.id << '\t' << k.prefix << "…\t" << k.name << '\t'
              << format_rfc3339(k.created_at_ms) << '\t'
              << (k.revoked_at_ms ? format_rfc3339(*k.revoked_at_ms) : "-") << '\t'
              << (k.rate_limit_per_minute ? std::to_string(*k.rate_limit_per_minute) : "default")
              << '\t' << k.tokens_used << '\n';
  }
  return 0;
}

int revoke(Store& store, const po::variables_map& vm) {
  if (!vm.count("target")) {
    std::cerr << "genx3d keys revoke: give the key id or prefix\n";
    return 2;
  }
  const auto& target = vm["target"].as<std::string>();
  if (!store.revoke_key(target, now_ms())) {
    std::cerr << "genx3d keys revoke: no active key matches '" << target << "'\n";
    return 1;
  }
  std::cout << "Revoked " << target << '\n';
  return 0;
}

}  // namespace

int run_keys(int argc, const char* const* argv) {
  po::options_description desc = common_options();
  po::options_description own("keys options");
  own.add_options()
      ("action", po::value<std::string>(), "create | list | revoke")
      ("target", po::value<std::string>(), "key id or prefix (revoke)")
      ("name", po::value<std::string>(), "name of the new key (create)")
      ("rate-limit", po::value<int>(), "requests per minute for the new key (create)");
  desc.add(own);
  po::positional_options_description pos;
  pos.add("action", 1).add("target", 1);
  try {
    auto vm = parse(argc, argv, desc, &pos);
    if (vm.count("help") || !vm.count("action")) {
      std::cout << kKeysUsage << '\n' << desc;
      return vm.count("help") ? 0 : 2;
    }
    Config cfg = load_config(vm);
    auto store = open_store(cfg);
    const auto& action = vm["action"].as<std::string>();
    if (action == "create") return create(*store, vm);
    if (action == "list") return list(*store);
    if (action == "revoke") return revoke(*store, vm);
    std::cerr << "genx3d keys: unknown action '" << action << "'\n" << kKeysUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "genx3d keys: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace genx3d::cli
