// The top level of builtin/parametric: decide what the message asks for (a new part, a change to
// the part the conversation is about, or something this model cannot do) and write the answer.
#include "worker/builtin/parametric_generator.hpp"

#include "worker/builtin/part_builder.hpp"
#include "worker/builtin/part_code.hpp"
#include "worker/builtin/request.hpp"

#include <cctype>

namespace genx3d::worker {
namespace {

using builtin::Interpretation;
using builtin::ParsedRequest;
using builtin::Part;

constexpr std::string_view kFamilies =
    "cube, box, sphere, cylinder, tube, cone, spur gear, plate with holes and washer";
constexpr std::string_view kExamples =
    "\"Create a gear with 20 teeth and 40mm diameter\", \"a 20 x 30 x 5 mm box\", "
    "\"a tube with outer diameter 20 mm, 2 mm wall, 50 mm long\" or "
    "\"a 100 x 60 x 5 mm plate with 4 holes of 5 mm\"";

// A new part, a change to `previous`, or nullopt when the message asks for no part at all.
std::optional<Interpretation> interpret(const ParsedRequest& request,
                                        const std::optional<Part>& previous) {
  if (request.family) {
    if (previous && request.refers_back) return builtin::modify_part(*previous, request);
    return builtin::build_part(*request.family, request);
  }
  if (previous && request.has_request()) return builtin::modify_part(*previous, request);
  return std::nullopt;
}

// The part the conversation is about. An assistant turn whose code this model can read is what
// was really built, so replay starts there; user turns after it are applied in order.
std::optional<Part> part_from_history(const std::vector<ChatTurn>& history) {
  std::size_t start = 0;
  std::optional<Part> current;
  for (std::size_t i = history.size(); i > 0; --i) {
    const ChatTurn& turn = history[i - 1];
    if (turn.role != "assistant") continue;
    if (auto part = builtin::read_part(turn.content)) {
      current = part;
      start = i;
      break;
    }
  }
  for (std::size_t i = start; i < history.size(); ++i) {
    if (history[i].role != "user") continue;
    if (auto next = interpret(builtin::parse_request(history[i].content), current)) {
      current = next->part;
    }
  }
  return current;
}

void append_list(std::string& out, const std::vector<std::string>& items) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
}

// "outside diameter from 40 to 60 mm", "bore set to 5 mm": one per dimension that changed.
std::vector<std::string> differences(const Part& before, const Part& after) {
  std::vector<std::string> changes;
  const auto old_fields = builtin::fields(before);
  const auto new_fields = builtin::fields(after);
  for (std::size_t i = 0; i < new_fields.size() && i < old_fields.size(); ++i) {
    const auto& field = new_fields[i];
    const double old_value = old_fields[i].value;
    if (field.value == old_value) continue;
    std::string text(field.name);
    if (field.value == 0) {
      text += " removed";  // "bore removed"
    } else {
      text += old_value == 0 ? " set to " : " from ";
      if (old_value != 0) {
        builtin::append_number(text, old_value);
        text += " to ";
      }
      builtin::append_number(text, field.value);
      if (!field.is_count) text += " mm";
    }
    changes.push_back(std::move(text));
  }
  if (after.family == builtin::Family::plate && before.pattern != after.pattern &&
      after.count > 0) {
    changes.push_back("new hole pattern");
  }
  return changes;
}

std::string second_line(const Interpretation& interpretation) {
  std::string line;
  if (!interpretation.assumed.empty()) {
    line += "Not specified, so I used: ";
    append_list(line, interpretation.assumed);
    line += '.';
  }
  for (const std::string& note : interpretation.notes) {
    if (!line.empty()) line += ' ';
    line += note;
  }
  return line;
}

ParametricAnswer code_answer(std::string first_line, const Interpretation& interpretation) {
  ParametricAnswer answer;
  answer.text = std::move(first_line);
  if (std::string line = second_line(interpretation); !line.empty()) {
    answer.text += '\n';
    answer.text += line;
  }
  answer.text += "\n\n```javascript\n";
  answer.text += builtin::emit_code(interpretation.part);
  answer.text += "```";
  answer.family = std::string(builtin::family_id(interpretation.part.family));
  return answer;
}

std::string follow_up_line(const Part& before, const Interpretation& interpretation) {
  const Part& after = interpretation.part;
  const std::string old_noun(builtin::family_noun(before.family));
  const std::string description = builtin::describe(after);
  if (before.family != after.family) {
    return "Turned the " + old_noun + " into a " + description + ".";
  }
  if (!interpretation.changed) {
    return "The " + old_noun + " stays as it was: " + description + ".";
  }
  std::string line = "Updated the " + old_noun;
  if (auto changes = differences(before, after); !changes.empty()) {
    line += ": ";
    append_list(line, changes);
  }
  line += ". It is now a " + description + ".";
  return line;
}

// What the primitives in someone else's code are, for an honest "I can't change this".
std::string code_summary(const std::string& code) {
  std::vector<std::string> used;
  for (std::string_view primitive : {"CSG.cube", "CSG.cylinder", "CSG.sphere"}) {
    if (code.find(primitive) != std::string::npos) used.emplace_back(primitive);
  }
  std::size_t lines = 1;
  for (char c : code) lines += c == '\n' ? 1 : 0;
  std::string summary = std::to_string(lines) + (lines == 1 ? " line" : " lines");
  if (!used.empty()) {
    summary += " using ";
    append_list(summary, used);
  }
  return summary;
}

ParametricAnswer text_answer(std::string text) {
  ParametricAnswer answer;
  answer.text = std::move(text);
  return answer;
}

}  // namespace

ParametricAnswer generate_parametric_answer(std::string_view message,
                                            const std::vector<ChatTurn>& history,
                                            const std::optional<std::string>& context_code) {
  const ParsedRequest request = builtin::parse_request(message);
  std::optional<Part> previous = part_from_history(history);
  const bool from_history = previous.has_value();
  if (!previous && context_code) previous = builtin::read_part(*context_code);

  if (auto interpretation = interpret(request, previous)) {
    const bool follow_up = previous && (!request.family || request.refers_back);
    if (!follow_up) {
      return code_answer("Here's a parametric " + builtin::describe(interpretation->part) + ".",
                         *interpretation);
    }
    return code_answer(follow_up_line(*previous, *interpretation), *interpretation);
  }

  const std::string can_make = "I can generate parametric code for a " + std::string(kFamilies) +
                               ", for example " + std::string(kExamples) + ".";
  if (previous) {
    return text_answer("I'm the offline builtin/parametric model, so I can't answer that. The " +
                       std::string(from_history ? "current part" : "model you attached") +
                       " is a " + builtin::describe(*previous) +
                       "; I can change it, e.g. \"make it twice as big\", \"make it 3 times "
                       "taller\" or \"change the diameter to 60mm\".\n" +
                       can_make);
  }
  if (context_code && request.has_request()) {
    return text_answer(
        "I'm the offline builtin/parametric model and can only change parts I generated myself. "
        "The model you attached (" +
        code_summary(*context_code) +
        ") wasn't made by me, so I can't modify it reliably; describe the part you want "
        "instead.\n" +
        can_make);
  }
  if (request.has_request()) {
    return text_answer("There is no earlier part in this conversation for me to change.\n" +
                       can_make);
  }
  return text_answer(
      "I'm the offline builtin/parametric model, so I only make simple parametric "
      "parts and can't help with that request.\n" +
      can_make);
}

}  // namespace genx3d::worker
