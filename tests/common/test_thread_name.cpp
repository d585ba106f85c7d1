#include "common/thread_name.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <thread>

using namespace genx3d;

namespace {

// The name a fresh thread reads back after naming itself `name`.
std::string named_in_new_thread(const std::string& name) {
  std::string seen;
  std::thread([&] {
    name_this_thread(name);
    seen = this_thread_name();
  }).join();
  return seen;
}

}  // namespace

TEST_CASE("name_this_thread names only the calling thread", "[thread_name]") {
  const std::string main_name = this_thread_name();
  CHECK(named_in_new_thread("genx3d-test") == "genx3d-test");
  CHECK(this_thread_name() == main_name);
}

TEST_CASE("a name past the kernel's 15 bytes is cut, not refused", "[thread_name]") {
  CHECK(named_in_new_thread("genx3d-a-very-long-thread-name") == "genx3d-a-very-l");
}
