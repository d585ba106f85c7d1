#include "common/wal_checkpointer.hpp"

#include <sqlite3.h>
#include <spdlog/spdlog.h>

#include "common/store.hpp"
#include "common/thread_name.hpp"

namespace genx3d {

WalCheckpointer::WalCheckpointer(const std::filesystem::path& file,
                                 std::chrono::milliseconds interval)
    : interval_(interval) {
  const std::string name = file.string();
  if (sqlite3_open_v2(name.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw StoreError("store: checkpointer cannot open " + name + ": " + msg);
  }
  // Same durability as the writer: the log is synced before pages leave it, the file after.
  sqlite3_exec(db_, "PRAGMA synchronous = NORMAL", nullptr, nullptr, nullptr);
  thread_ = std::thread([this] {
    name_this_thread("genx3d-wal");
    loop();
  });
}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close(db_);
}

std::uint64_t WalCheckpointer::passes() const {
  std::lock_guard lock(mutex_);
  return passes_;
}

void WalCheckpointer::loop() {
  int log_frames = 0;
  int checkpointed = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_for(lock, interval_, [this] { return stopping_; })) return;
    }
    // PASSIVE never waits for the writer: it copies what no reader still needs and returns.
    // SQLITE_BUSY only means the writer's own backstop checkpoint is running; try next time.
    const int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log_frames,
                                             &checkpointed);
    if (rc == SQLITE_BUSY) continue;
    if (rc != SQLITE_OK) {
      spdlog::warn("store: background checkpoint failed: {}", sqlite3_errmsg(db_));
      continue;
    }
    if (log_frames > 0) {
      std::lock_guard lock(mutex_);
      ++passes_;
    }
  }
}

}  // namespace genx3d
