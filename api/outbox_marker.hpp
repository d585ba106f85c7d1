// Records the broker's publish confirmations in the store (Store::mark_published), the outbox
// of distributed mode. Confirmations arrive one job at a time, thousands per second; each one
// as its own store operation cost a coroutine, a savepoint and a trip to the store thread. Here
// every confirmation that arrives while one store operation runs joins the next one.
//
// Thread safety: confirmed() may be called from any thread.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "common/store_executor.hpp"

namespace genx3d::api {

class OutboxMarker {
 public:
  OutboxMarker(boost::asio::any_io_executor ex, StoreExecutor& store);

  // The broker confirmed the job's message: mark it published (soon, in a batch).
  void confirmed(std::string job_id);

 private:
  boost::asio::awaitable<void> drain();

  boost::asio::any_io_executor executor_;
  StoreExecutor& store_;
  std::mutex mutex_;
  std::vector<std::string> pending_;  // guarded by mutex_
  bool draining_ = false;             // guarded by mutex_: a drain() is running
};

}  // namespace genx3d::api
