// /healthz, /readyz and GET /api/v1/ai-models.
#include "api/api_app.hpp"
#include "api/json_body.hpp"

namespace genx3d::api {
namespace asio = boost::asio;

void add_system_routes(Router& router, ApiServices& services) {
  // GET /healthz -> 200 {"status": "ok"}: the process answers.
  router.add("GET", "/healthz", Access::public_route,
             [](RequestContext&) -> asio::awaitable<HttpResponse> {
               co_return json_response(200, R"({"status":"ok"})");
             });

  // GET /readyz -> 200 {"status": "ready", "checks": {"store": "ok", "queue": "ok"}} or 503.
  router.add("GET", "/readyz", Access::public_route,
             [&services](RequestContext&) -> asio::awaitable<HttpResponse> {
               auto probe = co_await services.store.run([](Store& s) { return s.schema_version(); });
               const bool store_ok = probe.has_value();
               const bool queue_ok = services.queue_healthy();
               const bool ready = store_ok && queue_ok && !services.waiters.is_shut_down();
               nlohmann::json body = {
                   {"status", ready ? "ready" : "not_ready"},
                   {"checks",
                    {{"store", store_ok ? "ok" : "down"}, {"queue", queue_ok ? "ok" : "down"}}}};
               co_return json_response(ready ? 200 : 503, dump_json(body));
             });

  // GET /api/v1/ai-models -> 200 {"default_model": "gpt-4o-mini", "ai_models": [{"id",
  //   "available", "provider", "served_by", "fallbacks", "description"}…]}
  router.add("GET", "/api/v1/ai-models", Access::api_key,
             [&services](RequestContext&) -> asio::awaitable<HttpResponse> {
               const ModelCatalog& catalog = services.catalog;
               nlohmann::json models = nlohmann::json::array();
               for (const auto& e : catalog.entries()) {
                 auto chain = catalog.serving_chain(e.id);
                 models.push_back(
                     {{"id", e.id},
                      {"available", !chain.empty()},
                      {"provider", e.provider},
                      {"served_by", chain.empty() ? nlohmann::json(nullptr) : nlohmann::json(chain[0])},
                      {"fallbacks", e.fallbacks},
                      {"description", e.description}});
               }
               co_return json_response(
                   200, dump_json({{"default_model", services.config.chat.default_model},
                                   {"ai_models", std::move(models)}}));
             });
}

}  // namespace genx3d::api
