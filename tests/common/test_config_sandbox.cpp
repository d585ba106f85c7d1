#include "common/config.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <stdexcept>

using namespace genx3d;
using nlohmann::json;

TEST_CASE("sandbox and repair settings: defaults, file members, limits", "[config][sandbox]") {
  Config cfg;
  CHECK(cfg.sandbox.enabled);
  CHECK(cfg.worker.repair_attempts == 2);
  CHECK(cfg.sandbox.timeout == std::chrono::milliseconds(10000));

  apply_config_json(cfg, json::parse(R"({
    "worker": {"repair_attempts": 0},
    "sandbox": {"enabled": false, "node": "/opt/node/bin/node", "dir": "/srv/sandbox",
                "worker_runners": 4, "api_runners": 2, "timeout_ms": 1500, "heap_mb": 128,
                "address_space_mb": 3072, "max_output_bytes": 1048576}
  })"));
  validate_config(cfg);
  CHECK(cfg.worker.repair_attempts == 0);
  CHECK_FALSE(cfg.sandbox.enabled);
  CHECK(cfg.sandbox.node == "/opt/node/bin/node");
  CHECK(cfg.sandbox.dir == "/srv/sandbox");
  CHECK(cfg.sandbox.worker_runners == 4);
  CHECK(cfg.sandbox.api_runners == 2);
  CHECK(cfg.sandbox.timeout == std::chrono::milliseconds(1500));
  CHECK(cfg.sandbox.heap_mb == 128);
  CHECK(cfg.sandbox.address_space_mb == 3072);
  CHECK(cfg.sandbox.max_output_bytes == 1048576u);

  Config bad;
  apply_config_json(bad, json::parse(R"({"worker": {"repair_attempts": 11}})"));
  CHECK_THROWS_AS(validate_config(bad), std::invalid_argument);
  Config no_runners;
  apply_config_json(no_runners, json::parse(R"({"sandbox": {"worker_runners": 0}})"));
  CHECK_THROWS_AS(validate_config(no_runners), std::invalid_argument);
  Config wrong_type;
  CHECK_THROWS_AS(apply_config_json(wrong_type, json::parse(R"({"sandbox": {"enabled": 1}})")),
                  std::invalid_argument);
}
