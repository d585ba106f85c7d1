#include "common/job_state.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <utility>

using genx3d::JobState;

namespace {

constexpr JobState kAll[] = {JobState::queued, JobState::running, JobState::succeeded,
                             JobState::failed, JobState::cancelled};

}  // namespace

TEST_CASE("every job state round-trips through its string form", "[job_state]") {
  std::set<std::string> names;
  for (JobState s : kAll) {
    auto name = std::string(genx3d::to_string(s));
    names.insert(name);
    auto back = genx3d::job_state_from_string(name);
    REQUIRE(back.has_value());
    CHECK(*back == s);
  }
  CHECK(names == std::set<std::string>{"queued", "running", "succeeded", "failed", "cancelled"});
}

TEST_CASE("unknown job state strings are rejected", "[job_state]") {
  CHECK_FALSE(genx3d::job_state_from_string(""));
  CHECK_FALSE(genx3d::job_state_from_string("Queued"));
  CHECK_FALSE(genx3d::job_state_from_string("done"));
  CHECK_FALSE(genx3d::job_state_from_string("queued "));
}

TEST_CASE("only succeeded, failed and cancelled are final", "[job_state]") {
  CHECK_FALSE(genx3d::is_final(JobState::queued));
  CHECK_FALSE(genx3d::is_final(JobState::running));
  CHECK(genx3d::is_final(JobState::succeeded));
  CHECK(genx3d::is_final(JobState::failed));
  CHECK(genx3d::is_final(JobState::cancelled));
}

TEST_CASE("the transition table allows exactly the documented moves", "[job_state]") {
  using S = JobState;
  const std::set<std::pair<S, S>> allowed = {
      {S::queued, S::running},    {S::queued, S::succeeded},  {S::queued, S::failed},
      {S::queued, S::cancelled},  {S::running, S::succeeded}, {S::running, S::failed},
      {S::running, S::cancelled}, {S::running, S::queued},
  };
  for (S from : kAll) {
    for (S to : kAll) {
      INFO(genx3d::to_string(from) << " -> " << genx3d::to_string(to));
      CHECK(genx3d::is_allowed_transition(from, to) == (allowed.count({from, to}) == 1));
    }
  }
}

TEST_CASE("no state leaves a final state", "[job_state]") {
  for (JobState from : kAll) {
    if (!genx3d::is_final(from)) continue;
    for (JobState to : kAll) CHECK_FALSE(genx3d::is_allowed_transition(from, to));
  }
}
