// What executing an answer's code showed: the `validation` member of a result, and the code
// attempts of the repair loop. Part of ChatAnswer (common/job.hpp), so it travels on the queue
// and is stored inside the answer's JSON: no migration.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace genx3d {

// Why the code did not yield a solid. `kind`: syntax, runtime, timeout, no_solid, empty,
// no_code, out_of_memory, crashed, output_too_large, sandbox_error.
struct CodeError {
  std::string kind;
  std::string message;
  std::optional<int> line;    // 1-based, in the answer's code
  std::optional<int> column;  // 1-based
};

// A dimension the request stated, compared with the solid's bounding box.
struct DimensionCheck {
  std::string dimension;  // e.g. "diameter", "height", "box"
  double expected_mm = 0;
  std::optional<double> measured_mm;  // the closest bounding-box extent
  std::optional<std::string> axis;    // "x", "y" or "z" of that extent
  bool met = false;                   // within the tolerance
  double tolerance_mm = 0;
};

struct Validation {
  // true: the code ran and made a non-empty solid; false: it did not (see error); nullopt: the
  // code was not run (see skipped), e.g. no Node.js on this worker.
  std::optional<bool> ok;
  std::optional<std::string> skipped;
  std::optional<CodeError> error;
  std::int64_t polygons = 0;
  std::int64_t triangles = 0;
  std::array<double, 3> bbox_min{};
  std::array<double, 3> bbox_max{};
  std::array<double, 3> size{};
  double volume = 0;    // mm³, from the triangles (divergence theorem)
  bool closed = false;  // every edge shared by exactly two triangles (after T-junctions split)
  std::vector<DimensionCheck> checks;
  double elapsed_ms = 0;  // time spent in the sandbox, for cost reporting
};

// One answer the model gave while the repair loop ran: its code (if any) and why it failed.
struct CodeAttempt {
  std::optional<std::string> code;
  std::optional<CodeError> error;  // nullopt: this attempt's code passed
};

}  // namespace genx3d
