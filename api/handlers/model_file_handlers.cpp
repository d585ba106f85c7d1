// GET /api/v1/jobs/{id}/model.stl, /model.obj and /model.glb: the solid a job's code makes, as a
// file. The stored code runs through the API's own small runner pool on each download (a few ms
// for simple parts, seconds for a built-in gear); nothing but the code is stored.
#include "api/api_app.hpp"
#include "api/solid_exporter.hpp"

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

ApiError conflict(std::string code, std::string message) {
  return ApiError{409, "invalid_request_error", std::move(code), std::move(message), {}};
}

// The file name a browser saves: the job id, which is unique and safe in a header.
std::string disposition(const std::string& job_id, SolidFormat format) {
  const char* extension = format == SolidFormat::stl   ? ".stl"
                          : format == SolidFormat::obj ? ".obj"
                                                       : ".glb";
  return "attachment; filename=\"" + job_id + extension + "\"";
}

asio::awaitable<HttpResponse> download(ApiServices& services, RequestContext& ctx,
                                       SolidFormat format) {
  const std::string id(ctx.params.find("id")->second);
  auto job = co_await services.chat.await_job(ctx.caller.id, id, std::chrono::seconds(0));
  if (!job) co_return to_response(internal_error("could not read the job"));
  if (!*job) co_return to_response(not_found("Job '" + id + "' not found"));
  const Job& j = **job;
  if (j.state != JobState::succeeded || !j.answer) {
    co_return to_response(conflict("job_not_succeeded", "Job '" + id + "' is " +
                                                            std::string(to_string(j.state)) +
                                                            "; only a succeeded job has a model"));
  }
  if (!j.answer->code) {
    co_return to_response(not_found("Job '" + id + "' answered without code, so it has no model"));
  }
  if (!services.solids) {
    co_return to_response(ApiError{503,
                                   "service_unavailable",
                                   "sandbox_unavailable",
                                   "model downloads are not available on this server",
                                   {}});
  }
  SolidExport out = co_await services.solids->export_solid(*j.answer->code, format, "genx3d " + id);
  if (!out.file) {
    if (out.error_code == "code_failed") {
      co_return to_response(ApiError{422,
                                     "invalid_request_error",
                                     "code_failed",
                                     "The job's code does not make a solid: " + out.error_message,
                                     {}});
    }
    co_return to_response(
        ApiError{503, "service_unavailable", "sandbox_unavailable", out.error_message, {}});
  }
  HttpResponse r;
  r.status = 200;
  r.content_type = out.file->content_type;
  r.body = std::move(out.file->bytes);
  r.with_header("Content-Disposition", disposition(id, format));
  r.job_id = id;
  co_return r;
}

}  // namespace

void add_model_file_routes(Router& router, ApiServices& services) {
  // GET /api/v1/jobs/chat_…/model.stl -> 200 model/stl (binary STL), attachment chat_….stl
  router.add(
      "GET", "/api/v1/jobs/{id}/model.stl", Access::api_key,
      [&services](RequestContext& ctx) { return download(services, ctx, SolidFormat::stl); });
  // GET /api/v1/jobs/chat_…/model.obj -> 200 model/obj (Wavefront OBJ), attachment chat_….obj
  router.add(
      "GET", "/api/v1/jobs/{id}/model.obj", Access::api_key,
      [&services](RequestContext& ctx) { return download(services, ctx, SolidFormat::obj); });
  // GET /api/v1/jobs/chat_…/model.glb -> 200 model/gltf-binary (glTF 2.0), attachment chat_….glb
  router.add(
      "GET", "/api/v1/jobs/{id}/model.glb", Access::api_key,
      [&services](RequestContext& ctx) { return download(services, ctx, SolidFormat::glb); });
}

}  // namespace genx3d::api
