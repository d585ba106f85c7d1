#include "common/store.hpp"
#include "common/wal_checkpointer.hpp"
#include "support/temp_db.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace genx3d;

namespace {

using test::TempDb;

// Models carry their code inline: 100 of 8 KiB each put about 200 pages into the log, far
// below the writer's own automatic checkpoint (10,000 pages).
void write_models(Store& store, const std::string& owner, int count) {
  for (int i = 0; i < count; ++i) {
    store.create_model(owner, "part " + std::to_string(i), std::string(8192, 'x'), 1000 + i);
  }
}

template <class Pred>
bool eventually(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace

TEST_CASE("the writer's log stays in the WAL when nothing checkpoints it", "[wal_checkpointer]") {
  TempDb file;
  auto store = Store::open(file.path);
  auto key = store->create_key("k", "hash", "gx3d_AAAA", std::nullopt);
  const auto size_before = fs::file_size(file.path);
  write_models(*store, key.id, 100);
  // The control for the test below: the database file itself has not grown.
  CHECK(fs::file_size(file.path) == size_before);
}

TEST_CASE("the checkpointer copies committed log pages into the database file on its own",
          "[wal_checkpointer]") {
  TempDb file;
  auto store = Store::open(file.path);
  auto key = store->create_key("k", "hash", "gx3d_AAAA", std::nullopt);
  const auto size_before = fs::file_size(file.path);
  WalCheckpointer checkpointer(file.path, std::chrono::milliseconds(5));
  write_models(*store, key.id, 100);

  // The models' pages reach the database file itself. (The file grows while a pass runs; the
  // pass is counted when it returns.)
  CHECK(eventually([&] {
    return fs::file_size(file.path) > size_before + 100 * 8192 && checkpointer.passes() >= 1;
  }));
  // The writer carries on after the copy, and its data reads back whole.
  write_models(*store, key.id, 1);
  CHECK(store->count_models(key.id) == 101);
}

TEST_CASE("the checkpointer fails loudly on a file it cannot open", "[wal_checkpointer]") {
  CHECK_THROWS_AS(WalCheckpointer(fs::path("/nonexistent-dir/genx3d.db"),
                                  std::chrono::milliseconds(5)),
                  StoreError);
}
