// --url and --api-key of the client commands (genx3d chat, genx3d batch), with their
// environment fallbacks GENX3D_URL and GENX3D_API_KEY.
#pragma once

#include "cli/options.hpp"

#include <optional>
#include <string>

namespace genx3d::cli {

struct ClientTarget {
  std::string url;  // default http://127.0.0.1:8000
  std::string api_key;
};

po::options_description client_options();
// nullopt (after telling the user on stderr) when no key was given either way.
std::optional<ClientTarget> client_target(const po::variables_map& vm, const char* command);

}  // namespace genx3d::cli
