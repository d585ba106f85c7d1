// The API's SolidExporter on a runner pool of its own: runs a job's stored code and encodes the
// solid as STL or OBJ.
#pragma once

#include "api/solid_exporter.hpp"
#include "worker/sandbox/runner_pool.hpp"

namespace genx3d::cli {

// Thread safety: as RunnerPool.
class SandboxSolidExporter final : public api::SolidExporter {
 public:
  // Without a pool every export answers sandbox_unavailable with `skipped`.
  SandboxSolidExporter(worker::sandbox::RunnerPool* pool, std::string skipped)
      : pool_(pool), skipped_(std::move(skipped)) {}
  boost::asio::awaitable<api::SolidExport> export_solid(std::string code, api::SolidFormat format,
                                                        std::string title) override;

 private:
  worker::sandbox::RunnerPool* pool_;
  std::string skipped_;
};

}  // namespace genx3d::cli
