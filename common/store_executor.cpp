#include "common/store_executor.hpp"

#include <spdlog/spdlog.h>

#include <vector>

namespace genx3d {
namespace {
// Bounds one transaction so a flood of writes still commits (and answers) in slices.
constexpr std::size_t kMaxBatch = 1024;
}  // namespace

StoreExecutor::StoreExecutor(std::unique_ptr<Store> store)
    : store_(std::move(store)), thread_([this] { loop(); }) {}

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

std::uint64_t StoreExecutor::batches_done() const {
  std::lock_guard lock(mutex_);
  return batches_done_;
}

void StoreExecutor::enqueue(std::unique_ptr<Op> op) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(op));
  }
  wake_.notify_one();
}

void StoreExecutor::loop() {
  std::vector<std::unique_ptr<Op>> batch;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) return;  // stopping, and nothing left to do
      while (!pending_.empty() && batch.size() < kMaxBatch) {
        batch.push_back(std::move(pending_.front()));
        pending_.pop_front();
      }
    }
    std::string commit_error;
    bool committed = false;
    try {
      store_->begin();
      for (auto& op : batch) op->execute(*store_);
      store_->commit();
      committed = true;
    } catch (const std::exception& e) {
      commit_error = e.what();
      spdlog::error("store: batch of {} operations failed to commit: {}", batch.size(), e.what());
      try {
        store_->rollback();
      } catch (const std::exception&) {
        // Nothing more to undo: the failed COMMIT already ended the transaction.
      }
    }
    for (auto& op : batch) op->complete(committed ? nullptr : &commit_error);
    {
      std::lock_guard lock(mutex_);
      ops_done_ += batch.size();
      ++batches_done_;
    }
    batch.clear();
  }
}

}  // namespace genx3d
