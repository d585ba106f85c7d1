// interactive: chat latency on an idle server, then the same while a large batch drains
// (POST /api/v1/chat/batch). A server without the batch API answers 404; the run then reports
// "skipped: no batch API" instead of failing, so the scenario can stay in the default list.
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "loadgen/run_context.hpp"

namespace genx3d::bench {
namespace asio = boost::asio;
using boost::beast::http::verb;

namespace {

std::string batch_body(const Options& opt) {
  nlohmann::json requests = nlohmann::json::array();
  for (int i = 0; i < opt.batch_size; ++i) {
    nlohmann::json r = {{"custom_id", "b" + std::to_string(i)}, {"message", opt.message}};
    if (!opt.model.empty()) r["model"] = opt.model;
    requests.push_back(std::move(r));
  }
  return nlohmann::json{{"requests", std::move(requests)}}.dump();
}

// Polls the batch every second until it is final; `done` is set then.
asio::awaitable<void> watch_batch(RunContext& ctx, std::string id, bool& done, double& drain_s) {
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  auto t0 = Clock::now();
  while (!done) {
    auto r = co_await conn.request(verb::get, "/api/v1/batches/" + id, {}, std::chrono::seconds(10));
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    std::string status = j.is_object() ? j.value("status", "") : "";
    if (r.ec || r.status != 200 || status == "completed" || status == "cancelled") {
      done = true;
      drain_s = ms_since(t0) / 1000.0;
      co_return;
    }
    co_await sleep_for(std::chrono::seconds(1));
  }
}

nlohmann::json phase_json(const Tally& t) {
  return {{"latency", t.summary()}, {"failed", t.failed_count()}};
}

}  // namespace

asio::awaitable<RunReport> run_interactive(RunContext& ctx) {
  RunReport report;
  report.mode = "interactive";
  report.label = ctx.opt.label;
  const Options& opt = ctx.opt;
  ConnPool pool(ctx);
  Tally idle, busy;
  co_await open_loop(ctx, pool, opt.interactive_rate, opt.duration_s, [] { return true; }, idle);
  HttpConn conn(ctx.ioc.get_executor(), ctx.target);
  auto submitted = co_await conn.request(verb::post, "/api/v1/chat/batch", batch_body(opt),
                                         std::chrono::seconds(120));
  if (submitted.status == 404 || submitted.status == 405) {
    report.extra = {{"skipped", "no batch API"}, {"idle", phase_json(idle)}};
    co_return report;
  }
  auto batch = nlohmann::json::parse(submitted.body, nullptr, false);
  if (submitted.ec || submitted.status / 100 != 2 || !batch.is_object() || !batch.contains("id")) {
    report.failed = 1;
    report.failures["batch submit: http " + std::to_string(submitted.status)] = 1;
    co_return report;
  }
  bool done = false;
  double drain_s = 0;
  co_await measured(ctx, report, [&]() -> asio::awaitable<void> {
    asio::co_spawn(ctx.ioc, watch_batch(ctx, batch["id"].get<std::string>(), done, drain_s),
                   asio::detached);
    // At most ten minutes: a batch that never drains must not hang the benchmark.
    co_await open_loop(ctx, pool, opt.interactive_rate, 600, [&] { return !done; }, busy);
  });
  take_tally(report, busy);
  report.extra = {{"idle", phase_json(idle)},
                  {"under_batch", phase_json(busy)},
                  {"batch_size", opt.batch_size},
                  {"batch_drain_s", drain_s},
                  {"batch_jobs_per_s", drain_s > 0 ? opt.batch_size / drain_s : 0}};
  co_return report;
}

}  // namespace genx3d::bench
