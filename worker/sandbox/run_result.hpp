// The outcome of running one piece of code in the sandbox.
#pragma once

#include "common/validation.hpp"
#include "worker/sandbox/mesh.hpp"

#include <optional>
#include <string>

namespace genx3d::worker::sandbox {

struct RunResult {
  std::optional<Mesh> mesh;        // set when the code made a solid
  std::optional<CodeError> error;  // set otherwise
  std::string variable;            // the top-level variable holding the solid, if any
  double elapsed_ms = 0;           // wall time as the C++ side saw it, queueing excluded
  bool ok() const { return mesh.has_value(); }
};

}  // namespace genx3d::worker::sandbox
