#include "cli/client_options.hpp"

#include <cstdlib>
#include <iostream>

namespace genx3d::cli {

po::options_description client_options() {
  po::options_description desc("Connection");
  desc.add_options()("help,h", "show this help")(
      "url", po::value<std::string>(), "API base URL [GENX3D_URL], default http://127.0.0.1:8000")(
      "api-key", po::value<std::string>(), "API key [GENX3D_API_KEY]");
  return desc;
}

std::optional<ClientTarget> client_target(const po::variables_map& vm, const char* command) {
  auto pick = [&](const char* flag, const char* env, const char* fallback) -> std::string {
    if (vm.count(flag)) return vm[flag].as<std::string>();
    if (const char* v = std::getenv(env); v && *v) return v;
    return fallback;
  };
  ClientTarget t{pick("url", "GENX3D_URL", "http://127.0.0.1:8000"),
                 pick("api-key", "GENX3D_API_KEY", "")};
  if (t.api_key.empty()) {
    std::cerr << "genx3d " << command << ": no API key: pass --api-key or set GENX3D_API_KEY\n";
    return std::nullopt;
  }
  return t;
}

}  // namespace genx3d::cli
