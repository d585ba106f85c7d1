#include "worker/validation/code_validator.hpp"

#include "worker/sandbox/mesh_measures.hpp"
#include "worker/sandbox/runner_pool.hpp"
#include "worker/validation/dimension_checks.hpp"

#include <boost/asio/this_coro.hpp>

#include <cmath>
#include <fmt/format.h>

namespace genx3d::worker {
namespace asio = boost::asio;

namespace {

double round_to(double v, double quantum) { return std::round(v / quantum) * quantum; }

}  // namespace

Validation describe_run(const sandbox::RunResult& run, std::string_view message) {
  Validation v;
  v.elapsed_ms = round_to(run.elapsed_ms, 0.001);
  if (!run.mesh) {
    v.ok = false;
    v.error = run.error.value_or(CodeError{"sandbox_error", "no result", {}, {}});
    return v;
  }
  sandbox::MeshMeasures m = sandbox::measure(*run.mesh);
  v.ok = true;
  v.polygons = run.mesh->polygons;
  v.triangles = m.triangles;
  for (int axis = 0; axis < 3; ++axis) {
    v.bbox_min[axis] = round_to(m.min[axis], 1e-6);
    v.bbox_max[axis] = round_to(m.max[axis], 1e-6);
    v.size[axis] = round_to(m.size[axis], 1e-6);
  }
  v.volume = round_to(m.volume, 1e-3);
  v.closed = m.closed;
  v.checks = check_dimensions(message, m.size);
  return v;
}

std::string describe_error(const CodeError& error) {
  if (error.line && error.column) {
    return fmt::format("line {}, column {}: {}", *error.line, *error.column, error.message);
  }
  if (error.line) return fmt::format("line {}: {}", *error.line, error.message);
  return error.message;
}

asio::awaitable<Validation> SandboxValidator::validate(std::optional<std::string> code,
                                                       std::string message) {
  Validation v;
  if (!pool_) {
    v.skipped = skipped_;
    co_return v;
  }
  if (!code || code->find_first_not_of(" \t\r\n") == std::string::npos) {
    v.ok = false;
    v.error = CodeError{"no_code", "the answer has no code", {}, {}};
    co_return v;
  }
  auto reuse = [&](Validation seen) {
    seen.elapsed_ms = 0;
    if (seen.ok.value_or(false)) seen.checks = check_dimensions(message, seen.size);
    return seen;
  };
  if (auto seen = cache_.find(*code)) co_return reuse(std::move(*seen));
  auto [flight, leader] = in_flight_.join(*code, co_await asio::this_coro::executor);
  if (!leader) co_return reuse(co_await InFlightRuns::await_result(flight));
  sandbox::RunResult run = co_await pool_->run(*code);
  Validation fresh = describe_run(run, message);
  cache_.store(*code, fresh);
  in_flight_.finish(*code, flight, fresh);
  co_return fresh;
}

}  // namespace genx3d::worker
