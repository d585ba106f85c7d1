#include "common/store_executor.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <vector>

#include "common/thread_name.hpp"

namespace genx3d {
namespace {
// Bounds one transaction so a flood of writes still commits (and answers) in slices.
constexpr std::size_t kMaxBatch = 1024;
// Batches start at least this far apart. Every commit appends each page it dirtied to the log
// and the checkpointer copies it again, whether the batch held 3 operations or 300; under load
// (batches back to back, ~4 operations each at 5,000 jobs/s) that per-commit work was the
// largest store cost. Waiting out the rest of the window gathers the operations that arrive
// meanwhile. An idle store starts at once; a busy one adds at most this much per operation.
constexpr auto kBatchSpacing = std::chrono::microseconds(1000);
}  // namespace

StoreExecutor::StoreExecutor(std::unique_ptr<Store> store)
    : store_(std::move(store)), thread_([this] {
        name_this_thread("genx3d-store");
        loop();
      }) {}

StoreExecutor::~StoreExecutor() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

std::uint64_t StoreExecutor::ops_done() const {
  std::lock_guard lock(mutex_);
  return ops_done_;
}

std::uint64_t StoreExecutor::batches_replayed() const {
  std::lock_guard lock(mutex_);
  return batches_replayed_;
}

void StoreExecutor::rollback_quietly() {
  try {
    store_->rollback();
  } catch (const std::exception&) {
    // Nothing more to undo: a failed COMMIT already ended the transaction.
  }
}

void StoreExecutor::run_alone(Op& op) {
  std::string error;
  try {
    store_->begin();
    if (op.execute(*store_)) {
      store_->commit();
      op.complete(nullptr);
      return;
    }
  } catch (const std::exception& e) {
    error = e.what();
    spdlog::error("store: an operation failed to commit alone: {}", e.what());
  }
  rollback_quietly();
  op.complete(error.empty() ? nullptr : &error);
}

std::uint64_t StoreExecutor::batches_done() const {
  std::lock_guard lock(mutex_);
  return batches_done_;
}

void StoreExecutor::enqueue(std::unique_ptr<Op> op) {
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(op));
    // In the spacing window the thread sleeps on purpose; only a full batch cuts that short.
    wake = !spacing_ || pending_.size() >= kMaxBatch;
  }
  if (wake) wake_.notify_one();
}

void StoreExecutor::loop() {
  std::vector<std::unique_ptr<Op>> batch;
  auto last_start = std::chrono::steady_clock::now() - kBatchSpacing;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and nothing left to do
      const auto not_before = last_start + kBatchSpacing;
      if (std::chrono::steady_clock::now() < not_before) {
        spacing_ = true;
        wake_.wait_until(lock, not_before,
                         [this] { return stopping_ || pending_.size() >= kMaxBatch; });
        spacing_ = false;
      }
      last_start = std::chrono::steady_clock::now();
      while (!pending_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    run_batch(batch);
    batch.clear();
  }
}

void StoreExecutor::run_batch(std::vector<std::unique_ptr<Op>>& batch) {
  std::string commit_error;
  bool committed = false;
  bool op_failed = false;
  try {
    store_->begin();
    for (auto& op : batch) {
      if (!op->execute(*store_)) {
        op_failed = true;
        break;
      }
    }
    if (!op_failed) {
      store_->commit();
      committed = true;
    }
  } catch (const std::exception& e) {
    commit_error = e.what();
    spdlog::error("store: batch of {} operations failed to commit: {}", batch.size(), e.what());
  }
  if (!committed) rollback_quietly();
  {
    // Counted before the callers resume, so one that reads the counters sees its own op.
    std::lock_guard lock(mutex_);
    ops_done_ += batch.size();
    ++batches_done_;
    if (op_failed) ++batches_replayed_;
  }
  if (op_failed) {
    // The failed operation's writes went with the batch's. Replayed alone, each operation
    // commits or fails on its own; failures are rare, so this costs nothing in the common case.
    for (auto& op : batch) run_alone(*op);
  } else {
    for (auto& op : batch) op->complete(committed ? nullptr : &commit_error);
  }
}

}  // namespace genx3d
