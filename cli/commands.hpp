// The genx3d subcommands. Each returns the process exit code.
#pragma once

namespace genx3d::cli {

int run_serve(int argc, const char* const* argv);
int run_api(int argc, const char* const* argv);
int run_worker(int argc, const char* const* argv);
int run_keys(int argc, const char* const* argv);
int run_chat(int argc, const char* const* argv);
int run_batch(int argc, const char* const* argv);

}  // namespace genx3d::cli
