#include "cli/sandbox_solid_exporter.hpp"

#include "worker/sandbox/mesh_export.hpp"
#include "worker/validation/code_validator.hpp"

namespace genx3d::cli {
namespace asio = boost::asio;

asio::awaitable<api::SolidExport> SandboxSolidExporter::export_solid(std::string code,
                                                                     api::SolidFormat format,
                                                                     std::string title) {
  api::SolidExport out;
  if (!pool_) {
    out.error_code = "sandbox_unavailable";
    out.error_message = skipped_;
    co_return out;
  }
  worker::sandbox::RunResult run = co_await pool_->run(std::move(code));
  if (!run.mesh) {
    const CodeError e = run.error.value_or(CodeError{"sandbox_error", "no result", {}, {}});
    out.error_code = e.kind == "sandbox_error" ? "sandbox_unavailable" : "code_failed";
    out.error_message = worker::describe_error(e);
    co_return out;
  }
  switch (format) {
    case api::SolidFormat::stl:
      out.file = api::SolidFile{worker::sandbox::to_binary_stl(*run.mesh, title), "model/stl"};
      break;
    case api::SolidFormat::obj:
      out.file = api::SolidFile{worker::sandbox::to_obj(*run.mesh, title), "model/obj"};
      break;
    case api::SolidFormat::glb:
      out.file = api::SolidFile{worker::sandbox::to_glb(*run.mesh, title), "model/gltf-binary"};
      break;
  }
  co_return out;
}

}  // namespace genx3d::cli
