#include "api/job_waiters.hpp"

#include <atomic>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::api {
namespace asio = boost::asio;

class JobWaiters::Registration : public std::enable_shared_from_this<Registration> {
 public:
  explicit Registration(std::string id) : job_id(std::move(id)) {}
  const std::string job_id;
  std::shared_ptr<const Job> final_job;    // written once, before `fired` is set
  std::atomic<bool> fired{false};
  std::mutex mutex;                        // guards timer (set once the wait starts)
  std::optional<asio::steady_timer> timer;

  void fire() {
    fired = true;
    std::lock_guard lock(mutex);
    if (timer) {
      // The timer belongs to the waiting coroutine's executor; cancel it there.
      asio::post(timer->get_executor(), [self = shared_from_this()] {
        if (self->timer) self->timer->cancel();
      });
    }
  }
};

std::shared_ptr<JobWaiters::Registration> JobWaiters::watch(const std::string& job_id) {
  auto reg = std::make_shared<Registration>(job_id);
  std::lock_guard lock(mutex_);
  if (shut_down_) {  // checked under the lock, so shutdown() cannot slip in between
    reg->fired = true;
    return reg;
  }
  waiters_[job_id].push_back(reg);
  return reg;
}

asio::awaitable<bool> JobWaiters::wait(std::shared_ptr<Registration> reg,
                                       std::chrono::steady_clock::duration timeout) {
  auto ex = co_await asio::this_coro::executor;
  {
    std::lock_guard lock(reg->mutex);
    reg->timer.emplace(ex, timeout);
  }
  // A fire() before the timer existed set `fired` and had nothing to cancel; one after it posts
  // a cancel that reaches the wait below, since both run on this coroutine's executor.
  if (!reg->fired) {
    boost::system::error_code ec;
    co_await reg->timer->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  forget(reg->job_id, reg.get());
  co_return reg->fired.load();
}

void JobWaiters::unwatch(const std::shared_ptr<Registration>& reg) {
  forget(reg->job_id, reg.get());
}

std::shared_ptr<const Job> JobWaiters::final_job(const Registration& reg) {
  return reg.fired.load() ? reg.final_job : nullptr;
}

void JobWaiters::expect(const std::string& job_id, const std::string& owner_key_id) {
  std::lock_guard lock(mutex_);
  if (shut_down_ || expected_.size() >= kMaxExpected) return;
  expected_.emplace(job_id, owner_key_id);
}

bool JobWaiters::expects(const std::string& job_id, std::string_view owner_key_id) const {
  std::lock_guard lock(mutex_);
  auto it = expected_.find(job_id);
  return it != expected_.end() && it->second == owner_key_id;
}

void JobWaiters::notify(const std::string& job_id, std::shared_ptr<const Job> final_job) {
  std::vector<std::shared_ptr<Registration>> regs;
  {
    std::lock_guard lock(mutex_);
    expected_.erase(job_id);
    auto it = waiters_.find(job_id);
    if (it == waiters_.end()) return;
    regs.swap(it->second);
    waiters_.erase(it);
  }
  for (auto& r : regs) {
    r->final_job = final_job;
    r->fire();
  }
}

void JobWaiters::shutdown() {
  std::unordered_map<std::string, std::vector<std::shared_ptr<Registration>>> all;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    all.swap(waiters_);
    expected_.clear();
  }
  for (auto& [id, regs] : all) {
    for (auto& r : regs) r->fire();
  }
}

void JobWaiters::forget(const std::string& job_id, const Registration* reg) {
  std::lock_guard lock(mutex_);
  auto it = waiters_.find(job_id);
  if (it == waiters_.end()) return;
  auto& v = it->second;
  std::erase_if(v, [reg](const auto& p) { return p.get() == reg; });
  if (v.empty()) waiters_.erase(it);
}

std::size_t JobWaiters::waiting() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, regs] : waiters_) n += regs.size();
  return n;
}

}  // namespace genx3d::api
