// The fake provider's HTTP side: one coroutine per connection (plain or TLS) on its own strand,
// keep-alive, the admin routes (/_requests, /_reset, /_config) and the fault plan.
#pragma once

#include "fault_plan.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <nlohmann/json.hpp>

#include <atomic>
#include <cstddef>
#include <mutex>
#include <deque>
#include <optional>
#include <string>

namespace fake_provider {

// Thread safety: the counters lock themselves; everything else behind `mutex`.
struct State {
  std::mutex mutex;
  nlohmann::json records = nlohmann::json::array();  // every model request, oldest first
  std::size_t record_limit = 10000;                  // older records are dropped beyond it
  std::optional<Fault> run_fault;                    // applies when a request names none
  int latency_ms = 0;                                // added to every model answer
  std::string require_key;                           // non-empty: other keys get 401
  std::deque<std::string> answers;  // scripted answer texts, used once each, before the default
  FaultCounters counters;
  std::atomic<long long> next_id{1};
  std::atomic<long long> served{0};
};

// Accepts connections forever; `tls` null for plain HTTP.
boost::asio::awaitable<void> listen(boost::asio::ip::tcp::acceptor& acceptor,
                                    boost::asio::ssl::context* tls, State& state);

}  // namespace fake_provider
