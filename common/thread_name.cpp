#include "common/thread_name.hpp"

#include <pthread.h>

#include <array>

namespace genx3d {
namespace {
// TASK_COMM_LEN is 16 with the terminator; pthread_setname_np refuses (ERANGE) anything longer
// rather than cutting it, so the cut is made here.
constexpr std::size_t kMaxName = 15;
}  // namespace

void name_this_thread(std::string_view name) {
  const std::string cut(name.substr(0, kMaxName));
  pthread_setname_np(pthread_self(), cut.c_str());
}

std::string this_thread_name() {
  std::array<char, kMaxName + 1> buf{};
  if (pthread_getname_np(pthread_self(), buf.data(), buf.size()) != 0) return {};
  return buf.data();
}

}  // namespace genx3d
