#include "common/config.hpp"

#include <fstream>
#include <cstdint>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include <nlohmann/json.hpp>

namespace genx3d {
namespace {

using nlohmann::json;

std::string field_name(const char* section, const char* key) {
  return *section ? std::string(section) + "." + key : std::string(key);
}

// Reads j[key] into out when present, naming "section.key" if the type or range is wrong.
template <class T>
void read(const json& j, const char* section, const char* key, T& out) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    // nlohmann converts 70000 into a uint16_t port silently (it wraps); check the range first.
    if (!it->is_number_integer()) {
      throw std::invalid_argument("config: " + field_name(section, key) +
                                  " must be an integer (got " + it->type_name() + ")");
    }
    const bool fits = it->is_number_unsigned()
                          ? std::in_range<T>(it->get<std::uint64_t>())
                          : std::in_range<T>(it->get<std::int64_t>());
    if (!fits) {
      throw std::invalid_argument("config: " + field_name(section, key) + " is out of range (" +
                                  it->dump() + ")");
    }
    out = it->get<T>();
  } else {
    try {
      out = it->get<T>();
    } catch (const json::exception&) {
      throw std::invalid_argument("config: " + field_name(section, key) +
                                  " has the wrong type (" + it->type_name() + ")");
    }
  }
}

template <class Duration>
void read_duration(const json& j, const char* section, const char* key, Duration& out) {
  std::int64_t count = out.count();
  read(j, section, key, count);
  out = Duration{count};
}

const json& section(const json& j, const char* name) {
  static const json empty = json::object();
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return empty;
  if (!it->is_object()) throw std::invalid_argument(std::string("config: ") + name + " must be an object");
  return *it;
}

void apply_sandbox_json(SandboxConfig& sb, const json& x) {
  read(x, "sandbox", "enabled", sb.enabled);
  read(x, "sandbox", "node", sb.node);
  std::string dir;
  read(x, "sandbox", "dir", dir);
  if (!dir.empty()) sb.dir = dir;
  read(x, "sandbox", "worker_runners", sb.worker_runners);
  read(x, "sandbox", "api_runners", sb.api_runners);
  read_duration(x, "sandbox", "timeout_ms", sb.timeout);
  read(x, "sandbox", "heap_mb", sb.heap_mb);
  read(x, "sandbox", "address_space_mb", sb.address_space_mb);
  read(x, "sandbox", "max_output_bytes", sb.max_output_bytes);
}

}  // namespace

void apply_config_json(Config& cfg, const json& j) {
  if (!j.is_object()) throw std::invalid_argument("config: the top level must be a JSON object");
  read(j, "", "log_level", cfg.log_level);
  std::string data_dir;
  read(j, "", "data_dir", data_dir);
  if (!data_dir.empty()) cfg.data_dir = data_dir;
  std::string providers_file;
  read(j, "", "providers_file", providers_file);
  if (!providers_file.empty()) cfg.providers_file = providers_file;

  const json& s = section(j, "server");
  read(s, "server", "host", cfg.server.host);
  read(s, "server", "port", cfg.server.port);
  read(s, "server", "threads", cfg.server.threads);
  read(s, "server", "max_body_bytes", cfg.server.max_body_bytes);
  read_duration(s, "server", "sync_wait_seconds", cfg.server.sync_wait);
  read_duration(s, "server", "idle_timeout_seconds", cfg.server.idle_timeout);
  read_duration(s, "server", "request_timeout_seconds", cfg.server.request_timeout);
  read(s, "server", "cors_allowed_origins", cfg.server.cors_allowed_origins);
  read(s, "server", "default_rate_limit_per_minute", cfg.server.default_rate_limit_per_minute);

  const json& c = section(j, "chat");
  read(c, "chat", "default_model", cfg.chat.default_model);
  read(c, "chat", "max_message_bytes", cfg.chat.max_message_bytes);
  read(c, "chat", "history_max_messages", cfg.chat.history_max_messages);
  read(c, "chat", "history_budget_chars", cfg.chat.history_budget_chars);

  const json& w = section(j, "worker");
  read(w, "worker", "concurrency", cfg.worker.concurrency);
  read_duration(w, "worker", "builtin_latency_ms", cfg.worker.builtin_latency);
  read(w, "worker", "repair_attempts", cfg.worker.repair_attempts);
  apply_sandbox_json(cfg.sandbox, section(j, "sandbox"));

  const json& b = section(j, "broker");
  read(b, "broker", "url", cfg.broker.url);
  read(b, "broker", "delivery_limit", cfg.broker.delivery_limit);
  read(b, "broker", "heartbeat_seconds", cfg.broker.heartbeat_seconds);
  read(b, "broker", "batch_window", cfg.broker.batch_window);
}

void apply_config_file(Config& cfg, const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::invalid_argument("config: cannot read " + file.string());
  json j = json::parse(in, nullptr, /*allow_exceptions=*/false, /*ignore_comments=*/true);
  if (j.is_discarded()) throw std::invalid_argument("config: " + file.string() + " is not valid JSON");
  apply_config_json(cfg, j);
}

void validate_config(const Config& cfg) {
  static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  bool known = false;
  for (const char* l : levels) known = known || cfg.log_level == l;
  if (!known) throw std::invalid_argument("config: log_level must be one of trace, debug, info, warn, error");
  if (cfg.worker.concurrency < 1 || cfg.worker.concurrency > 100000)
    throw std::invalid_argument("config: worker.concurrency must be between 1 and 100000");
  if (cfg.server.default_rate_limit_per_minute < 1)
    throw std::invalid_argument("config: server.default_rate_limit_per_minute must be at least 1");
  if (cfg.server.sync_wait.count() < 0 || cfg.server.sync_wait.count() > 3600)
    throw std::invalid_argument("config: server.sync_wait_seconds must be between 0 and 3600");
  if (cfg.chat.history_max_messages < 0)
    throw std::invalid_argument("config: chat.history_max_messages must not be negative");
  if (cfg.broker.batch_window < 1)
    throw std::invalid_argument("config: broker.batch_window must be at least 1");
  if (cfg.broker.delivery_limit < 1 || cfg.broker.delivery_limit > 1000)
    throw std::invalid_argument("config: broker.delivery_limit must be between 1 and 1000");
  if (cfg.worker.builtin_latency.count() < 0)
    throw std::invalid_argument("config: worker.builtin_latency_ms must not be negative");
  if (cfg.worker.repair_attempts < 0 || cfg.worker.repair_attempts > 10)
    throw std::invalid_argument("config: worker.repair_attempts must be between 0 and 10");
  if (cfg.sandbox.worker_runners < 1 || cfg.sandbox.api_runners < 1 ||
      cfg.sandbox.timeout.count() < 1 || cfg.sandbox.heap_mb < 16)
    throw std::invalid_argument("config: sandbox runners and timeout_ms must be at least 1, "
                                "heap_mb at least 16");
}

}  // namespace genx3d
