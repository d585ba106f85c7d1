// A fresh in-memory store behind a StoreExecutor, with API keys made before the executor takes
// the store over (each test gets its own store). A test that must reach the database from a
// second connection gives a file instead.
#pragma once

#include "common/ids.hpp"
#include "common/store.hpp"
#include "common/store_executor.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

namespace genx3d::test {

struct TestKey {
  std::string raw;      // what a client sends after "Bearer "
  ApiKeyRecord record;  // as stored
};

inline TestKey add_key(Store& store, const std::string& name,
                       std::optional<int> rate_limit_per_minute = std::nullopt) {
  TestKey k;
  k.raw = new_api_key();
  k.record = store.create_key(name, sha256_hex(k.raw), k.raw.substr(0, 9), rate_limit_per_minute);
  return k;
}

// Two keys, alice and bob, so ownership checks have someone to refuse.
struct MemoryStore {
  TestKey alice;
  TestKey bob;
  std::unique_ptr<StoreExecutor> executor;

  explicit MemoryStore(std::optional<int> alice_rate_limit = std::nullopt,
                       const std::filesystem::path& file = ":memory:") {
    auto store = Store::open(file);
    alice = add_key(*store, "alice", alice_rate_limit);
    bob = add_key(*store, "bob");
    executor = std::make_unique<StoreExecutor>(std::move(store));
  }
  StoreExecutor& operator*() { return *executor; }
};

}  // namespace genx3d::test
