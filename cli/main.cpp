// genx3d: one binary, several subcommands.
#include <cstring>
#include <iostream>
#include <string_view>

#include "cli/commands.hpp"

namespace {

constexpr const char* kUsage = R"(genx3d - natural language to parametric 3D CAD code

Usage: genx3d <command> [options]

Commands:
  serve   run the API and a worker pool in one process (embedded queue; RabbitMQ with --broker)
  api     run the HTTP API alone, sending jobs to workers over RabbitMQ (--broker)
  worker  run a worker pool alone, taking jobs from RabbitMQ (--broker); start many
  keys    create, list and revoke API keys
  chat    send one chat to a running API and print the answer and its code
  batch   submit a file of prompts to a running API, follow it, fetch its results

Every command takes --config FILE, --data-dir DIR and --log-level LEVEL (environment twins
GENX3D_CONFIG, GENX3D_DATA_DIR, GENX3D_LOG_LEVEL) and --help.
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  std::string_view command = argv[1];
  // Subcommands parse argv[1..]: their own name stands where a program name would.
  if (command == "serve") return genx3d::cli::run_serve(argc - 1, argv + 1);
  if (command == "api") return genx3d::cli::run_api(argc - 1, argv + 1);
  if (command == "worker") return genx3d::cli::run_worker(argc - 1, argv + 1);
  if (command == "keys") return genx3d::cli::run_keys(argc - 1, argv + 1);
  if (command == "chat") return genx3d::cli::run_chat(argc - 1, argv + 1);
  if (command == "batch") return genx3d::cli::run_batch(argc - 1, argv + 1);
  std::cerr << "genx3d: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
