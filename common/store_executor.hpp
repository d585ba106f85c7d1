// Runs Store operations on one dedicated thread (SQLite is blocking) behind an awaitable
// interface, and commits them in groups: every operation that arrives while a batch runs (or
// within 1 ms of the previous batch's start) joins the next batch, which is one transaction.
// One commit then serves many requests. An operation that throws rolls its whole batch back,
// and the batch is replayed one operation per transaction, so the failure stays its own.
//
// Thread safety: run() may be called from any thread or coroutine; the Store is touched only by
// the executor's own thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/result.hpp>

#include "common/store.hpp"

namespace genx3d {

// The outcome of a store operation: its value, or the store's error text.
template <class T>
using StoreResult = boost::system::result<T, std::string>;

class StoreExecutor {
 public:
  explicit StoreExecutor(std::unique_ptr<Store> store);
  ~StoreExecutor();  // finishes queued operations, then joins the thread
  StoreExecutor(const StoreExecutor&) = delete;
  StoreExecutor& operator=(const StoreExecutor&) = delete;

  // Runs fn(Store&) on the store thread inside a batch transaction and resumes the caller on its
  // own executor once the batch is committed. A StoreError (or any exception) in fn rolls back
  // that operation alone and comes back as the result's error. fn may run more than once (the
  // batch is replayed after a failure): it must set what it captures, not append to it.
  template <class F, class R = std::invoke_result_t<F, Store&>>
  boost::asio::awaitable<StoreResult<R>> run(F fn) {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                       void(StoreResult<R>)>(
        [this](auto handler, F fn) {
          enqueue(std::make_unique<TypedOp<F, R, decltype(handler)>>(std::move(fn),
                                                                     std::move(handler)));
        },
        boost::asio::use_awaitable, std::move(fn));
  }

  // Operations run so far and batches committed (for logs and the benchmark).
  std::uint64_t ops_done() const;
  std::uint64_t batches_done() const;
  // Batches replayed one operation per transaction because one of their operations failed.
  std::uint64_t batches_replayed() const;

 private:
  struct Op {
    virtual ~Op() = default;
    // Runs the operation; false when it threw (its result then holds the error). It may run
    // again after a rollback (see loop()), so it writes its outcome over, never adds to it.
    virtual bool execute(Store& store) noexcept = 0;
    virtual void complete(const std::string* commit_error) noexcept = 0;
  };

  template <class F, class R, class Handler>
  struct TypedOp final : Op {
    TypedOp(F f, Handler h) : fn(std::move(f)), handler(std::move(h)) {}
    bool execute(Store& store) noexcept override {
      try {
        if constexpr (std::is_void_v<R>) {
          fn(store);
          result = StoreResult<R>{};
        } else {
          result = StoreResult<R>{boost::system::in_place_value, fn(store)};
        }
        return true;
      } catch (const std::exception& e) {
        result = StoreResult<R>{boost::system::in_place_error, e.what()};
      } catch (...) {
        result = StoreResult<R>{boost::system::in_place_error, "unknown store failure"};
      }
      return false;
    }
    void complete(const std::string* commit_error) noexcept override {
      if (commit_error) result = StoreResult<R>{boost::system::in_place_error, *commit_error};
      auto ex = boost::asio::get_associated_executor(handler);
      boost::asio::post(ex, [h = std::move(handler), r = std::move(result)]() mutable {
        std::move(h)(std::move(r));
      });
    }
    F fn;
    Handler handler;
    StoreResult<R> result{boost::system::in_place_error, "not run"};
  };

  void enqueue(std::unique_ptr<Op> op);
  void loop();
  // The batch in one transaction, then every completion (or the replay, if an operation threw).
  void run_batch(std::vector<std::unique_ptr<Op>>& batch);
  // One operation in a transaction of its own, then its completion.
  void run_alone(Op& op);
  // Ends a failed transaction; an error here means it had already ended.
  void rollback_quietly();

  std::unique_ptr<Store> store_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::unique_ptr<Op>> pending_;
  bool stopping_ = false;
  bool spacing_ = false;  // the thread waits out the gap between two batches
  std::uint64_t ops_done_ = 0;
  std::uint64_t batches_done_ = 0;
  std::uint64_t batches_replayed_ = 0;
  std::thread thread_;
};

}  // namespace genx3d
