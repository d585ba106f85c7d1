// Configuration as plain structs, one per component. Loaded and validated once in main
// (defaults < config file < environment < flags), then passed down. No globals.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace genx3d {

struct ServerConfig {
  std::string host = "127.0.0.1";                 // address to listen on
  std::uint16_t port = 8000;                      // TCP port to listen on
  unsigned threads = 0;                           // I/O threads; 0 = one per core
  std::size_t max_body_bytes = 1 << 20;           // larger request bodies get 413
  std::chrono::seconds sync_wait{120};            // a sync chat longer than this answers 202
  std::chrono::seconds idle_timeout{60};          // keep-alive connection idle limit
  std::chrono::seconds request_timeout{30};       // time to read one request's header and body
  std::vector<std::string> cors_allowed_origins;  // browser origins allowed; "*" for any
  int default_rate_limit_per_minute = 600;        // per API key, unless the key sets its own
};

struct ChatConfig {
  std::string default_model = "gpt-4o-mini";  // used when a request names no model
  std::size_t max_message_bytes = 32 * 1024;  // longer messages get 400
  int history_max_messages = 20;              // earlier turns sent to the model, at most
  std::size_t history_budget_chars = 24000;   // and at most this many characters of them
};

struct WorkerConfig {
  int concurrency = 64;                          // jobs one worker process runs at once
  std::chrono::milliseconds builtin_latency{0};  // artificial latency of builtin/parametric
  int repair_attempts = 2;  // times a failing answer goes back to its model for a fix
};

// The code sandbox (worker/sandbox/): pre-started Node.js runners that execute answers' code.
struct SandboxConfig {
  bool enabled = true;                        // false: answers are not executed (ok: null)
  std::string node = "node";                  // the Node.js binary, looked up in PATH
  std::filesystem::path dir;                  // holds runner.js; empty: found near the binary
  int worker_runners = 2;                     // runner processes of a worker process
  int api_runners = 1;                        // runner processes of the API (model downloads)
  std::chrono::milliseconds timeout{10000};   // wall clock per run (the built-in gear: ~2 s)
  int heap_mb = 256;                          // V8 old-space limit of a runner
  int address_space_mb = 2048;                // RLIMIT_AS of a runner (V8 reserves ~1 GB)
  std::size_t max_output_bytes = 32u << 20;   // largest mesh a run may return
};

struct BrokerConfig {
  std::string url;         // amqp[s]://user:pass@host:port/vhost; empty: the embedded queue
  int delivery_limit = 3;  // deliveries of a job that never finishes before it is dead-lettered
  int heartbeat_seconds = 30;  // AMQP heartbeat
  int batch_window = 1024;     // batch jobs in the broker at once; the rest wait in the API, by key
};

struct Config {
  std::string log_level = "info";        // trace, debug, info, warn, error
  std::filesystem::path data_dir = "./data";  // SQLite database and other state
  ServerConfig server;
  ChatConfig chat;
  WorkerConfig worker;
  BrokerConfig broker;
  SandboxConfig sandbox;
  std::filesystem::path providers_file;  // model -> provider routing (JSON); empty: builtin only

  std::filesystem::path database_path() const { return data_dir / "genx3d.db"; }
};

// Applies the members present in `j` over `cfg`; throws std::invalid_argument naming the member
// on a wrong type or value.
void apply_config_json(Config& cfg, const nlohmann::json& j);

// Reads a JSON config file and applies it; throws std::invalid_argument with the file name.
void apply_config_file(Config& cfg, const std::filesystem::path& file);

// Checks cross-member rules (ranges, known log level); throws std::invalid_argument.
void validate_config(const Config& cfg);

}  // namespace genx3d
