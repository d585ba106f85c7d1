#include "common/config.hpp"
#include "common/ids.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

using namespace genx3d;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

// The message of the std::invalid_argument that `fn` throws ("" if it throws none).
template <class F>
std::string invalid_argument_message(F fn) {
  try {
    fn();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

struct TempFile {
  std::filesystem::path path =
      std::filesystem::temp_directory_path() / (new_id("genx3d_config_test") + ".json");
  explicit TempFile(const std::string& text) { std::ofstream(path) << text; }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
};

}  // namespace

TEST_CASE("defaults match the documented config", "[config]") {
  Config cfg;
  CHECK(cfg.log_level == "info");
  CHECK(cfg.data_dir == "./data");
  CHECK(cfg.database_path() == std::filesystem::path("./data") / "genx3d.db");
  CHECK(cfg.server.host == "127.0.0.1");
  CHECK(cfg.server.port == 8000);
  CHECK(cfg.server.max_body_bytes == 1048576);
  CHECK(cfg.server.sync_wait == std::chrono::seconds(120));
  CHECK(cfg.server.idle_timeout == std::chrono::seconds(60));
  CHECK(cfg.server.cors_allowed_origins.empty());
  CHECK(cfg.server.default_rate_limit_per_minute == 600);
  CHECK(cfg.chat.default_model == "gpt-4o-mini");
  CHECK(cfg.chat.max_message_bytes == 32768);
  CHECK(cfg.chat.history_max_messages == 20);
  CHECK(cfg.chat.history_budget_chars == 24000);
  CHECK(cfg.worker.concurrency == 64);
  CHECK(cfg.worker.builtin_latency == std::chrono::milliseconds(0));
  CHECK_NOTHROW(validate_config(cfg));
}

TEST_CASE("apply_config_json changes only the members present", "[config]") {
  Config cfg;
  apply_config_json(cfg, json::parse(R"({
    "log_level": "debug",
    "data_dir": "/var/lib/genx3d",
    "server": {"port": 9001, "sync_wait_seconds": 5, "cors_allowed_origins": ["http://a.test", "*"],
               "default_rate_limit_per_minute": 30},
    "chat": {"default_model": "builtin/parametric", "history_budget_chars": 100},
    "worker": {"builtin_latency_ms": 250}
  })"));
  CHECK(cfg.log_level == "debug");
  CHECK(cfg.data_dir == "/var/lib/genx3d");
  CHECK(cfg.server.port == 9001);
  CHECK(cfg.server.sync_wait == std::chrono::seconds(5));
  CHECK(cfg.server.cors_allowed_origins == std::vector<std::string>{"http://a.test", "*"});
  CHECK(cfg.server.default_rate_limit_per_minute == 30);
  CHECK(cfg.chat.default_model == "builtin/parametric");
  CHECK(cfg.chat.history_budget_chars == 100);
  CHECK(cfg.worker.builtin_latency == std::chrono::milliseconds(250));
  // Untouched members keep their defaults.
  CHECK(cfg.server.host == "127.0.0.1");
  CHECK(cfg.server.idle_timeout == std::chrono::seconds(60));
  CHECK(cfg.chat.max_message_bytes == 32768);
  CHECK(cfg.chat.history_max_messages == 20);
  CHECK(cfg.worker.concurrency == 64);
}

TEST_CASE("apply_config_json applies over earlier values, and null means absent", "[config]") {
  Config cfg;
  apply_config_json(cfg, json::parse(R"({"server": {"port": 1234}})"));
  apply_config_json(cfg, json::parse(R"({"server": {"port": null, "host": "0.0.0.0"},
                                         "chat": null})"));
  CHECK(cfg.server.port == 1234);
  CHECK(cfg.server.host == "0.0.0.0");
  CHECK(cfg.chat.default_model == "gpt-4o-mini");
}

TEST_CASE("a member of the wrong type is named in the error", "[config]") {
  Config cfg;
  CHECK_THAT(invalid_argument_message(
                 [&] { apply_config_json(cfg, json::parse(R"({"server": {"port": "80"}})")); }),
             Contains("server.port"));
  CHECK_THAT(invalid_argument_message(
                 [&] { apply_config_json(cfg, json::parse(R"({"chat": {"default_model": 4}})")); }),
             Contains("chat.default_model"));
  CHECK_THAT(invalid_argument_message([&] {
               apply_config_json(cfg, json::parse(R"({"server": {"cors_allowed_origins": "*"}})"));
             }),
             Contains("server.cors_allowed_origins"));
  CHECK_THAT(invalid_argument_message([&] {
               apply_config_json(cfg, json::parse(R"({"worker": {"builtin_latency_ms": "5"}})"));
             }),
             Contains("worker.builtin_latency_ms"));
  CHECK_THAT(invalid_argument_message(
                 [&] { apply_config_json(cfg, json::parse(R"({"log_level": false})")); }),
             Contains("log_level"));
}

TEST_CASE("a section that is not an object, or a top level that is not, is refused", "[config]") {
  Config cfg;
  CHECK_THAT(
      invalid_argument_message([&] { apply_config_json(cfg, json::parse(R"({"server": 5})")); }),
      Contains("server"));
  CHECK_THAT(invalid_argument_message([&] { apply_config_json(cfg, json::parse("[1, 2]")); }),
             Contains("object"));
}

TEST_CASE("an out-of-range port is refused, not wrapped", "[config]") {
  // nlohmann's get<uint16_t>() casts 70000 to 4464 without complaint.
  Config cfg;
  CHECK_THROWS_AS(apply_config_json(cfg, json::parse(R"({"server": {"port": 70000}})")),
                  std::invalid_argument);
  CHECK(cfg.server.port == 8000);
}

TEST_CASE("a negative size is refused, not wrapped", "[config]") {
  Config cfg;
  CHECK_THROWS_AS(apply_config_json(cfg, json::parse(R"({"server": {"max_body_bytes": -1}})")),
                  std::invalid_argument);
  CHECK(cfg.server.max_body_bytes == 1048576);
}

TEST_CASE("validate_config checks the ranges", "[config]") {
  auto refuses = [](auto mutate, const char* member) {
    Config cfg;
    mutate(cfg);
    INFO(member);
    CHECK_THAT(invalid_argument_message([&] { validate_config(cfg); }), Contains(member));
  };
  refuses([](Config& c) { c.log_level = "verbose"; }, "log_level");
  refuses([](Config& c) { c.worker.concurrency = 0; }, "worker.concurrency");
  refuses([](Config& c) { c.worker.concurrency = 100001; }, "worker.concurrency");
  refuses([](Config& c) { c.server.default_rate_limit_per_minute = 0; },
          "server.default_rate_limit_per_minute");
  refuses([](Config& c) { c.server.sync_wait = std::chrono::seconds(-1); },
          "server.sync_wait_seconds");
  refuses([](Config& c) { c.server.sync_wait = std::chrono::seconds(3601); },
          "server.sync_wait_seconds");
  refuses([](Config& c) { c.chat.history_max_messages = -1; }, "chat.history_max_messages");
  refuses([](Config& c) { c.broker.delivery_limit = 0; }, "broker.delivery_limit");
  refuses([](Config& c) { c.worker.builtin_latency = std::chrono::milliseconds(-5); },
          "worker.builtin_latency_ms");

  Config edges;
  edges.worker.concurrency = 1;
  edges.server.sync_wait = std::chrono::seconds(0);
  edges.server.default_rate_limit_per_minute = 1;
  edges.chat.history_max_messages = 0;
  edges.log_level = "trace";
  CHECK_NOTHROW(validate_config(edges));
}

TEST_CASE("apply_config_file reads JSON with comments and names a broken file", "[config]") {
  Config cfg;
  TempFile good(R"({
    // comments are allowed in config files
    "server": {"port": 8123}
  })");
  apply_config_file(cfg, good.path);
  CHECK(cfg.server.port == 8123);

  TempFile broken(R"({"server": )");
  CHECK_THAT(invalid_argument_message([&] { apply_config_file(cfg, broken.path); }),
             Contains(broken.path.string()));
  CHECK_THAT(invalid_argument_message([&] { apply_config_file(cfg, "/nonexistent/genx3d.json"); }),
             Contains("/nonexistent/genx3d.json"));
}
