#include "worker/repair/repair_prompt.hpp"

#include "worker/validation/code_validator.hpp"

#include <fmt/format.h>

namespace genx3d::worker {
namespace {

// Long code is cut in the prompt: the model wrote it, the error's line number points into it.
constexpr std::size_t kMaxCodeChars = 12000;

}  // namespace

std::string repair_message(const std::optional<std::string>& code, const CodeError& error) {
  if (!code || error.kind == "no_code") {
    return "Your answer had no code. Answer again with the complete csg.js code for my request, "
           "in one ```javascript block, with the solid in a top-level variable.";
  }
  std::string shown =
      code->size() > kMaxCodeChars ? code->substr(0, kMaxCodeChars) + "\n// …" : *code;
  return fmt::format(
      "Your code failed when it was run with csg.js ({}): {}\n\n```javascript\n{}\n```\n\n"
      "Fix it and answer with the complete corrected code in one ```javascript block, using only "
      "the csg.js API (CSG.cube, CSG.sphere, CSG.cylinder, union, subtract, intersect), with the "
      "solid in a top-level variable.",
      error.kind, describe_error(error), shown);
}

}  // namespace genx3d::worker
