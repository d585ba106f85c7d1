// Command-line flags shared by every subcommand, their environment twins, and loading the
// configuration in its one order: defaults < config file < environment < flags.
#pragma once

#include <string>

#include <boost/program_options.hpp>

#include "common/config.hpp"

namespace genx3d::cli {

namespace po = boost::program_options;

// --config, --data-dir, --log-level, --help.
po::options_description common_options();

// Parses argv (after the subcommand words) and the GENX3D_* environment into `vm`. Each long
// flag --some-name has the twin GENX3D_SOME_NAME. Throws po::error on bad input.
po::variables_map parse(int argc, const char* const* argv, const po::options_description& desc,
                        const po::positional_options_description* positional = nullptr);

// Builds the Config from defaults, the config file (if any), then the flags/env in `vm`.
// Throws std::invalid_argument with a message for the user.
Config load_config(const po::variables_map& vm);

// Sets up spdlog (stderr, one line per event) at the given level.
void setup_logging(const std::string& level);

}  // namespace genx3d::cli
