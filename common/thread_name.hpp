// Names for the threads genx3d starts, as `top -H`, `ps -L`, perf and gdb show them.
#pragma once

#include <string>
#include <string_view>

namespace genx3d {

// Names the calling thread. Linux keeps at most 15 bytes; a longer name is cut there.
// The main thread is left alone by the callers: its name is the process's, which ps and
// pgrep match.
void name_this_thread(std::string_view name);

// The calling thread's name as the kernel holds it.
std::string this_thread_name();

}  // namespace genx3d
