// The repair loop as a state machine without I/O: the job runner tells it what happened, it
// answers what to do next. Ask the model; run its code; when the code fails (or there is none),
// send the error back to the same model, at most `max_repairs` times; then finish with the last
// answer, whatever its validation says. A provider failure on the first call fails the job; on a
// repair call it ends the loop with the last answer, which is better than no answer.
#pragma once

#include <string_view>

namespace genx3d::worker {

enum class RepairPhase { generating, validating, repairing, done };
std::string_view to_string(RepairPhase phase);

enum class RepairEvent {
  answered,         // the model answered (code or not)
  provider_failed,  // the model call failed
  passed,           // the code ran and made a solid
  failed,           // the code did not run, made nothing, or was missing
  skipped,          // the code could not be run here (no sandbox): accept the answer
};

enum class RepairAction {
  ask_model,      // the first call, with the user's request
  ask_for_fix,    // a repair call, with the last code and its error
  validate,       // run the last answer's code
  finish_answer,  // the job succeeds with the last answer
  finish_error,   // the job fails with the provider's error
};

class RepairLoop {
 public:
  explicit RepairLoop(int max_repairs) : max_repairs_(max_repairs < 0 ? 0 : max_repairs) {}

  RepairAction start();
  RepairAction next(RepairEvent event);

  RepairPhase phase() const { return phase_; }
  int repairs_asked() const { return repairs_; }
  bool has_answer() const { return has_answer_; }

 private:
  RepairAction finish(RepairAction action);

  int max_repairs_;
  int repairs_ = 0;
  bool has_answer_ = false;
  RepairPhase phase_ = RepairPhase::generating;
};

}  // namespace genx3d::worker
