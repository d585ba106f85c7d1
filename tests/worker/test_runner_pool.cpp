// The sandbox with real Node.js runner processes (sandbox/runner.js). Skipped when Node.js or
// csg.js is not installed.
#include "support/run_coro.hpp"
#include "worker/sandbox/runner_pool.hpp"
#include "worker/sandbox/sandbox_setup.hpp"
#include "worker/validation/code_validator.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace genx3d;
using namespace genx3d::worker;
using namespace genx3d::test;
namespace asio = boost::asio;

namespace {

struct PoolRig {
  asio::io_context ioc;
  std::unique_ptr<sandbox::RunnerPool> pool;

  // Runs that should succeed get a timeout no loaded machine reaches (the gear took over a
  // second under ASan beside another build); the timeout tests pass a short one.
  explicit PoolRig(int runners = 1,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds(20000)) {
    SandboxConfig config;
    config.timeout = timeout;
    config.heap_mb = 96;
    sandbox::SandboxSetup setup = sandbox::setup_sandbox(config, runners);
    if (setup.options) {
      setup.options->kill_grace = std::chrono::milliseconds(1500);
      pool = std::make_unique<sandbox::RunnerPool>(ioc.get_executor(), *setup.options);
    } else {
      WARN("sandbox not available: " << setup.skipped);
    }
  }

  sandbox::RunResult run(std::string code) {
    return run_coro(ioc, pool->run(std::move(code)), std::chrono::seconds(60));
  }
};

const char* kGear = R"(var teeth = 20;
var body = CSG.cylinder({start: [0, 0, 0], end: [0, 0, 8], radius: 18, slices: 40});
for (var i = 0; i < teeth; i++) {
  var a = i * 2 * Math.PI / teeth;
  body = body.union(CSG.cube({center: [19 * Math.cos(a), 19 * Math.sin(a), 4],
                              radius: [1, 1, 4]}));
}
var myGear = body;)";

}  // namespace

TEST_CASE("runner pool: code that makes a solid returns its mesh", "[runner_pool]") {
  PoolRig rig;
  if (!rig.pool) return;
  auto r = rig.run("var cube = CSG.cube({center: [0, 0, 0], radius: [10, 15, 2.5]});");
  REQUIRE(r.ok());
  CHECK(r.variable == "cube");
  CHECK(r.mesh->polygons == 6);
  CHECK(r.mesh->triangles.size() == 12);
  CHECK(r.mesh->vertices.size() == 8);
  Validation v = describe_run(r, "a 20 x 30 x 5 mm box");
  CHECK(*v.ok);
  CHECK(v.closed);
  CHECK(v.volume == Approx(3000));
  CHECK(v.size == std::array<double, 3>{20, 30, 5});
  REQUIRE(v.checks.size() == 3);
  for (const auto& c : v.checks) CHECK(c.met);
}

TEST_CASE("runner pool: a CSG subtraction is measured as a closed solid", "[runner_pool]") {
  PoolRig rig;
  if (!rig.pool) return;
  auto r = rig.run(kGear);
  REQUIRE(r.ok());
  Validation v = describe_run(r, "a gear with 20 teeth and 40 mm diameter");
  CHECK(v.closed);
  CHECK(v.volume > 0);
  CHECK(v.size[2] == Approx(8));
}

TEST_CASE("runner pool: failures carry a kind, a message and a place", "[runner_pool]") {
  PoolRig rig;
  if (!rig.pool) return;

  auto syntax = rig.run("var a = CSG.cube();\nvar broken = ;");
  REQUIRE(syntax.error);
  CHECK(syntax.error->kind == "syntax");
  CHECK(syntax.error->line == 2);
  CHECK(syntax.error->column == 14);

  auto missing = rig.run("var a = CSG.cube();\n\nvar b = CSG.torus({radius: 3});");
  REQUIRE(missing.error);
  CHECK(missing.error->kind == "runtime");
  CHECK_THAT(missing.error->message, Catch::Matchers::Contains("CSG.torus is not a function"));
  CHECK(missing.error->line == 3);
  CHECK(missing.error->column.has_value());

  auto nothing = rig.run("var n = 3;");
  REQUIRE(nothing.error);
  CHECK(nothing.error->kind == "no_solid");

  auto empty = rig.run("   \n");
  REQUIRE(empty.error);
  CHECK(empty.error->kind == "no_code");
}

TEST_CASE("runner pool: hostile code fails cleanly and the pool keeps serving",
          "[runner_pool][hostile]") {
  PoolRig rig(1, std::chrono::milliseconds(1000));
  if (!rig.pool) return;
  const char* kOk = "var ok = CSG.sphere({radius: 2});";
  REQUIRE(rig.run(kOk).ok());

  SECTION("an endless loop is stopped by the timeout") {
    auto r = rig.run("var a = CSG.cube();\nwhile (true) {}");
    REQUIRE(r.error);
    CHECK(r.error->kind == "timeout");
  }
  SECTION("an endless loop inside a getter of the solid is stopped too") {
    auto r = rig.run("var s = CSG.cube(); s.toPolygons = function () { for (;;) {} };");
    REQUIRE(r.error);
    CHECK(r.error->kind == "timeout");
  }
  SECTION("a memory bomb ends the runner, which restarts") {
    auto r = rig.run("var a = []; for (;;) a.push(new Array(1e6).fill(1.5));");
    REQUIRE(r.error);
    INFO(r.error->message);
    CHECK(r.error->kind == "out_of_memory");
    CHECK(rig.run(kOk).ok());
    CHECK(rig.pool->restarts() == 1);
  }
  SECTION("require, process, module, fetch and globalThis.process do not exist") {
    for (const char* code : {"var fs = require('fs');", "process.exit(1);", "module.exports = 1;",
                             "fetch('http://example.com');", "var p = globalThis.process.env;"}) {
      INFO(code);
      auto r = rig.run(code);
      REQUIRE(r.error);
      CHECK(r.error->kind == "runtime");
    }
  }
  SECTION("the Function constructor does not compile strings, from any object") {
    for (const char* code :
         {"this.constructor.constructor('return process')().exit(1);",
          "CSG.constructor.constructor('return process')().exit(1);",
          "var s = CSG.cube(); s.constructor.constructor('return this')();", "eval('1 + 1');"}) {
      INFO(code);
      auto r = rig.run(code);
      REQUIRE(r.error);
      CHECK_THAT(r.error->message, Catch::Matchers::Contains("Code generation from strings"));
    }
  }
  SECTION("the host's slots cannot be turned into accessors or replaced") {
    auto r = rig.run(
        "Object.defineProperty(globalThis, '__genx3d_completion', {set: function () {"
        " for (;;) {} }});\nvar c = CSG.cube();");
    REQUIRE(r.error);
    CHECK(r.error->kind == "runtime");
    CHECK(r.error->line == 1);
    auto fooled = rig.run("__genx3d_CSG = function () {};\nvar c = CSG.cube();");
    CHECK(fooled.ok());
  }
  SECTION("replacing CSG or polluting prototypes does not reach the next run") {
    auto r = rig.run("Object.prototype.polygons = 1; Array.prototype.map = null; CSG = null;");
    CHECK(r.error);
  }
  auto after = rig.run(kOk);
  CHECK(after.ok());
}

TEST_CASE("runner pool: concurrent runs share the runners", "[runner_pool]") {
  PoolRig rig(2);
  if (!rig.pool) return;
  std::vector<std::shared_ptr<Slot<sandbox::RunResult>>> slots;
  for (int i = 0; i < 6; ++i) {
    slots.push_back(spawn(
        rig.ioc, rig.pool->run("var c = CSG.cube({radius: " + std::to_string(i + 1) + "});")));
  }
  run_until(rig.ioc, [&] {
    for (auto& s : slots) {
      if (!s->done) return false;
    }
    return true;
  });
  for (int i = 0; i < 6; ++i) {
    auto r = slots[i]->get();
    REQUIRE(r.ok());
    Validation v = describe_run(r, "");
    CHECK(v.size[0] == Approx(2.0 * (i + 1)));
  }
  CHECK(rig.pool->runs() == 6);
}

TEST_CASE("validator: overlapping validations of the same code share one run, then the cache",
          "[runner_pool][validation_cache]") {
  PoolRig rig(2);
  if (!rig.pool) return;
  SandboxValidator validator(rig.pool.get(), "");
  const std::string code = "var c = CSG.cube({radius: 5});";
  std::vector<std::shared_ptr<Slot<Validation>>> slots;
  for (int i = 0; i < 8; ++i) {
    slots.push_back(spawn(rig.ioc, validator.validate(code, i % 2 ? "a 10 mm cube" : "a cube")));
  }
  run_until(rig.ioc, [&] {
    return std::all_of(slots.begin(), slots.end(), [](auto& s) { return s->done; });
  });
  for (int i = 0; i < 8; ++i) {
    Validation v = slots[i]->get();
    REQUIRE(v.ok);
    CHECK(*v.ok);
    CHECK(v.checks.size() == (i % 2 ? 1u : 0u));  // checks follow each job's own message
  }
  CHECK(rig.pool->runs() == 1);
  Validation again = run_coro(rig.ioc, validator.validate(code, "a 10 mm cube"));
  CHECK(again.elapsed_ms == 0);
  CHECK(rig.pool->runs() == 1);
  CHECK(validator.cache().hits() >= 1);
}
