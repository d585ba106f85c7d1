#include "queue/amqp/start_announcer.hpp"

#include <mutex>
#include <unordered_map>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::amqp {
namespace asio = boost::asio;

struct StartAnnouncer::State {
  std::chrono::milliseconds delay;
  Publish publish;
  std::mutex mutex;                                 // guards the members below
  bool closed = false;
  std::unordered_map<std::string, int> pending;     // job id -> attempt, not yet announced
  std::uint64_t announced = 0;
  std::uint64_t skipped = 0;
};

namespace {

asio::awaitable<void> announce_later(std::shared_ptr<StartAnnouncer::State> st, std::string id,
                                     int attempt);

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
}

void StartAnnouncer::started(const asio::any_io_executor& ex, std::string job_id, int attempt) {
  {
    std::lock_guard lock(state_->mutex);
    state_->pending[job_id] = attempt;
  }
  asio::co_spawn(ex, announce_later(state_, std::move(job_id), attempt), asio::detached);
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

namespace {

asio::awaitable<void> announce_later(std::shared_ptr<StartAnnouncer::State> st, std::string id,
                                     int attempt) {
  asio::steady_timer timer(co_await asio::this_coro::executor, st->delay);
  boost::system::error_code ec;
  co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  // Published under the lock, so the destructor (which takes it) cannot run meanwhile and
  // `publish` never outlives what it refers to.
  std::lock_guard lock(st->mutex);
  if (st->closed) co_return;
  auto it = st->pending.find(id);
  if (it == st->pending.end() || it->second != attempt) co_return;  // ended, or a later attempt
  st->pending.erase(it);
  ++st->announced;
  st->publish(id, attempt);
}

}  // namespace

}  // namespace genx3d::amqp
