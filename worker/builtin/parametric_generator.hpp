// The offline built-in model "builtin/parametric": a deterministic generator of parametric CSG
// code for a documented set of part families. No network, no weights: it reads the part family
// and dimensions (with units) from the message, and follow-ups from the history.
#pragma once

#include "common/job.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker {

struct ParametricAnswer {
  // The full answer as a model would write it: one line of prose, then the code in a
  // ```javascript fenced block (post-processing extracts it like any model's answer).
  // For a request outside the supported families: an honest answer listing what it can make,
  // and no code block.
  std::string text;
  // The part family generated: "cube", "box", "sphere", "cylinder", "tube", "cone", "gear",
  // "plate" or "washer" (worker/builtin/README.md); nullopt when the answer has no code.
  std::optional<std::string> family;
};

// `history` holds the earlier turns, oldest first; `context_code` is the current code of the
// caller's 3D model, if the request named one. A message without a part family changes the part
// the history (or else the context code) is about. Pure and deterministic; a few microseconds.
// Thread safety: safe to call from any number of threads at once (no shared state).
ParametricAnswer generate_parametric_answer(std::string_view message,
                                            const std::vector<ChatTurn>& history,
                                            const std::optional<std::string>& context_code);

}  // namespace genx3d::worker
