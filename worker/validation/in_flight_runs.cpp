#include "worker/validation/in_flight_runs.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace genx3d::worker {
namespace asio = boost::asio;

std::pair<std::shared_ptr<InFlightRuns::Flight>, bool> InFlightRuns::join(
    const std::string& code, asio::any_io_executor executor) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = flights_.try_emplace(code);
  if (inserted) it->second = std::make_shared<Flight>(executor);
  return {it->second, inserted};
}

void InFlightRuns::finish(const std::string& code, const std::shared_ptr<Flight>& flight,
                          Validation v) {
  {
    std::lock_guard lock(mutex_);
    flight->result = std::move(v);
    flights_.erase(code);
  }
  flight->done.close();  // every waiting receive completes (channel closed)
}

asio::awaitable<Validation> InFlightRuns::await_result(std::shared_ptr<Flight> flight) {
  co_await flight->done.async_receive(asio::as_tuple(asio::use_awaitable));
  std::optional<Validation> result;
  {
    // The leader wrote `result` under the table's lock before closing; closing happens-before
    // the receive completes, so the read needs no lock of its own.
    result = flight->result;
  }
  if (!result) {
    Validation lost;
    lost.ok = false;
    lost.error = CodeError{"sandbox_error", "the shared run ended without a result", {}, {}};
    co_return lost;
  }
  co_return *result;
}

}  // namespace genx3d::worker
