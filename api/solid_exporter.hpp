// What the model-download routes need from the code sandbox, as an interface: the API layer does
// not depend on the worker's, and `genx3d` wires in the runner-pool implementation
// (cli/sandbox_solid_exporter.cpp); tests use a fake.
#pragma once

#include <boost/asio/awaitable.hpp>

#include <string>

namespace genx3d::api {

enum class SolidFormat { stl, obj, glb };

struct SolidFile {
  std::string bytes;
  std::string content_type;  // e.g. "model/stl"
};

struct SolidExport {
  std::optional<SolidFile> file;  // set on success
  // Otherwise: "sandbox_unavailable" (no Node.js here) or "code_failed" (with the error text).
  std::string error_code;
  std::string error_message;
};

// Thread safety: export_solid() may be awaited concurrently.
class SolidExporter {
 public:
  virtual ~SolidExporter() = default;
  // Runs `code` and encodes the solid it makes; `title` goes into the file's header.
  virtual boost::asio::awaitable<SolidExport> export_solid(std::string code, SolidFormat format,
                                                           std::string title) = 0;
};

}  // namespace genx3d::api
