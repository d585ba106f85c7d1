// The system prompt every model receives: the CSG API it must use and the answer format.
#pragma once

#include <string_view>

namespace genx3d::worker {

std::string_view cad_system_prompt();

}  // namespace genx3d::worker
