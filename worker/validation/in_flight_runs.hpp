// Runs of the same code that overlap in time share one sandbox run: the first caller runs it,
// the others wait for its validation. A burst of jobs whose models answer with the same code
// (the built-in model, a cached upstream answer) would otherwise queue that many runs on the
// pool before the first result reaches the cache.
#pragma once

#include "common/validation.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace genx3d::worker {

// Thread safety: all members may be called from any thread.
class InFlightRuns {
 public:
  struct Flight {
    explicit Flight(boost::asio::any_io_executor ex) : done(ex) {}
    std::optional<Validation> result;  // written once, before `done` closes
    boost::asio::experimental::concurrent_channel<void(boost::system::error_code)> done;
  };

  // The flight for `code`, and whether the caller leads it (and must call finish()).
  std::pair<std::shared_ptr<Flight>, bool> join(const std::string& code,
                                                boost::asio::any_io_executor executor);
  // Publishes the leader's result and wakes every follower.
  void finish(const std::string& code, const std::shared_ptr<Flight>& flight, Validation v);
  // A follower's wait for the leader's result.
  static boost::asio::awaitable<Validation> await_result(std::shared_ptr<Flight> flight);

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace genx3d::worker
