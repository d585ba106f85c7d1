// The definitions file operators load (deploy/rabbitmq/definitions.json) must describe the same
// topology the processes declare at connect (queue/amqp/topology.hpp).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

#include "queue/amqp/topology.hpp"

namespace {

nlohmann::json definitions() {
  auto path = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() /
              "deploy" / "rabbitmq" / "definitions.json";
  std::ifstream in(path);
  REQUIRE(in);
  return nlohmann::json::parse(in);
}

const nlohmann::json* find_named(const nlohmann::json& list, const std::string& name) {
  for (const auto& e : list) {
    if (e.value("name", "") == name) return &e;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the definitions file declares the exchanges and queues the processes use",
          "[topology]") {
  genx3d::amqp::Topology t;
  auto defs = definitions();
  for (const auto& ex : {t.exchange, t.dead_letter_exchange}) {
    auto* e = find_named(defs["exchanges"], ex);
    REQUIRE(e);
    CHECK((*e)["type"] == "direct");
    CHECK((*e)["durable"] == true);
  }
  auto* jobs = find_named(defs["queues"], t.jobs_queue);
  REQUIRE(jobs);
  CHECK((*jobs)["arguments"]["x-queue-type"] == "quorum");
  CHECK((*jobs)["arguments"]["x-dead-letter-exchange"] == t.dead_letter_exchange);
  CHECK((*jobs)["arguments"]["x-delivery-limit"] == t.delivery_limit);
  REQUIRE(find_named(defs["queues"], t.results_queue));
  REQUIRE(find_named(defs["queues"], t.dead_queue));
}

TEST_CASE("the definitions file binds each queue with the routing keys the processes use",
          "[topology]") {
  genx3d::amqp::Topology t;
  auto defs = definitions();
  auto bound = [&](const std::string& src, const std::string& queue, const std::string& key) {
    for (const auto& b : defs["bindings"]) {
      if (b["source"] == src && b["destination"] == queue && b["routing_key"] == key) return true;
    }
    return false;
  };
  CHECK(bound(t.exchange, t.jobs_queue, t.jobs_key));
  CHECK(bound(t.exchange, t.results_queue, t.results_key));
  CHECK(bound(t.dead_letter_exchange, t.dead_queue, t.jobs_key));
}

TEST_CASE("batch jobs have their own dead-lettered queue in the definitions file", "[topology]") {
  genx3d::amqp::Topology t;
  auto defs = definitions();
  auto* batch = find_named(defs["queues"], t.batch_queue);
  REQUIRE(batch);
  CHECK((*batch)["arguments"]["x-queue-type"] == "quorum");
  CHECK((*batch)["arguments"]["x-dead-letter-exchange"] == t.dead_letter_exchange);
  int bindings = 0;
  for (const auto& b : defs["bindings"]) {
    if (b["routing_key"] == t.batch_key) ++bindings;
  }
  CHECK(bindings == 2);  // genx3d -> genx3d.jobs.batch, genx3d.dlx -> genx3d.jobs.dead
}
