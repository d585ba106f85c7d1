#include "cli/io_pool.hpp"

#include <string>
#include <thread>

#include "common/thread_name.hpp"

namespace genx3d::cli {
namespace asio = boost::asio;

// shutdown() and destroy() are protected in execution_context; the pool calls them itself so
// that every context is shut down before any is destroyed (see ~IoPool).
struct IoPool::Context {
  struct Io : asio::io_context {
    Io() : asio::io_context(1) {}  // one thread: the scheduler skips waking others
    using asio::io_context::destroy;
    using asio::io_context::shutdown;
  };
  Io context;
  // Keeps run() going while the context has nothing to do (no connection yet, say).
  asio::executor_work_guard<asio::io_context::executor_type> guard{context.get_executor()};
};

IoPool::IoPool(unsigned threads) {
  for (unsigned i = 0; i < std::max(threads, 1u); ++i) {
    contexts_.push_back(std::make_unique<Context>());
  }
}

// A handler left in one context may own an I/O object of another. Shutting every context down
// first destroys such handlers while every context's services still exist.
IoPool::~IoPool() {
  // A guard left (the pool was never stopped) would report to a destroyed scheduler.
  for (auto& c : contexts_) c->guard.reset();
  for (auto& c : contexts_) c->context.shutdown();
  for (auto& c : contexts_) c->context.destroy();
}

asio::io_context& IoPool::main() { return contexts_.front()->context; }

std::vector<asio::any_io_executor> IoPool::executors() const {
  std::vector<asio::any_io_executor> out;
  for (const auto& c : contexts_) out.emplace_back(c->context.get_executor());
  return out;
}

void IoPool::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([&io = contexts_[i]->context, i] {
      name_this_thread("genx3d-io" + std::to_string(i));
      io.run();
    });
  }
  contexts_.front()->context.run();
  for (auto& t : threads) t.join();
}

void IoPool::stop() {
  for (auto& c : contexts_) {
    c->guard.reset();
    c->context.stop();
  }
}

}  // namespace genx3d::cli
