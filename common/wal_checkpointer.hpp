// Copies a WAL database's log into the database file on a thread and connection of its own, so
// the store's writer (StoreExecutor's one thread) does not stop for it. Left to the writer, a
// checkpoint of a few thousand pages plus its fsyncs stalled every request queued behind it for
// tens of milliseconds, about once a second under load.
//
// The writer keeps SQLite's automatic checkpoint as a backstop: only a checkpoint run between
// two of its own transactions lets the log restart from the beginning, and by then this thread
// has copied nearly everything, so the backstop's share is small.
//
// Thread safety: construct and destroy on one thread; the work runs on the object's own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <thread>

struct sqlite3;

namespace genx3d {

class WalCheckpointer {
 public:
  // Opens its own connection to `file` (which must already be in WAL mode) and starts checking
  // every `interval`; throws StoreError when the file cannot be opened.
  WalCheckpointer(const std::filesystem::path& file, std::chrono::milliseconds interval);
  ~WalCheckpointer();  // stops the thread, closes the connection
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // Passes that found a non-empty log and checkpointed it (for logs and tests).
  std::uint64_t passes() const;

 private:
  void loop();

  sqlite3* db_ = nullptr;
  const std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::uint64_t passes_ = 0;
  std::thread thread_;
};

}  // namespace genx3d
