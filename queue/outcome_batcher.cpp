#include "queue/outcome_batcher.hpp"

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <deque>
#include <iterator>
#include <mutex>

namespace genx3d {
namespace asio = boost::asio;

struct OutcomeBatcher::State {
  struct Waiting {
    JobOutcome outcome;
    std::function<void()> done;  // resumes the outcome's finished() call
  };
  Publish publish;
  std::size_t max_batch;
  std::mutex mutex;  // guards the members below
  bool closed = false;
  bool in_flight = false;  // a batch awaits its confirm
  std::deque<Waiting> waiting;
  std::uint64_t batches = 0;
  std::uint64_t outcomes = 0;
};

namespace {

using State = OutcomeBatcher::State;

// The next batch, oldest first. The caller holds the mutex.
std::vector<State::Waiting> take(State& st) {
  const std::size_t n = std::min(st.waiting.size(), st.max_batch);
  std::vector<State::Waiting> batch(std::make_move_iterator(st.waiting.begin()),
                                    std::make_move_iterator(st.waiting.begin() + n));
  st.waiting.erase(st.waiting.begin(), st.waiting.begin() + n);
  ++st.batches;
  st.outcomes += n;
  return batch;
}

// Publishes a batch; its confirm resumes its callers and sends what waited meanwhile. Called
// without the mutex: `publish` may take locks of its own.
void send(const std::shared_ptr<State>& st, std::vector<State::Waiting> batch) {
  std::vector<JobOutcome> outcomes;
  std::vector<std::function<void()>> done;
  outcomes.reserve(batch.size());
  done.reserve(batch.size());
  for (auto& w : batch) {
    outcomes.push_back(std::move(w.outcome));
    done.push_back(std::move(w.done));
  }
  st->publish(std::move(outcomes), [st, done = std::move(done)] {
    for (const auto& resume : done) resume();
    std::vector<State::Waiting> next;
    {
      std::lock_guard lock(st->mutex);
      if (st->closed || st->waiting.empty()) {
        st->in_flight = false;
        return;
      }
      next = take(*st);
    }
    send(st, std::move(next));
  });
}

}  // namespace

OutcomeBatcher::OutcomeBatcher(Publish publish, std::size_t max_batch)
    : state_(std::make_shared<State>()) {
  state_->publish = std::move(publish);
  state_->max_batch = std::max<std::size_t>(max_batch, 1);
}

OutcomeBatcher::~OutcomeBatcher() {
  std::lock_guard lock(state_->mutex);
  state_->closed = true;
  state_->waiting.clear();
}

asio::awaitable<void> OutcomeBatcher::finished(JobOutcome outcome) {
  auto ex = co_await asio::this_coro::executor;
  co_await asio::async_initiate<const asio::use_awaitable_t<>&, void()>(
      [this, &outcome, ex](auto handler) {
        auto h = std::make_shared<decltype(handler)>(std::move(handler));
        std::function<void()> done = [h, ex] { asio::post(ex, [h] { std::move (*h)(); }); };
        std::vector<State::Waiting> batch;
        {
          std::lock_guard lock(state_->mutex);
          if (state_->closed) return;
          state_->waiting.push_back({std::move(outcome), std::move(done)});
          if (state_->in_flight) return;  // it goes with the batch after the one in flight
          state_->in_flight = true;
          batch = take(*state_);
        }
        send(state_, std::move(batch));
      },
      asio::use_awaitable);
}

std::uint64_t OutcomeBatcher::batches() const {
  std::lock_guard lock(state_->mutex);
  return state_->batches;
}

std::uint64_t OutcomeBatcher::outcomes() const {
  std::lock_guard lock(state_->mutex);
  return state_->outcomes;
}

}  // namespace genx3d
