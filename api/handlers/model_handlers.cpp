// The caller's 3D models: /api/v1/models (create, list) and /api/v1/models/{id} (get, update,
// delete). A chat's `context` names one of them; its code goes into the prompt.
#include "api/api_app.hpp"
#include "api/handlers/query_params.hpp"
#include "api/json_body.hpp"
#include "common/clock.hpp"

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

// Characters, not bytes: "Zahnrad Ø40" is 11 characters. The body was already checked to be
// valid UTF-8 by the JSON parser, so counting the non-continuation bytes is enough.
std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

constexpr std::size_t kMaxNameChars = 200;

nlohmann::json model_json(const ModelRecord& m) {
  return {{"id", m.id},
          {"object", "model"},
          {"name", m.name},
          {"code", m.code},
          {"created_at", format_rfc3339(m.created_at_ms)},
          {"updated_at", format_rfc3339(m.updated_at_ms)}};
}

struct ModelFields {
  std::optional<std::string> name;
  std::optional<std::string> code;
};

// Reads name and code; `required` makes both mandatory (create).
boost::system::result<ModelFields, ApiError> parse_model_fields(std::string_view body,
                                                                bool required,
                                                                std::size_t max_code_bytes) {
  auto j = parse_json_object(body);
  if (!j) return j.error();
  auto name = optional_string(*j, "name");
  if (!name) return name.error();
  auto code = optional_string(*j, "code");
  if (!code) return code.error();
  if (required && !*name) return missing_field("name");
  if (required && !*code) return missing_field("code");
  if (*name && (name->value().empty() || utf8_length(name->value()) > kMaxNameChars)) {
    return invalid_field("name", "must be 1 to 200 characters");
  }
  if (*code && code->value().size() > max_code_bytes) {
    return invalid_field("code", "must be at most " + std::to_string(max_code_bytes) + " bytes");
  }
  return ModelFields{std::move(*name), std::move(*code)};
}

std::string model_id(const RequestContext& ctx) { return ctx.params.find("id")->second; }

HttpResponse model_not_found(const std::string& id) {
  return to_response(not_found("Model '" + id + "' not found"));
}

}  // namespace

void add_model_routes(Router& router, ApiServices& services) {
  const std::size_t max_code = services.config.server.max_body_bytes;

  // POST /api/v1/models {"name": "Gear", "code": "var g = CSG.cube();"} -> 201 Model + Location
  router.add("POST", "/api/v1/models", Access::api_key,
             [&services, max_code](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto fields = parse_model_fields(ctx.request.body, true, max_code);
               if (!fields) co_return to_response(fields.error());
               auto created = co_await services.store.run([&](Store& s) {
                 return s.create_model(ctx.caller.id, *fields->name, *fields->code, now_ms());
               });
               if (!created) co_return to_response(internal_error("could not store the model"));
               HttpResponse r = json_response(201, dump_json(model_json(*created)));
               r.with_header("Location", "/api/v1/models/" + created->id);
               co_return r;
             });

  // GET /api/v1/models?limit=50&offset=0 -> 200 {"models": [...], "total", "has_more"}
  router.add("GET", "/api/v1/models", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto paging = parse_paging(ctx.request, 200);
               if (!paging) co_return to_response(paging.error());
               auto page = co_await services.store.run([&](Store& s) {
                 return std::make_pair(s.list_models(ctx.caller.id, paging->limit, paging->offset),
                                       s.count_models(ctx.caller.id));
               });
               if (!page) co_return to_response(internal_error("could not list the models"));
               nlohmann::json models = nlohmann::json::array();
               for (const auto& m : page->first) models.push_back(model_json(m));
               const bool has_more =
                   paging->offset + static_cast<std::int64_t>(page->first.size()) < page->second;
               co_return json_response(200, dump_json({{"models", std::move(models)},
                                                       {"total", page->second},
                                                       {"has_more", has_more}}));
             });

  // GET /api/v1/models/model_… -> 200 Model
  router.add("GET", "/api/v1/models/{id}", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               const std::string id = model_id(ctx);
               auto model = co_await services.store.run(
                   [&](Store& s) { return s.get_model(ctx.caller.id, id); });
               if (!model) co_return to_response(internal_error("could not read the model"));
               if (!*model) co_return model_not_found(id);
               co_return json_response(200, dump_json(model_json(**model)));
             });

  // PATCH (or PUT) /api/v1/models/model_… {"name"?: …, "code"?: …} -> 200 Model
  auto update = [&services, max_code](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
    const std::string id = model_id(ctx);
    auto fields = parse_model_fields(ctx.request.body, false, max_code);
    if (!fields) co_return to_response(fields.error());
    auto model = co_await services.store.run([&](Store& s) {
      return s.update_model(ctx.caller.id, id, fields->name, fields->code, now_ms());
    });
    if (!model) co_return to_response(internal_error("could not update the model"));
    if (!*model) co_return model_not_found(id);
    co_return json_response(200, dump_json(model_json(**model)));
  };
  router.add("PATCH", "/api/v1/models/{id}", Access::api_key, update);
  router.add("PUT", "/api/v1/models/{id}", Access::api_key, update);

  // DELETE /api/v1/models/model_… -> 200 {"success": true, "message": "Model deleted"}
  router.add("DELETE", "/api/v1/models/{id}", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               const std::string id = model_id(ctx);
               auto deleted = co_await services.store.run(
                   [&](Store& s) { return s.delete_model(ctx.caller.id, id); });
               if (!deleted) co_return to_response(internal_error("could not delete the model"));
               if (!*deleted) co_return model_not_found(id);
               co_return json_response(200, R"({"success":true,"message":"Model deleted"})");
             });
}

}  // namespace genx3d::api
