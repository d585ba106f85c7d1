// A database file path in the temp folder, removed (with its WAL and shared-memory files) when
// the test ends.
#pragma once

#include "common/ids.hpp"

#include <filesystem>
#include <string>

namespace genx3d::test {

struct TempDb {
  explicit TempDb(const std::string& prefix = "genx3d_test")
      : path(std::filesystem::temp_directory_path() / (new_id(prefix) + ".db")) {}
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::error_code ec;
      std::filesystem::remove(path.string() + suffix, ec);
    }
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;

  std::filesystem::path path;
};

}  // namespace genx3d::test
