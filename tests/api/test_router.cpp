#include "api/router.hpp"
#include "support/run_coro.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace genx3d::api;
namespace asio = boost::asio;

namespace {

// A handler that answers with `tag` in the body, so a test can tell which route ran.
RouteHandler tagged(std::string tag) {
  return [tag](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    HttpResponse r;
    r.body = tag;
    for (const auto& [k, v] : ctx.params) r.body += " " + k + "=" + v;
    co_return r;
  };
}

Router sample_router() {
  Router r;
  r.add("GET", "/healthz", Access::public_route, tagged("health"));
  r.add("POST", "/api/v1/chat", Access::api_key, tagged("chat"));
  r.add("GET", "/api/v1/jobs/{id}", Access::api_key, tagged("job"));
  r.add("GET", "/api/v1/models", Access::api_key, tagged("list"));
  r.add("POST", "/api/v1/models", Access::api_key, tagged("create"));
  r.add("GET", "/api/v1/models/{id}", Access::api_key, tagged("get"));
  r.add("PATCH", "/api/v1/models/{id}", Access::api_key, tagged("patch"));
  r.add("PUT", "/api/v1/models/{id}", Access::api_key, tagged("put"));
  r.add("DELETE", "/api/v1/models/{id}", Access::api_key, tagged("delete"));
  r.add("GET", "/api/v1/users/{user}/models/{id}", Access::api_key, tagged("nested"));
  return r;
}

// Runs the matched route's handler and returns its body.
std::string run(const Router::Match& m) {
  REQUIRE(m.route != nullptr);
  HttpRequest req;
  RequestContext ctx{req, m.params, {}};
  return genx3d::test::run_coro(m.route->handler(ctx)).body;
}

}  // namespace

TEST_CASE("a literal path matches its method's route", "[router]") {
  Router r = sample_router();
  auto m = r.match("GET", "/healthz");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->access == Access::public_route);
  CHECK(m.params.empty());
  CHECK(run(m) == "health");
  CHECK(run(r.match("POST", "/api/v1/chat")) == "chat");
  CHECK(r.match("POST", "/api/v1/chat").route->access == Access::api_key);
}

TEST_CASE("the same path dispatches on the method", "[router]") {
  Router r = sample_router();
  CHECK(run(r.match("GET", "/api/v1/models")) == "list");
  CHECK(run(r.match("POST", "/api/v1/models")) == "create");
  CHECK(run(r.match("GET", "/api/v1/models/model_1")) == "get id=model_1");
  CHECK(run(r.match("PATCH", "/api/v1/models/model_1")) == "patch id=model_1");
  CHECK(run(r.match("PUT", "/api/v1/models/model_1")) == "put id=model_1");
  CHECK(run(r.match("DELETE", "/api/v1/models/model_1")) == "delete id=model_1");
}

TEST_CASE("captures bind path segments by name", "[router]") {
  Router r = sample_router();
  auto m = r.match("GET", "/api/v1/jobs/chat_0123456789abcdef01234567");
  REQUIRE(m.route != nullptr);
  CHECK(m.params.at("id") == "chat_0123456789abcdef01234567");

  auto nested = r.match("GET", "/api/v1/users/u7/models/model_9");
  REQUIRE(nested.route != nullptr);
  CHECK(nested.params.size() == 2);
  CHECK(nested.params.at("user") == "u7");
  CHECK(nested.params.at("id") == "model_9");

  // A capture takes the segment as it is, punctuation included.
  auto odd = r.match("GET", "/api/v1/jobs/a.b:c-d_e");
  REQUIRE(odd.route != nullptr);
  CHECK(odd.params.at("id") == "a.b:c-d_e");
}

TEST_CASE("an unknown path is a 404: no route and no Allow list", "[router]") {
  Router r = sample_router();
  for (const char* path :
       {"/", "/nope", "/api/v1", "/api/v1/chat/extra", "/api/v1/jobs", "/api/v1/jobs/",
        "/api/v1/jobs/x/y", "/healthzz", "/api/v1/models//", "api/v1/chat", ""}) {
    INFO("path '" << path << "'");
    auto m = r.match("GET", path);
    CHECK(m.route == nullptr);
    CHECK(m.allow.empty());
  }
}

TEST_CASE("a known path with another method is a 405 listing the allowed methods", "[router]") {
  Router r = sample_router();
  auto chat = r.match("GET", "/api/v1/chat");
  CHECK(chat.route == nullptr);
  CHECK(chat.allow == "POST");

  auto models = r.match("DELETE", "/api/v1/models");
  CHECK(models.route == nullptr);
  CHECK(models.allow == "GET, POST");

  auto one = r.match("POST", "/api/v1/models/model_1");
  CHECK(one.route == nullptr);
  CHECK(one.allow == "GET, PATCH, PUT, DELETE");
  CHECK(one.params.empty());  // params of routes that did not match are not leaked
}

TEST_CASE("methods are matched exactly, as HTTP defines them", "[router]") {
  Router r = sample_router();
  auto m = r.match("get", "/healthz");
  CHECK(m.route == nullptr);
  CHECK(m.allow == "GET");
}

TEST_CASE("a method listed by two routes of one path appears once in Allow", "[router]") {
  Router r;
  r.add("GET", "/things/{id}", Access::api_key, tagged("by-id"));
  r.add("GET", "/things/{name}", Access::api_key, tagged("by-name"));
  r.add("POST", "/things/{id}", Access::api_key, tagged("post"));
  auto m = r.match("DELETE", "/things/x");
  CHECK(m.allow == "GET, POST");
  // Of two routes that both match, the one added first wins.
  CHECK(run(r.match("GET", "/things/x")) == "by-id id=x");
}

TEST_CASE("one trailing slash is tolerated", "[router]") {
  Router r = sample_router();
  CHECK(run(r.match("GET", "/healthz/")) == "health");
  CHECK(run(r.match("GET", "/api/v1/models/")) == "list");
  auto m = r.match("GET", "/api/v1/jobs/chat_1/");
  REQUIRE(m.route != nullptr);
  CHECK(m.params.at("id") == "chat_1");
  CHECK(r.match("PUT", "/api/v1/chat/").allow == "POST");
}

TEST_CASE("an empty router matches nothing", "[router]") {
  Router r;
  auto m = r.match("GET", "/");
  CHECK(m.route == nullptr);
  CHECK(m.allow.empty());
}

TEST_CASE("the root path can be a route", "[router]") {
  Router r;
  r.add("GET", "/", Access::public_route, tagged("root"));
  CHECK(run(r.match("GET", "/")) == "root");
  CHECK(r.match("GET", "/x").route == nullptr);
}
