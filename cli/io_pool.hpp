// The I/O threads of a genx3d process: one io_context per thread, rather than one io_context
// run by every thread. Within a context nothing runs concurrently, so a connection needs no
// strand, and the threads do not contend for one scheduler lock. With one shared context and a
// strand per connection, executor copies, strand queues and that lock took ~10% of embedded
// mode's instructions (callgrind) and more of its time (perf: pthread_mutex_* 4%).
// Connections and worker loops are spread over the contexts and stay where they started; state
// they share is locked, and the store, the queues and the waiters post back to whichever
// executor awaits them.
#pragma once

#include <memory>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace genx3d::cli {

// Thread safety: stop() from any thread; the rest from the thread that made the pool.
class IoPool {
 public:
  explicit IoPool(unsigned threads);
  ~IoPool();

  // The first context: for the process's own timers and services.
  boost::asio::io_context& main();
  // Every context's executor, the main one first. Work spread over them runs in parallel.
  std::vector<boost::asio::any_io_executor> executors() const;
  // Runs every context, the main one on the calling thread; returns once stop() was called and
  // every thread finished.
  void run();
  void stop();

 private:
  struct Context;
  std::vector<std::unique_ptr<Context>> contexts_;
};

}  // namespace genx3d::cli
