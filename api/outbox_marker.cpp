#include "api/outbox_marker.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <spdlog/spdlog.h>

#include "common/clock.hpp"

namespace genx3d::api {
namespace asio = boost::asio;

OutboxMarker::OutboxMarker(asio::any_io_executor ex, StoreExecutor& store)
    : executor_(std::move(ex)), store_(store) {}

void OutboxMarker::confirmed(std::string job_id) {
  {
    std::lock_guard lock(mutex_);
    pending_.push_back(std::move(job_id));
    if (draining_) return;  // the running drain() takes it in its next round
    draining_ = true;
  }
  asio::co_spawn(executor_, drain(), asio::detached);
}

asio::awaitable<void> OutboxMarker::drain() {
  for (;;) {
    std::vector<std::string> ids;
    {
      std::lock_guard lock(mutex_);
      if (pending_.empty()) {
        draining_ = false;
        co_return;
      }
      ids.swap(pending_);
    }
    auto r = co_await store_.run([&ids](Store& s) {
      const std::int64_t now = now_ms();
      for (const auto& id : ids) s.mark_published(id, now);
    });
    // Not fatal: an unmarked job is published again after a restart, and the guarded writes
    // make the duplicate harmless.
    if (!r) spdlog::error("outbox: marking {} jobs published failed: {}", ids.size(), r.error());
  }
}

}  // namespace genx3d::api
