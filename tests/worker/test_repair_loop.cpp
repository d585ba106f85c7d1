#include "worker/repair/repair_loop.hpp"

#include <catch2/catch.hpp>

using namespace genx3d::worker;
using A = RepairAction;
using E = RepairEvent;

TEST_CASE("code that passes first time: ask, validate, finish", "[repair_loop]") {
  RepairLoop loop(2);
  CHECK(loop.start() == A::ask_model);
  CHECK(loop.phase() == RepairPhase::generating);
  CHECK(loop.next(E::answered) == A::validate);
  CHECK(loop.phase() == RepairPhase::validating);
  CHECK(loop.next(E::passed) == A::finish_answer);
  CHECK(loop.phase() == RepairPhase::done);
  CHECK(loop.repairs_asked() == 0);
}

TEST_CASE("code that fails once is sent back, then passes", "[repair_loop]") {
  RepairLoop loop(2);
  loop.start();
  loop.next(E::answered);
  CHECK(loop.next(E::failed) == A::ask_for_fix);
  CHECK(loop.phase() == RepairPhase::repairing);
  CHECK(loop.next(E::answered) == A::validate);
  CHECK(loop.next(E::passed) == A::finish_answer);
  CHECK(loop.repairs_asked() == 1);
}

TEST_CASE("repairs stop at the limit and the last answer is kept", "[repair_loop]") {
  RepairLoop loop(2);
  loop.start();
  std::vector<A> actions;
  for (int i = 0; i < 3; ++i) {
    actions.push_back(loop.next(E::answered));
    actions.push_back(loop.next(E::failed));
  }
  CHECK(actions == std::vector<A>{A::validate, A::ask_for_fix, A::validate, A::ask_for_fix,
                                  A::validate, A::finish_answer});
  CHECK(loop.repairs_asked() == 2);
}

TEST_CASE("zero repairs: a failure finishes at once", "[repair_loop]") {
  RepairLoop loop(0);
  loop.start();
  loop.next(E::answered);
  CHECK(loop.next(E::failed) == A::finish_answer);
}

TEST_CASE("a provider failure fails the job only before any answer", "[repair_loop]") {
  RepairLoop first(2);
  first.start();
  CHECK(first.next(E::provider_failed) == A::finish_error);

  RepairLoop later(2);
  later.start();
  later.next(E::answered);
  later.next(E::failed);
  CHECK(later.next(E::provider_failed) == A::finish_answer);
}

TEST_CASE("a skipped validation accepts the answer without repairs", "[repair_loop]") {
  RepairLoop loop(2);
  loop.start();
  loop.next(E::answered);
  CHECK(loop.next(E::skipped) == A::finish_answer);
  CHECK(loop.repairs_asked() == 0);
}

TEST_CASE("an event out of place ends the loop safely", "[repair_loop]") {
  RepairLoop loop(2);
  loop.start();
  CHECK(loop.next(E::passed) == A::finish_error);
  CHECK(loop.phase() == RepairPhase::done);
  CHECK(loop.next(E::answered) == A::finish_error);
}
