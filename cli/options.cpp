#include "cli/options.hpp"

#include <cctype>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <set>

#include <unistd.h>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace genx3d::cli {

po::options_description common_options() {
  po::options_description desc("Common options");
  desc.add_options()
      ("help,h", "show this help")
      ("config", po::value<std::string>(), "JSON config file [GENX3D_CONFIG]")
      ("data-dir", po::value<std::string>(), "state directory (SQLite) [GENX3D_DATA_DIR], default ./data")
      ("log-level", po::value<std::string>(), "trace|debug|info|warn|error [GENX3D_LOG_LEVEL]");
  return desc;
}

po::variables_map parse(int argc, const char* const* argv, const po::options_description& desc,
                        const po::positional_options_description* positional) {
  po::variables_map vm;
  po::command_line_parser parser(argc, argv);
  parser.options(desc);
  if (positional) parser.positional(*positional);
  // Flags are stored first: program_options keeps the first value stored, so flags win over env.
  po::store(parser.run(), vm);
  po::store(po::parse_environment(desc,
                                  [&desc](const std::string& env) -> std::string {
                                    if (env.rfind("GENX3D_", 0) != 0) return {};
                                    std::string flag = env.substr(7);
                                    for (auto& c : flag) {
                                      c = c == '_' ? '-'
                                                   : static_cast<char>(std::tolower(
                                                         static_cast<unsigned char>(c)));
                                    }
                                    // Only settings have twins (not e.g. a key's --name), and
                                    // only those this command knows.
                                    static const std::set<std::string> twins = {
                                        "config", "data-dir", "log-level", "host",
                                        "port",   "broker",   "concurrency", "providers"};
                                    if (!twins.count(flag)) return {};
                                    return desc.find_nothrow(flag, false) ? flag : std::string{};
                                  }),
            vm);
  po::notify(vm);
  return vm;
}

Config load_config(const po::variables_map& vm) {
  Config cfg;
  if (vm.count("config")) apply_config_file(cfg, vm["config"].as<std::string>());
  if (vm.count("data-dir")) cfg.data_dir = vm["data-dir"].as<std::string>();
  if (vm.count("log-level")) cfg.log_level = vm["log-level"].as<std::string>();
  if (vm.count("host")) cfg.server.host = vm["host"].as<std::string>();
  if (vm.count("port")) {
    int port = vm["port"].as<int>();
    if (port < 0 || port > 65535) throw std::invalid_argument("--port must be 0-65535");
    cfg.server.port = static_cast<std::uint16_t>(port);
  }
  if (vm.count("concurrency")) cfg.worker.concurrency = vm["concurrency"].as<int>();
  if (vm.count("broker")) cfg.broker.url = vm["broker"].as<std::string>();
  if (vm.count("providers")) cfg.providers_file = vm["providers"].as<std::string>();
  validate_config(cfg);
  return cfg;
}

void setup_logging(const std::string& level) {
  // On a terminal, colour and a flush per line. Otherwise (a file, a pipe, journald) stderr gets
  // a 64 KiB buffer, flushed every second and at once for warnings and errors: spdlog's stderr
  // sinks flush every line, a write(2) of its own, two per request at info level. std::clog
  // writes through the C stderr stream (sync_with_stdio), so it shares that buffer.
  std::shared_ptr<spdlog::logger> logger;
  if (::isatty(STDERR_FILENO)) {
    logger = spdlog::stderr_color_mt("genx3d");
  } else {
    static char buffer[64 * 1024];
    std::setvbuf(stderr, buffer, _IOFBF, sizeof buffer);
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(std::clog);
    logger = std::make_shared<spdlog::logger>("genx3d", std::move(sink));
    spdlog::register_logger(logger);
  }
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(level));
  spdlog::flush_on(spdlog::level::warn);
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace genx3d::cli
