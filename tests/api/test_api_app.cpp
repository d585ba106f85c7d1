#include "api/api_app.hpp"
#include "queue/inproc/inproc_job_queue.hpp"
#include "support/fake_provider.hpp"
#include "support/memory_store.hpp"
#include "support/run_coro.hpp"
#include "worker/job_runner.hpp"
#include "worker/providers/builtin_provider.hpp"
#include "worker/worker_pool.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <regex>
#include <string>

using namespace genx3d;
using namespace genx3d::api;
using namespace genx3d::test;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using nlohmann::json;
namespace asio = boost::asio;

namespace {

// A request as the HTTP server would hand it over.
struct Req {
  HttpRequest r;
  Req(std::string method, std::string path) {
    r.method = std::move(method);
    r.path = std::move(path);
    r.target = r.path;
  }
  Req& key(const std::string& raw) { return header("authorization", "Bearer " + raw); }
  Req& header(std::string name, std::string value) {
    r.headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  Req& json_body(const json& body) {
    r.body = body.dump();
    return header("content-type", "application/json");
  }
  Req& query(std::string name, std::string value) {
    r.target += (r.query.empty() ? "?" : "&") + name + "=" + value;
    r.query.emplace(std::move(name), std::move(value));
    return *this;
  }
};

std::optional<std::string> header(const HttpResponse& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return std::nullopt;
}

json body_of(const HttpResponse& r) {
  INFO("body: " << r.body);
  json j = json::parse(r.body, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

// Asserts the seed's error shape with this status, type and code.
json require_error(const HttpResponse& r, int status, const char* type, const char* code) {
  INFO("body: " << r.body);
  CHECK(r.status == status);
  CHECK(r.content_type == "application/json");
  json j = body_of(r);
  REQUIRE(j.contains("error"));
  CHECK(j["error"]["type"] == type);
  CHECK(j["error"]["code"] == code);
  CHECK(j["error"]["message"].is_string());
  CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
  return j["error"];
}

bool is_rfc3339(const json& j) {
  static const std::regex re(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)");
  return j.is_string() && std::regex_match(j.get<std::string>(), re);
}

struct Options {
  Config cfg;
  std::optional<int> alice_rate_limit;
  std::chrono::milliseconds builtin_latency{0};
  FakeProvider::Options broken;  // answers for "broken-model"
};

// The whole pipeline in one process: ApiApp -> ChatService -> InprocJobQueue -> WorkerPool ->
// JobRunner -> ProviderRouter -> BuiltinProvider, over an in-memory store. No sockets.
struct AppRig {
  asio::io_context ioc;
  Config cfg;
  ModelCatalog catalog;
  MemoryStore ms;
  InprocJobQueue queue;
  JobWaiters waiters;
  ChatService chat;
  std::shared_ptr<FakeProvider> broken;
  worker::ProviderRouter router;
  worker::JobRunner runner;
  worker::WorkerPool pool;
  ApiApp app;

  explicit AppRig(Options o = {})
      : cfg(std::move(o.cfg)),
        catalog(catalog_with_broken_model()),
        ms(o.alice_rate_limit),
        chat(cfg, catalog, *ms.executor, queue, waiters),
        broken(std::make_shared<FakeProvider>(o.broken)),
        router(catalog, {{"builtin", std::make_shared<worker::BuiltinProvider>(o.builtin_latency)},
                         {"fake", broken}}),
        runner(router),
        pool({ioc.get_executor()}, queue, chat, runner, 4),
        app(ApiServices{cfg, catalog, *ms.executor, chat, waiters, [] { return true; }}) {
    pool.start();
  }

  ~AppRig() {
    queue.close();
    try {
      run_coro(ioc, pool.drained(), 10s);
    } catch (...) {
    }
  }

  static ModelCatalog catalog_with_broken_model() {
    ModelCatalog c = ModelCatalog::with_defaults();
    c.add({"broken-model", "fake", {}, "always fails (test double)"});
    c.set_provider_available("fake", true);
    return c;
  }

  HttpResponse call(Req req) { return run_coro(ioc, app.handle(std::move(req.r)), 60s); }
  const std::string& alice() const { return ms.alice.raw; }
  const std::string& bob() const { return ms.bob.raw; }

  json chat_ok(const json& body, const std::string& key) {
    HttpResponse r = call(Req("POST", "/api/v1/chat").key(key).json_body(body));
    INFO("body: " << r.body);
    REQUIRE(r.status == 200);
    return body_of(r);
  }
};

}  // namespace

TEST_CASE("health and readiness need no key", "[api_app]") {
  AppRig rig;
  HttpResponse health = rig.call(Req("GET", "/healthz"));
  CHECK(health.status == 200);
  CHECK(body_of(health) == json{{"status", "ok"}});
  HttpResponse ready = rig.call(Req("GET", "/readyz"));
  CHECK(ready.status == 200);
  CHECK(body_of(ready)["status"] == "ready");
  CHECK(body_of(ready)["checks"] == json{{"store", "ok"}, {"queue", "ok"}});
}

TEST_CASE("readiness turns 503 once the waiters shut down", "[api_app]") {
  AppRig rig;
  rig.waiters.shutdown();
  HttpResponse ready = rig.call(Req("GET", "/readyz"));
  CHECK(ready.status == 503);
  CHECK(body_of(ready)["status"] == "not_ready");
}

TEST_CASE("a sync chat runs through the whole pipeline and answers 200", "[api_app]") {
  AppRig rig;
  HttpResponse r = rig.call(Req("POST", "/api/v1/chat")
                                .key(rig.alice())
                                .json_body({{"message", "Create a cube with 20mm sides"}}));
  INFO("body: " << r.body);
  REQUIRE(r.status == 200);
  json j = body_of(r);
  CHECK(j["id"].get<std::string>().rfind("chat_", 0) == 0);
  CHECK(r.job_id == j["id"]);
  CHECK(j["message"].is_string());
  REQUIRE(j["code"].is_string());
  CHECK_FALSE(j["code"].get<std::string>().empty());
  CHECK(is_rfc3339(j["timestamp"]));
  CHECK(j["session_id"].get<std::string>().rfind("session_", 0) == 0);
  CHECK(j["model_used"] == "builtin/parametric");
  CHECK(j["tokens_used"].get<int>() > 0);
  CHECK(j["warnings"].is_array());
}

TEST_CASE("a succeeded chat adds the user's and the assistant's messages", "[api_app]") {
  AppRig rig;
  json answer =
      rig.chat_ok({{"message", "Create a sphere of radius 5"}, {"session_id", "s-1"}}, rig.alice());
  CHECK(answer["session_id"] == "s-1");

  HttpResponse h =
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice()).query("session_id", "s-1"));
  REQUIRE(h.status == 200);
  json history = body_of(h);
  CHECK(history["total"] == 2);
  CHECK(history["has_more"] == false);
  REQUIRE(history["messages"].size() == 2);
  const json& user = history["messages"][0];
  const json& assistant = history["messages"][1];
  CHECK(user["role"] == "user");
  CHECK(user["content"] == "Create a sphere of radius 5");
  CHECK_FALSE(user.contains("code"));
  CHECK(user["id"].get<std::string>().rfind("msg_", 0) == 0);
  CHECK(is_rfc3339(user["timestamp"]));
  CHECK(assistant["role"] == "assistant");
  CHECK(assistant["content"] == answer["message"]);
  CHECK(assistant["code"] == answer["code"]);

  HttpResponse page = rig.call(Req("GET", "/api/v1/chat/history")
                                   .key(rig.alice())
                                   .query("session_id", "s-1")
                                   .query("limit", "1"));
  REQUIRE(page.status == 200);
  CHECK(body_of(page)["messages"].size() == 1);
  CHECK(body_of(page)["has_more"] == true);

  HttpResponse cleared =
      rig.call(Req("DELETE", "/api/v1/chat/history").key(rig.alice()).query("session_id", "s-1"));
  REQUIRE(cleared.status == 200);
  CHECK(body_of(cleared) == json{{"success", true}, {"message", "Chat history cleared"}});
  HttpResponse after =
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice()).query("session_id", "s-1"));
  CHECK(body_of(after)["total"] == 0);
}

TEST_CASE("history needs an owned session and valid paging", "[api_app]") {
  AppRig rig;
  rig.chat_ok({{"message", "a cube"}, {"session_id", "alice-s"}}, rig.alice());
  require_error(rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice())), 400,
                "invalid_request_error", "missing_field");
  require_error(
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice()).query("session_id", "nobody-s")),
      404, "not_found_error", "not_found");
  require_error(
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.bob()).query("session_id", "alice-s")),
      404, "not_found_error", "not_found");
  require_error(
      rig.call(Req("DELETE", "/api/v1/chat/history").key(rig.bob()).query("session_id", "alice-s")),
      404, "not_found_error", "not_found");
  for (const char* limit : {"0", "201", "x", "-1", ""}) {
    INFO("limit=" << limit);
    auto e = require_error(rig.call(Req("GET", "/api/v1/chat/history")
                                        .key(rig.alice())
                                        .query("session_id", "alice-s")
                                        .query("limit", limit)),
                           400, "invalid_request_error", "invalid_field");
    CHECK_THAT(e["message"].get<std::string>(), Contains("limit"));
  }
  // Bob's failed attempt to clear it left Alice's history alone.
  HttpResponse h =
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice()).query("session_id", "alice-s"));
  CHECK(body_of(h)["total"] == 2);
}

TEST_CASE("an async chat answers 202 with a Location to poll", "[api_app]") {
  AppRig rig;
  HttpResponse r = rig.call(
      Req("POST", "/api/v1/chat")
          .key(rig.alice())
          .json_body({{"message", "a cylinder 10 mm tall"}, {"async", true}, {"model", "gpt-4o"}}));
  INFO("body: " << r.body);
  REQUIRE(r.status == 202);
  json j = body_of(r);
  const std::string id = j["id"];
  CHECK(header(r, "Location") == std::optional<std::string>("/api/v1/jobs/" + id));
  CHECK(j["object"] == "chat.job");
  CHECK(j["status"] == "queued");
  CHECK(j["model"] == "gpt-4o");
  CHECK(j["result"].is_null());
  CHECK(j["error"].is_null());
  CHECK(is_rfc3339(j["created_at"]));

  HttpResponse polled =
      rig.call(Req("GET", "/api/v1/jobs/" + id).key(rig.alice()).query("wait", "30"));
  REQUIRE(polled.status == 200);
  json job = body_of(polled);
  CHECK(job["status"] == "succeeded");
  CHECK(job["attempts"] == 1);
  CHECK(is_rfc3339(job["started_at"]));
  CHECK(is_rfc3339(job["finished_at"]));
  REQUIRE(job["result"].is_object());
  CHECK(job["result"]["id"] == id);
  CHECK(job["result"]["model_used"] == "builtin/parametric");
}

TEST_CASE("Prefer: respond-async makes a chat async", "[api_app]") {
  AppRig rig;
  HttpResponse r = rig.call(Req("POST", "/api/v1/chat")
                                .key(rig.alice())
                                .header("prefer", "respond-async, wait=5")
                                .json_body({{"message", "a cube"}}));
  CHECK(r.status == 202);
  CHECK(header(r, "Location").has_value());
}

TEST_CASE("a sync chat longer than the sync bound answers 202", "[api_app]") {
  Options o;
  o.cfg.server.sync_wait = 0s;
  o.builtin_latency = 100ms;
  AppRig rig(o);
  HttpResponse r =
      rig.call(Req("POST", "/api/v1/chat").key(rig.alice()).json_body({{"message", "a cube"}}));
  REQUIRE(r.status == 202);
  const std::string id = body_of(r)["id"];
  CHECK(header(r, "Location") == std::optional<std::string>("/api/v1/jobs/" + id));
  HttpResponse polled =
      rig.call(Req("GET", "/api/v1/jobs/" + id).key(rig.alice()).query("wait", "30"));
  CHECK(body_of(polled)["status"] == "succeeded");
}

TEST_CASE("jobs are private and ?wait is checked", "[api_app]") {
  AppRig rig;
  HttpResponse r = rig.call(Req("POST", "/api/v1/chat")
                                .key(rig.alice())
                                .json_body({{"message", "a cube"}, {"async", true}}));
  REQUIRE(r.status == 202);
  const std::string id = body_of(r)["id"];
  require_error(rig.call(Req("GET", "/api/v1/jobs/" + id).key(rig.bob())), 404, "not_found_error",
                "not_found");
  require_error(rig.call(Req("GET", "/api/v1/jobs/chat_000000000000000000000000").key(rig.alice())),
                404, "not_found_error", "not_found");
  for (const char* wait : {"61", "-1", "abc", "1.5", ""}) {
    INFO("wait=" << wait);
    auto e = require_error(
        rig.call(Req("GET", "/api/v1/jobs/" + id).key(rig.alice()).query("wait", wait)), 400,
        "invalid_request_error", "invalid_field");
    CHECK_THAT(e["message"].get<std::string>(), Contains("wait"));
  }
  HttpResponse now = rig.call(Req("GET", "/api/v1/jobs/" + id).key(rig.alice()).query("wait", "0"));
  CHECK(now.status == 200);
}

TEST_CASE("a sync chat whose job fails answers 502 with the job's error", "[api_app]") {
  Options o;
  o.broken.error = worker::ProviderError{"provider_rejected", "the fake refused", false, {}};
  AppRig rig(o);
  auto e = require_error(rig.call(Req("POST", "/api/v1/chat")
                                      .key(rig.alice())
                                      .json_body({{"message", "a cube"},
                                                  {"model", "broken-model"},
                                                  {"session_id", "s-fail"}})),
                         502, "provider_error", "provider_rejected");
  CHECK_THAT(e["message"].get<std::string>(), Contains("the fake refused"));
  CHECK(rig.broken->calls() == 1);
  HttpResponse h =
      rig.call(Req("GET", "/api/v1/chat/history").key(rig.alice()).query("session_id", "s-fail"));
  CHECK(body_of(h)["total"] == 0);  // failed jobs add nothing
}

TEST_CASE("a retryable failure is tried kMaxAttempts times before the 502", "[api_app]") {
  Options o;
  o.broken.error = worker::ProviderError{"provider_unavailable", "try later", true, {}};
  AppRig rig(o);
  HttpResponse r = rig.call(Req("POST", "/api/v1/chat")
                                .key(rig.alice())
                                .json_body({{"message", "a cube"}, {"model", "broken-model"}}));
  require_error(r, 502, "provider_error", "provider_unavailable");
  CHECK(rig.broken->calls() == ChatService::kMaxAttempts);
  HttpResponse job = rig.call(Req("GET", "/api/v1/jobs/" + r.job_id).key(rig.alice()));
  json j = body_of(job);
  CHECK(j["status"] == "failed");
  CHECK(j["attempts"] == ChatService::kMaxAttempts);
  CHECK(j["error"]["code"] == "provider_unavailable");
}

TEST_CASE("chat request errors come back in the error shape", "[api_app]") {
  AppRig rig;
  auto post = [&](const std::string& body) {
    Req req("POST", "/api/v1/chat");
    req.key(rig.alice()).header("content-type", "application/json");
    req.r.body = body;
    return rig.call(req);
  };
  require_error(post("{not json"), 400, "invalid_request_error", "invalid_json");
  require_error(post("{}"), 400, "invalid_request_error", "missing_field");
  auto temp = require_error(post(R"({"message": "m", "temperature": 3})"), 400,
                            "invalid_request_error", "invalid_field");
  CHECK_THAT(temp["message"].get<std::string>(), Contains("temperature"));
  auto model = require_error(post(R"({"message": "m", "model": "gpt-9"})"), 400,
                             "invalid_request_error", "model_not_available");
  CHECK_THAT(model["message"].get<std::string>(), Contains("builtin/parametric"));
  require_error(post(R"({"message": "m", "context": "model_000000000000000000000000"})"), 404,
                "not_found_error", "not_found");
}

TEST_CASE("a chat may build on one of the caller's models", "[api_app]") {
  AppRig rig;
  HttpResponse created =
      rig.call(Req("POST", "/api/v1/models")
                   .key(rig.alice())
                   .json_body({{"name", "Block"}, {"code", "var b = CSG.cube({radius: 5});"}}));
  REQUIRE(created.status == 201);
  const std::string model_id = body_of(created)["id"];
  rig.chat_ok({{"message", "make it twice as tall"}, {"context", model_id}}, rig.alice());
  require_error(rig.call(Req("POST", "/api/v1/chat")
                             .key(rig.bob())
                             .json_body({{"message", "steal it"}, {"context", model_id}})),
                404, "not_found_error", "not_found");
}

TEST_CASE("3D models: create, list, read, update, delete", "[api_app]") {
  AppRig rig;
  HttpResponse created = rig.call(Req("POST", "/api/v1/models")
                                      .key(rig.alice())
                                      .json_body({{"name", "Gear"}, {"code", "var g;"}}));
  REQUIRE(created.status == 201);
  json model = body_of(created);
  const std::string id = model["id"];
  CHECK(id.rfind("model_", 0) == 0);
  CHECK(header(created, "Location") == std::optional<std::string>("/api/v1/models/" + id));
  CHECK(model["object"] == "model");
  CHECK(model["name"] == "Gear");
  CHECK(model["code"] == "var g;");
  CHECK(is_rfc3339(model["created_at"]));
  CHECK(is_rfc3339(model["updated_at"]));

  REQUIRE(rig.call(Req("POST", "/api/v1/models")
                       .key(rig.alice())
                       .json_body({{"name", "Empty"}, {"code", ""}}))
              .status == 201);
  HttpResponse list = rig.call(Req("GET", "/api/v1/models").key(rig.alice()));
  REQUIRE(list.status == 200);
  json l = body_of(list);
  CHECK(l["total"] == 2);
  CHECK(l["has_more"] == false);
  REQUIRE(l["models"].size() == 2);
  CHECK(l["models"][0]["name"] == "Empty");  // newest first

  HttpResponse one = rig.call(Req("GET", "/api/v1/models/" + id).key(rig.alice()));
  REQUIRE(one.status == 200);
  CHECK(body_of(one)["name"] == "Gear");

  HttpResponse patched = rig.call(
      Req("PATCH", "/api/v1/models/" + id).key(rig.alice()).json_body({{"name", "Big gear"}}));
  REQUIRE(patched.status == 200);
  CHECK(body_of(patched)["name"] == "Big gear");
  CHECK(body_of(patched)["code"] == "var g;");
  HttpResponse put =
      rig.call(Req("PUT", "/api/v1/models/" + id).key(rig.alice()).json_body({{"code", "var h;"}}));
  REQUIRE(put.status == 200);
  CHECK(body_of(put)["name"] == "Big gear");
  CHECK(body_of(put)["code"] == "var h;");

  HttpResponse deleted = rig.call(Req("DELETE", "/api/v1/models/" + id).key(rig.alice()));
  REQUIRE(deleted.status == 200);
  CHECK(body_of(deleted) == json{{"success", true}, {"message", "Model deleted"}});
  require_error(rig.call(Req("GET", "/api/v1/models/" + id).key(rig.alice())), 404,
                "not_found_error", "not_found");
  require_error(rig.call(Req("DELETE", "/api/v1/models/" + id).key(rig.alice())), 404,
                "not_found_error", "not_found");
}

TEST_CASE("3D models are private to their key and validated", "[api_app]") {
  AppRig rig;
  HttpResponse created = rig.call(Req("POST", "/api/v1/models")
                                      .key(rig.alice())
                                      .json_body({{"name", "Mine"}, {"code", "var m;"}}));
  REQUIRE(created.status == 201);
  const std::string id = body_of(created)["id"];
  require_error(rig.call(Req("GET", "/api/v1/models/" + id).key(rig.bob())), 404, "not_found_error",
                "not_found");
  require_error(
      rig.call(Req("PATCH", "/api/v1/models/" + id).key(rig.bob()).json_body({{"name", "Stolen"}})),
      404, "not_found_error", "not_found");
  require_error(rig.call(Req("DELETE", "/api/v1/models/" + id).key(rig.bob())), 404,
                "not_found_error", "not_found");
  CHECK(body_of(rig.call(Req("GET", "/api/v1/models").key(rig.bob())))["total"] == 0);
  CHECK(body_of(rig.call(Req("GET", "/api/v1/models/" + id).key(rig.alice())))["name"] == "Mine");

  auto post = [&](const json& body) {
    return rig.call(Req("POST", "/api/v1/models").key(rig.alice()).json_body(body));
  };
  require_error(post({{"code", "x"}}), 400, "invalid_request_error", "missing_field");
  require_error(post({{"name", "x"}}), 400, "invalid_request_error", "missing_field");
  require_error(post({{"name", ""}, {"code", "x"}}), 400, "invalid_request_error", "invalid_field");
  require_error(post({{"name", std::string(201, 'n')}, {"code", "x"}}), 400,
                "invalid_request_error", "invalid_field");
  CHECK(post({{"name", std::string(200, 'n')}, {"code", "x"}}).status == 201);
  require_error(post({{"name", 5}, {"code", "x"}}), 400, "invalid_request_error", "invalid_field");
}

TEST_CASE("the AI model list shows what serves each model", "[api_app]") {
  AppRig rig;
  HttpResponse r = rig.call(Req("GET", "/api/v1/ai-models").key(rig.alice()));
  REQUIRE(r.status == 200);
  json j = body_of(r);
  CHECK(j["default_model"] == "gpt-4o-mini");
  std::map<std::string, json> by_id;
  for (const auto& m : j["ai_models"]) by_id[m["id"]] = m;
  for (const char* id : {"gpt-4o", "gpt-4o-mini", "anthropic/claude-3.5-sonnet",
                         "local/llama-3.1-8b", "builtin/parametric"}) {
    INFO(id);
    REQUIRE(by_id.count(id) == 1);
    CHECK(by_id[id]["available"] == true);
    CHECK(by_id[id]["served_by"] == "builtin/parametric");
    CHECK(by_id[id]["fallbacks"].is_array());
    CHECK(by_id[id]["description"].is_string());
  }
  CHECK(by_id["gpt-4o"]["provider"] == "openai");
  CHECK(by_id["gpt-4o"]["fallbacks"] == json::array({"builtin/parametric"}));
}

TEST_CASE("API routes need a valid key", "[api_app]") {
  AppRig rig;
  require_error(rig.call(Req("GET", "/api/v1/ai-models")), 401, "authentication_error",
                "missing_api_key");
  require_error(rig.call(Req("GET", "/api/v1/ai-models").header("authorization", "Basic abc")), 401,
                "authentication_error", "missing_api_key");
  require_error(rig.call(Req("GET", "/api/v1/ai-models").key(new_api_key())), 401,
                "authentication_error", "invalid_api_key");
  require_error(rig.call(Req("POST", "/api/v1/chat").json_body({{"message", "a cube"}})), 401,
                "authentication_error", "missing_api_key");
  CHECK(rig.queue.depth() == 0);
}

TEST_CASE("a body that is not JSON is refused with 415", "[api_app]") {
  AppRig rig;
  Req req("POST", "/api/v1/chat");
  req.key(rig.alice()).header("content-type", "text/plain");
  req.r.body = R"({"message": "a cube"})";
  auto e = require_error(rig.call(req), 415, "invalid_request_error", "unsupported_media_type");
  CHECK_THAT(e["message"].get<std::string>(), Contains("text/plain"));

  Req no_type("POST", "/api/v1/models");
  no_type.key(rig.alice());
  no_type.r.body = R"({"name": "n", "code": ""})";
  require_error(rig.call(no_type), 415, "invalid_request_error", "unsupported_media_type");

  for (const char* ok :
       {"application/json; charset=utf-8", "Application/JSON", "application/vnd.api+json"}) {
    INFO(ok);
    Req json_req("POST", "/api/v1/models");
    json_req.key(rig.alice()).header("content-type", ok);
    json_req.r.body = R"({"name": "n", "code": ""})";
    CHECK(rig.call(json_req).status == 201);
  }
}

TEST_CASE("a known path with the wrong method is 405 with Allow", "[api_app]") {
  AppRig rig;
  HttpResponse chat = rig.call(Req("GET", "/api/v1/chat").key(rig.alice()));
  require_error(chat, 405, "invalid_request_error", "method_not_allowed");
  CHECK(header(chat, "Allow") == std::optional<std::string>("POST"));
  HttpResponse models = rig.call(Req("DELETE", "/api/v1/models").key(rig.alice()));
  require_error(models, 405, "invalid_request_error", "method_not_allowed");
  // The order of the list is the routes' registration order; only the set matters.
  auto allow = header(models, "Allow");
  REQUIRE(allow);
  CHECK((*allow == "GET, POST" || *allow == "POST, GET"));
  HttpResponse one = rig.call(Req("POST", "/api/v1/models/model_1").key(rig.alice()));
  require_error(one, 405, "invalid_request_error", "method_not_allowed");
  auto allow_one = header(one, "Allow");
  REQUIRE(allow_one);
  for (const char* m : {"GET", "PATCH", "PUT", "DELETE"}) CHECK_THAT(*allow_one, Contains(m));
  CHECK_THAT(*allow_one, !Contains("POST"));
}

TEST_CASE("an unknown route is 404", "[api_app]") {
  AppRig rig;
  require_error(rig.call(Req("GET", "/api/v1/nothing-here").key(rig.alice())), 404,
                "not_found_error", "not_found");
  require_error(rig.call(Req("GET", "/")), 404, "not_found_error", "not_found");
}

TEST_CASE("a key over its rate limit gets 429 with Retry-After", "[api_app]") {
  Options o;
  o.alice_rate_limit = 3;
  o.cfg.server.default_rate_limit_per_minute = 5;
  AppRig rig(o);
  for (int i = 0; i < 3; ++i) {
    INFO("request " << i);
    REQUIRE(rig.call(Req("GET", "/api/v1/ai-models").key(rig.alice())).status == 200);
  }
  HttpResponse limited = rig.call(Req("GET", "/api/v1/models").key(rig.alice()));
  auto e = require_error(limited, 429, "rate_limit_error", "rate_limit_exceeded");
  auto retry_after = header(limited, "Retry-After");
  REQUIRE(retry_after);
  CHECK(std::stoi(*retry_after) >= 1);
  CHECK(std::stoi(*retry_after) <= 20);  // 3 a minute: one every 20 s
  // Bob has the server default, and his own bucket.
  for (int i = 0; i < 5; ++i) {
    INFO("bob request " << i);
    REQUIRE(rig.call(Req("GET", "/api/v1/ai-models").key(rig.bob())).status == 200);
  }
  CHECK(rig.call(Req("GET", "/api/v1/ai-models").key(rig.bob())).status == 429);
  // Public routes are not limited.
  CHECK(rig.call(Req("GET", "/healthz")).status == 200);
}

TEST_CASE("CORS: preflights need no key, and allowed origins get headers", "[api_app]") {
  Options o;
  o.cfg.server.cors_allowed_origins = {"http://app.test"};
  AppRig rig(o);
  HttpResponse pre =
      rig.call(Req("OPTIONS", "/api/v1/chat")
                   .header("origin", "http://app.test")
                   .header("access-control-request-method", "POST")
                   .header("access-control-request-headers", "authorization, content-type"));
  CHECK(pre.status == 204);
  CHECK(header(pre, "Access-Control-Allow-Origin") ==
        std::optional<std::string>("http://app.test"));
  CHECK(header(pre, "Access-Control-Allow-Methods").has_value());
  CHECK(header(pre, "Access-Control-Allow-Headers").has_value());
  CHECK(header(pre, "Access-Control-Max-Age").has_value());

  HttpResponse other = rig.call(Req("OPTIONS", "/api/v1/chat")
                                    .header("origin", "http://evil.test")
                                    .header("access-control-request-method", "POST"));
  CHECK(other.status == 204);
  CHECK_FALSE(header(other, "Access-Control-Allow-Origin").has_value());

  // Ordinary responses, errors included, carry the origin headers too.
  HttpResponse ok = rig.call(
      Req("GET", "/api/v1/ai-models").key(rig.alice()).header("origin", "http://app.test"));
  CHECK(ok.status == 200);
  CHECK(header(ok, "Access-Control-Allow-Origin") == std::optional<std::string>("http://app.test"));
  HttpResponse unauthorized =
      rig.call(Req("GET", "/api/v1/ai-models").header("origin", "http://app.test"));
  CHECK(unauthorized.status == 401);
  CHECK(header(unauthorized, "Access-Control-Allow-Origin") ==
        std::optional<std::string>("http://app.test"));
}

TEST_CASE("a preflight carries each CORS header once", "[api_app]") {
  // CorsPolicy::preflight() decorates its response and ApiApp::handle() decorates it again, so
  // Access-Control-Allow-Origin (and Vary, Expose-Headers) appear twice; the HTTP server
  // inserts every pair, and browsers reject a doubled Allow-Origin.
  Options o;
  o.cfg.server.cors_allowed_origins = {"http://app.test"};
  AppRig rig(o);
  HttpResponse pre = rig.call(Req("OPTIONS", "/api/v1/models")
                                  .header("origin", "http://app.test")
                                  .header("access-control-request-method", "GET"));
  REQUIRE(pre.status == 204);
  for (const char* name : {"Access-Control-Allow-Origin", "Vary", "Access-Control-Expose-Headers",
                           "Access-Control-Allow-Methods"}) {
    INFO(name);
    int n = 0;
    for (const auto& [k, v] : pre.headers) n += k == name ? 1 : 0;
    CHECK(n == 1);
  }
}
