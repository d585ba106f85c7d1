// Pass 2 of the request parser: numbers with units, groups ("20 x 30 x 5 mm") and their roles.
//
// A number's role comes from the dimension words next to it (dimension_phrases.cpp), before it
// ("radius 5", "diameter of 40", "Ø40") or after it ("40mm diameter", "5 mm thick", "20 teeth").
// A dimension word binds once. When the message puts words first ("radius 5 height 10"), numbers
// bind left to right, each to the words before it; when it puts numbers first ("40mm diameter
// 5mm thick"), right to left, each to the words after it. So a word between two numbers goes to
// the number it belongs to.
#include "worker/builtin/parse_detail.hpp"
#include "worker/builtin/vocabulary.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

namespace genx3d::worker::builtin::detail {
namespace {

constexpr std::uint8_t kSizeUsed = 1;
constexpr std::uint8_t kCountUsed = 2;

struct Quantity {
  std::size_t first = 0;  // the number
  std::size_t last = 0;   // the number or its unit
  double value = 0;       // as written
  double unit = 0;        // millimetres per unit; 0 = none written
  bool integral() const { return unit == 0 && value == std::floor(value) && value < 1e6; }
};

// Several quantities joined by "x", "by" or "*": "20 x 30 x 5 mm".
struct Item {
  Quantity parts[3];
  std::size_t count = 0;
};

struct Binding {
  enum class Kind { size, teeth, holes };
  std::size_t position;
  Kind kind;
  Role role;     // sizes
  double value;  // millimetres, or the count
};

bool is_group_separator(const Token& t) { return t.is("x") || t.is("by") || t.is_symbol('*'); }

std::optional<Quantity> read_quantity(const ParseState& s, std::size_t i) {
  Quantity q{i, i, s.tokens[i].value, 0};
  if (double unit = unit_at(s, i + 1); unit > 0) {
    q.unit = unit;
    q.last = i + 1;
    return q;
  }
  // A number glued to a word we do not know ("3d", "1st", "2nd") is not a dimension.
  if (i + 1 < s.tokens.size()) {
    const Token& next = s.tokens[i + 1];
    if (next.glued && next.kind == TokenKind::word && !next.is("x") && !role_word(next.text)) {
      return std::nullopt;
    }
  }
  return q;
}

// The default unit for numbers written without one: "dimensions in inches", "all in cm".
double default_unit(const ParseState& s) {
  for (std::size_t i = 0; i + 1 < s.tokens.size(); ++i) {
    if (!s.tokens[i].is("in") || (i > 0 && s.number_at(i - 1))) continue;
    const Token& unit = s.tokens[i + 1];
    if (unit.kind != TokenKind::word || unit.text == "m") continue;
    if (auto factor = unit_factor(unit.text)) return *factor;
  }
  return 1;
}

// Binds one quantity to the dimension words after or before it, `after_first` deciding which
// side is tried first. Returns false if neither fits: the quantity is then an unlabeled size.
bool bind(ParseState& s, const Quantity& q, double unit, bool after_first,
          std::vector<Binding>& bindings) {
  const bool is_count = q.integral();
  for (int side = 0; side < 2; ++side) {
    auto phrase = (side == 0) == after_first ? phrase_after(s, q.last + 1)
                                             : phrase_before(s, q.first, !after_first);
    if (!phrase) continue;
    std::uint8_t& used = s.used[phrase->head];
    if (phrase->word.word_class == WordClass::count) {
      // "20 teeth", "4 holes" count; "3 mm holes" is a hole size; "20 mm teeth" means nothing.
      const bool teeth = phrase->role == Role::tooth_depth;
      if (is_count) {
        if (used & kCountUsed) continue;
        used |= kCountUsed;
        bindings.push_back(Binding{q.first, teeth ? Binding::Kind::teeth : Binding::Kind::holes,
                                   Role::size, q.value});
        return true;
      }
      if (teeth) continue;
    }
    if (used & kSizeUsed) continue;
    used |= kSizeUsed;
    double mm = q.value * (q.unit > 0 ? q.unit : unit);
    if (phrase->word.radius) mm *= 2;
    bindings.push_back(Binding{q.first, Binding::Kind::size, phrase->role, mm});
    return true;
  }
  return false;
}

// Whether the message names dimensions before their numbers ("radius 5 height 10") rather than
// after them ("40mm diameter 5mm thick"): it decides which side a number looks at first, so a
// word between two numbers goes to the right one.
bool words_come_first(const ParseState& s, const std::vector<Item>& items) {
  if (items.empty()) return false;
  for (std::size_t i = 0; i < items.front().parts[0].first; ++i) {
    const Token& t = s.tokens[i];
    auto role = t.kind == TokenKind::word ? role_word(t.text) : std::nullopt;
    if (role && role->word_class == WordClass::noun) return true;
  }
  return false;
}

// "4 holes of 5 mm diameter", "a bore of diameter 5": a plain diameter said while talking about
// holes or a bore is theirs.
Role subject_of(const ParseState& s, std::size_t position, Role role) {
  if (role != Role::diameter) return role;
  for (std::size_t k = position, steps = 0; k > 0 && steps < 8; --k, ++steps) {
    const Token& t = s.tokens[k - 1];
    if (t.is_clause_break()) break;
    if ((s.used[k - 1] & kSizeUsed) != 0) continue;
    if (t.is("hole") || t.is("holes")) return Role::hole;
    if (t.is("bore") || t.is("shaft")) return Role::bore;
  }
  return role;
}

}  // namespace

void parse_dimensions(ParseState& s) {
  const auto& t = s.tokens;
  const double unit = default_unit(s);

  std::vector<Item> items;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind != TokenKind::number || s.claims[i] != Claim::none) continue;
    auto first = read_quantity(s, i);
    if (!first) {
      s.claims[i] = Claim::ignored;
      continue;
    }
    Item item;
    item.parts[item.count++] = *first;
    std::size_t end = first->last;
    while (item.count < 3 && end + 2 < t.size() && is_group_separator(t[end + 1]) &&
           t[end + 2].kind == TokenKind::number && s.claims[end + 2] == Claim::none) {
      auto next = read_quantity(s, end + 2);
      if (!next) break;
      item.parts[item.count++] = *next;
      end = next->last;
    }
    for (std::size_t k = i; k <= end; ++k) s.claims[k] = Claim::size;
    if (item.count == 1 && i > 0 && t[i - 1].is("from") && s.word_at(end + 1, "to")) {
      i = end;  // "from 40 to 60": the old value says nothing about the new part
      continue;
    }
    items.push_back(item);
    i = end;
  }

  // Words first: numbers bind left to right to the words before them. Numbers first: right to
  // left to the words after them. Either way a word binds once.
  const bool words_first = words_come_first(s, items);
  std::size_t dims_position = 0;
  std::vector<Binding> bindings;
  std::vector<std::pair<std::size_t, double>> unlabeled;
  for (std::size_t n = 0; n < items.size(); ++n) {
    const Item& item = items[words_first ? n : items.size() - 1 - n];
    if (item.count == 1) {
      const Quantity& q = item.parts[0];
      if (!bind(s, q, unit, !words_first, bindings)) {
        unlabeled.emplace_back(q.first, q.value * (q.unit > 0 ? q.unit : unit));
      }
      continue;
    }
    // In a group, numbers without a unit take the group's last unit: "20 x 30 x 5 mm".
    double group_unit = unit;
    for (std::size_t k = 0; k < item.count; ++k) {
      if (item.parts[k].unit > 0) group_unit = item.parts[k].unit;
    }
    const Quantity& a = item.parts[0];
    const Quantity& b = item.parts[1];
    const std::size_t after = item.parts[item.count - 1].last + 1;
    if (item.count == 2 && a.integral() &&
        (s.word_at(after, "holes") || s.word_at(after, "hole"))) {
      s.out.holes = static_cast<int>(a.value);  // "4 x 3mm holes"
      bindings.push_back(Binding{b.first, Binding::Kind::size, Role::hole,
                                 b.value * (b.unit > 0 ? b.unit : group_unit)});
      continue;
    }
    if (item.count == 2 && a.integral() && b.integral() && a.value <= 100 && b.value <= 100 &&
        (s.word_at(after, "grid") || (a.first >= 1 && s.word_at(a.first - 1, "grid")))) {
      s.out.grid_columns = static_cast<int>(a.value);  // "in a 3 x 2 grid"
      s.out.grid_rows = static_cast<int>(b.value);
      continue;
    }
    std::vector<double> dims;
    for (std::size_t k = 0; k < item.count; ++k) {
      const Quantity& q = item.parts[k];
      dims.push_back(q.value * (q.unit > 0 ? q.unit : group_unit));
    }
    if (s.out.dims.empty() || item.parts[0].first < dims_position) {  // the first group wins
      s.out.dims = std::move(dims);
      dims_position = item.parts[0].first;
    }
  }

  // The last value said for a role wins ("change the diameter from 40 to 60").
  std::sort(bindings.begin(), bindings.end(),
            [](const Binding& x, const Binding& y) { return x.position < y.position; });
  for (const Binding& b : bindings) {
    switch (b.kind) {
      case Binding::Kind::teeth:
        s.out.teeth = static_cast<int>(b.value);
        break;
      case Binding::Kind::holes:
        s.out.holes = static_cast<int>(b.value);
        break;
      case Binding::Kind::size:
        s.out.values[static_cast<std::size_t>(subject_of(s, b.position, b.role))] = b.value;
        break;
    }
  }
  std::sort(unlabeled.begin(), unlabeled.end());
  for (const auto& [position, mm] : unlabeled) s.out.unlabeled.push_back(mm);
}

}  // namespace genx3d::worker::builtin::detail