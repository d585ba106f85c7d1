#include "queue/start_announcer.hpp"

#include <deque>
#include <mutex>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d {
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

// One sweeper per announcer, not a timer per attempt: at thousands of quick jobs a second, a
// timer each (armed, fired 100 ms later, its coroutine resumed and freed) cost more than the
// store write it saved. Attempts start in time order, so their due times form a queue; an
// attempt that ended stays in it until its turn and is then passed over.
struct StartAnnouncer::State {
  struct Due {
    Clock::time_point at;
    std::string job_id;
    int attempt;
  };
  std::chrono::milliseconds delay;
  Publish publish;
  std::mutex mutex;  // guards the members below
  bool closed = false;
  bool sweeping = false;                          // a sweeper coroutine is running
  std::unordered_map<std::string, int> pending;   // job id -> attempt, not yet announced
  std::deque<Due> due;                            // oldest first; may hold ended attempts
  std::uint64_t announced = 0;
  std::uint64_t skipped = 0;
};

namespace {

// Sleeps until an eighth of the delay past the oldest attempt's due time, so one wake-up (and
// one published batch) takes every attempt that came due in that window; announces what is due,
// and ends when nothing is left.
asio::awaitable<void> sweep(std::shared_ptr<StartAnnouncer::State> st) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  const auto granularity = std::max<Clock::duration>(st->delay / 8, std::chrono::milliseconds(1));
  for (;;) {
    Clock::time_point wake;
    {
      std::lock_guard lock(st->mutex);
      if (st->closed || st->due.empty()) {
        st->sweeping = false;
        co_return;
      }
      wake = std::max(st->due.front().at, Clock::now()) + granularity;
    }
    timer.expires_at(wake);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    // Published under the lock, so the destructor (which takes it) cannot run meanwhile and
    // `publish` never outlives what it refers to.
    std::lock_guard lock(st->mutex);
    if (st->closed) {
      st->sweeping = false;
      co_return;
    }
    const auto now = Clock::now();
    std::vector<StartedJob> jobs;
    while (!st->due.empty() && st->due.front().at <= now) {
      StartAnnouncer::State::Due d = std::move(st->due.front());
      st->due.pop_front();
      auto it = st->pending.find(d.job_id);
      if (it == st->pending.end() || it->second != d.attempt) continue;  // ended, or retried
      st->pending.erase(it);
      ++st->announced;
      jobs.push_back({std::move(d.job_id), d.attempt});
    }
    if (!jobs.empty()) st->publish(std::move(jobs));
  }
}

}  // namespace

StartAnnouncer::StartAnnouncer(std::chrono::milliseconds delay, Publish publish)
    : state_(std::make_shared<State>()) {
  state_->delay = delay;
  state_->publish = std::move(publish);
}

StartAnnouncer::~StartAnnouncer() {
  std::lock_guard lock(state_->mutex);
  state_->closed = true;
  state_->pending.clear();
  state_->due.clear();
}

void StartAnnouncer::started(const asio::any_io_executor& ex, std::string job_id, int attempt) {
  bool spawn = false;
  {
    std::lock_guard lock(state_->mutex);
    state_->pending[job_id] = attempt;
    state_->due.push_back({Clock::now() + state_->delay, std::move(job_id), attempt});
    spawn = !state_->sweeping;
    state_->sweeping = true;
  }
  if (spawn) asio::co_spawn(ex, sweep(state_), asio::detached);
}

void StartAnnouncer::finished(const std::string& job_id) {
  std::lock_guard lock(state_->mutex);
  if (state_->pending.erase(job_id) == 1) ++state_->skipped;
}

std::uint64_t StartAnnouncer::announced() const {
  std::lock_guard lock(state_->mutex);
  return state_->announced;
}

std::uint64_t StartAnnouncer::skipped() const {
  std::lock_guard lock(state_->mutex);
  return state_->skipped;
}

}  // namespace genx3d
