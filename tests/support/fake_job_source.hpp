// A JobSource for worker tests that need no queue library: jobs are pushed by the test, loops
// waiting in next() are resumed on their own executor, and acks/requeues are counted per job.
#pragma once

#include "common/job_queue.hpp"

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace genx3d::test {

// Thread safety: all members may be called from any thread.
class FakeJobSource final : public JobSource {
 public:
  void push(JobPayload payload) {
    const std::string id = payload.job_id;
    JobDelivery d{std::move(payload), [this, id] { count(acks_, id); },
                  [this, id] { count(requeues_, id); }};
    std::unique_lock lock(mutex_);
    if (closed_) return;
    if (waiters_.empty()) {
      ready_.push_back(std::move(d));
      return;
    }
    auto handler = std::move(waiters_.front());
    waiters_.pop_front();
    lock.unlock();
    resume(std::move(handler), std::move(d));
  }

  boost::asio::awaitable<std::optional<JobDelivery>> next() override {
    return boost::asio::async_initiate<const boost::asio::use_awaitable_t<>&,
                                       void(std::optional<JobDelivery>)>(
        [this](auto handler) {
          auto ex = boost::asio::get_associated_executor(handler);
          Waiter h{ex, Handler(std::move(handler))};
          std::unique_lock lock(mutex_);
          std::optional<JobDelivery> d;
          if (!ready_.empty()) {
            d = std::move(ready_.front());
            ready_.pop_front();
          } else if (!closed_) {
            waiters_.push_back(std::move(h));
            return;
          }
          lock.unlock();
          resume(std::move(h), std::move(d));
        },
        boost::asio::use_awaitable);
  }

  void close() override {
    std::deque<Waiter> waiters;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      waiters.swap(waiters_);
      ready_.clear();
    }
    for (auto& h : waiters) resume(std::move(h), std::nullopt);
  }

  int acks(const std::string& id) const { return lookup(acks_, id); }
  int requeues(const std::string& id) const { return lookup(requeues_, id); }
  // Jobs pushed and not yet taken by a loop.
  std::size_t pending() const {
    std::lock_guard lock(mutex_);
    return ready_.size();
  }
  int total_acks() const {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [id, c] : acks_) n += c;
    return n;
  }

 private:
  using Handler = boost::asio::any_completion_handler<void(std::optional<JobDelivery>)>;
  struct Waiter {
    boost::asio::any_io_executor executor;  // the waiting loop's, where it must resume
    Handler handler;
  };

  static void resume(Waiter w, std::optional<JobDelivery> d) {
    auto ex = w.executor;
    boost::asio::post(
        ex, [h = std::move(w.handler), d = std::move(d)]() mutable { std::move(h)(std::move(d)); });
  }
  void count(std::map<std::string, int>& counter, const std::string& id) {
    std::lock_guard lock(mutex_);
    ++counter[id];
  }
  int lookup(const std::map<std::string, int>& counter, const std::string& id) const {
    std::lock_guard lock(mutex_);
    auto it = counter.find(id);
    return it == counter.end() ? 0 : it->second;
  }

  mutable std::mutex mutex_;
  std::deque<JobDelivery> ready_;
  std::deque<Waiter> waiters_;
  bool closed_ = false;
  std::map<std::string, int> acks_;
  std::map<std::string, int> requeues_;
};

}  // namespace genx3d::test
