// The message that sends failing code back to its model.
#pragma once

#include "common/validation.hpp"

#include <optional>
#include <string>

namespace genx3d::worker {

// Names the error (with its line and column) and asks for the whole corrected program, in the
// answer format the system prompt taught. Without code, asks for the code that was missing.
std::string repair_message(const std::optional<std::string>& code, const CodeError& error);

}  // namespace genx3d::worker
