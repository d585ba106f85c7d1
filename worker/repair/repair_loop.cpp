#include "worker/repair/repair_loop.hpp"

namespace genx3d::worker {

std::string_view to_string(RepairPhase phase) {
  switch (phase) {
    case RepairPhase::generating:
      return "generating";
    case RepairPhase::validating:
      return "validating";
    case RepairPhase::repairing:
      return "repairing";
    case RepairPhase::done:
      return "done";
  }
  return "done";
}

RepairAction RepairLoop::start() {
  phase_ = RepairPhase::generating;
  return RepairAction::ask_model;
}

RepairAction RepairLoop::finish(RepairAction action) {
  phase_ = RepairPhase::done;
  return action;
}

RepairAction RepairLoop::next(RepairEvent event) {
  switch (phase_) {
    case RepairPhase::generating:
    case RepairPhase::repairing:
      if (event == RepairEvent::answered) {
        has_answer_ = true;
        phase_ = RepairPhase::validating;
        return RepairAction::validate;
      }
      if (event == RepairEvent::provider_failed) {
        return finish(has_answer_ ? RepairAction::finish_answer : RepairAction::finish_error);
      }
      break;
    case RepairPhase::validating:
      if (event == RepairEvent::failed && repairs_ < max_repairs_) {
        ++repairs_;
        phase_ = RepairPhase::repairing;
        return RepairAction::ask_for_fix;
      }
      if (event == RepairEvent::passed || event == RepairEvent::failed ||
          event == RepairEvent::skipped) {
        return finish(RepairAction::finish_answer);
      }
      break;
    case RepairPhase::done:
      break;
  }
  // An event that cannot happen in this phase is a bug in the caller: end safely.
  return finish(has_answer_ ? RepairAction::finish_answer : RepairAction::finish_error);
}

}  // namespace genx3d::worker
