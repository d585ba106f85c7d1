// Hands a worker's job outcomes to the broker in batches, the way a group commit does: an
// outcome that arrives while the previous batch awaits its confirm waits for that confirm, then
// goes out together with every other outcome that arrived meanwhile. When idle, an outcome goes
// at once and alone, so no delay is added; under load the broker takes one message (one quorum
// log entry, one delivery, one ack at the API, one store operation there) per confirm round trip
// instead of one per job.
//
// Thread safety: all members may be called from any thread. `publish` is called by whichever
// thread handed in an outcome or ran the previous confirm; the confirm may come on any thread.
#pragma once

#include "common/job.hpp"

#include <boost/asio/awaitable.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace genx3d {

class OutcomeBatcher {
 public:
  using Confirmed = std::function<void()>;  // the broker has the batch
  using Publish = std::function<void(std::vector<JobOutcome> outcomes, Confirmed confirmed)>;
  // Bounds a message's size: outcomes carry the generated code.
  static constexpr std::size_t kDefaultMaxBatch = 64;

  explicit OutcomeBatcher(Publish publish, std::size_t max_batch = kDefaultMaxBatch);
  ~OutcomeBatcher();  // outcomes not yet confirmed are dropped; their jobs were never acked
  OutcomeBatcher(const OutcomeBatcher&) = delete;
  OutcomeBatcher& operator=(const OutcomeBatcher&) = delete;

  // Completes, on the caller's executor, once the broker confirmed the batch holding `outcome`.
  boost::asio::awaitable<void> finished(JobOutcome outcome);

  // Messages published so far, and the outcomes they carried.
  std::uint64_t batches() const;
  std::uint64_t outcomes() const;

  struct State;  // opaque: shared with the confirm callbacks, which may outlive this object

 private:
  std::shared_ptr<State> state_;
};

}  // namespace genx3d
