// Pass 1 of the request parser: the words around the numbers. Family words and flags are in
// flag_parser.cpp; this file reads relative changes ("3 times taller", "20% smaller",
// "10 mm longer", "double the thickness", "increase the height by 5 mm", "scale it by 2").
// Numbers used here are claimed so the dimension pass does not read them as sizes.
#include "worker/builtin/parse_detail.hpp"
#include "worker/builtin/vocabulary.hpp"

#include <cmath>

namespace genx3d::worker::builtin::detail {
namespace {

constexpr double kDefaultFactor = 1.5;  // "make it bigger" with no amount
constexpr double kMildFactor = 1.2;     // "a bit bigger"
constexpr double kStrongFactor = 2.0;   // "much bigger"

// An amount next to a change word: a factor, a percentage or a length.
struct Amount {
  enum class Kind { none, factor, percent, length } kind = Kind::none;
  double value = 0;  // factor, percent, or millimetres
};

bool is_word(const Token& t) { return t.kind == TokenKind::word; }

bool is_grow_verb(std::string_view w) {
  return w == "increase" || w == "enlarge" || w == "extend" || w == "raise" || w == "grow" ||
         w == "expand" || w == "lengthen" || w == "widen" || w == "thicken" || w == "deepen";
}

bool is_shrink_verb(std::string_view w) {
  return w == "decrease" || w == "reduce" || w == "shrink" || w == "shorten" || w == "trim";
}

std::optional<Target> verb_target(std::string_view w) {
  if (w == "lengthen") return Target::length;
  if (w == "widen") return Target::width;
  if (w == "thicken") return Target::thickness;
  if (w == "deepen") return Target::depth;
  if (w == "shorten") return Target::height;
  return std::nullopt;
}

// Reads an amount that ends just before `end` ("3 times", "2x", "twice", "20%", "10 mm").
// Returns the amount and the index of its first token.
Amount amount_before(ParseState& s, std::size_t end, std::size_t& start) {
  const auto& t = s.tokens;
  if (end == 0) return {};
  const Token& last = t[end - 1];
  auto claim_from = [&](std::size_t first) {
    for (std::size_t k = first; k < end; ++k) s.claims[k] = Claim::change;
    start = first;
  };
  if (auto factor = factor_word(last.text); factor && is_word(last)) {
    claim_from(end - 1);
    return {Amount::Kind::factor, *factor};
  }
  if ((last.is("times") || last.is("x")) && end >= 2 && s.number_at(end - 2) &&
      s.claims[end - 2] == Claim::none) {
    claim_from(end - 2);
    return {Amount::Kind::factor, t[end - 2].value};
  }
  if ((last.is_symbol('%') || last.is("percent")) && end >= 2 && s.number_at(end - 2)) {
    claim_from(end - 2);
    return {Amount::Kind::percent, t[end - 2].value};
  }
  if (double unit = unit_at(s, end - 1); unit > 0 && end >= 2 && s.number_at(end - 2)) {
    claim_from(end - 2);
    return {Amount::Kind::length, t[end - 2].value * unit};
  }
  if (s.number_at(end - 1) && s.claims[end - 1] == Claim::none) {
    claim_from(end - 1);
    return {Amount::Kind::length, last.value};
  }
  return {};
}

// Reads "by 20%", "by 5 mm", "by a factor of 2", "by half" starting at `i`.
Amount amount_after_by(ParseState& s, std::size_t i) {
  const auto& t = s.tokens;
  if (!s.word_at(i, "by")) return {};
  std::size_t k = i + 1;
  if (s.word_at(k, "a") && s.word_at(k + 1, "factor") && s.word_at(k + 2, "of")) {
    if (s.number_at(k + 3)) {
      s.claims[k + 3] = Claim::change;
      return {Amount::Kind::factor, t[k + 3].value};
    }
    return {};
  }
  if (k < t.size() && is_word(t[k])) {
    if (auto factor = factor_word(t[k].text)) return {Amount::Kind::factor, *factor};
  }
  if (!s.number_at(k) || s.claims[k] != Claim::none) return {};
  s.claims[k] = Claim::change;
  if (k + 1 < t.size() && (t[k + 1].is_symbol('%') || t[k + 1].is("percent"))) {
    return {Amount::Kind::percent, t[k].value};
  }
  if (k + 1 < t.size() && (t[k + 1].is("x") || t[k + 1].is("times"))) {
    return {Amount::Kind::factor, t[k].value};
  }
  double unit = unit_at(s, k + 1);
  return {Amount::Kind::length, t[k].value * (unit > 0 ? unit : 1)};
}

void push_change(ParseState& s, Target target, bool grow, Amount amount, double fallback) {
  Change change{target, 1, 0};
  switch (amount.kind) {
    case Amount::Kind::none:
      change.factor = grow ? fallback : 1 / fallback;
      break;
    case Amount::Kind::factor:
      // "half as big" is a half and "3 times smaller" a third: a shrinking word turns a factor
      // above one into its inverse.
      change.factor = (grow || amount.value <= 1) ? amount.value : 1 / amount.value;
      break;
    case Amount::Kind::percent:
      change.factor = grow ? 1 + amount.value / 100 : std::max(0.01, 1 - amount.value / 100);
      break;
    case Amount::Kind::length:
      change.delta = grow ? amount.value : -amount.value;
      break;
  }
  if (change.factor > 0 && std::isfinite(change.factor)) s.out.changes.push_back(change);
}

// What the words just before position `i` in the same clause talk about: "the teeth" longer.
std::optional<Target> subject_before(const ParseState& s, std::size_t i) {
  for (std::size_t k = i, steps = 0; k > 0 && steps < 6; --k, ++steps) {
    const Token& t = s.tokens[k - 1];
    if (t.is_clause_break()) break;
    if (!is_word(t)) continue;
    if (auto target = target_noun(t.text); target && *target != Target::all) return target;
  }
  return std::nullopt;
}

std::optional<Target> subject_after(const ParseState& s, std::size_t i, std::size_t limit) {
  for (std::size_t k = i; k < s.tokens.size() && k < i + limit; ++k) {
    const Token& t = s.tokens[k];
    if (t.is_clause_break() || t.is("by") || t.is("to")) break;
    if (auto target = is_word(t) ? target_noun(t.text) : std::nullopt) return target;
  }
  return std::nullopt;
}

// "make the teeth longer": the subject decides what a comparative acts on.
Target refine(Target comparative, std::optional<Target> subject) {
  if (!subject) return comparative;
  if (*subject == Target::teeth) return Target::tooth_depth;
  if (*subject == Target::bore || *subject == Target::hole || *subject == Target::wall) {
    return *subject;
  }
  return comparative == Target::all ? *subject : comparative;
}

void parse_comparatives(ParseState& s) {
  const auto& t = s.tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!is_word(t[i])) continue;
    const bool after_as = i > 0 && t[i - 1].is("as");
    auto comparative = comparative_word(t[i].text, after_as);
    if (!comparative) continue;
    std::size_t end = after_as ? i - 1 : i;
    double fallback = kDefaultFactor;
    while (end > 0 && is_word(t[end - 1])) {  // "a bit", "much", "even"
      std::string_view w = t[end - 1].text;
      if (w == "bit" || w == "little" || w == "slightly" || w == "tad") {
        fallback = kMildFactor;
      } else if (w == "much" || w == "lot" || w == "far") {
        fallback = kStrongFactor;
      } else if (w != "a" && w != "even" && w != "way") {
        break;
      }
      --end;
    }
    std::size_t start = end;
    Amount amount = amount_before(s, end, start);
    if (amount.kind == Amount::Kind::none) amount = amount_after_by(s, i + 1);
    s.claims[i] = Claim::change;
    push_change(s, refine(comparative->target, subject_before(s, start)), comparative->grow, amount,
                fallback);
  }
}

void parse_other_changes(ParseState& s) {
  const auto& t = s.tokens;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!is_word(t[i]) || s.claims[i] != Claim::none) continue;
    std::string_view w = t[i].text;
    if ((w == "more" || w == "fewer" || w == "less") && s.word_at(i + 1, "teeth")) {
      Amount amount;
      if (i > 0 && s.number_at(i - 1) && s.claims[i - 1] == Claim::none) {
        s.claims[i - 1] = Claim::change;
        amount = {Amount::Kind::length, t[i - 1].value};  // "5 more teeth": a count delta
      }
      push_change(s, Target::teeth, w == "more", amount, kDefaultFactor);
      continue;
    }
    if (auto factor = factor_word(w); factor && !s.word_at(i + 1, "as")) {
      // "double the thickness", "halve the height", "twice the size", "double it".
      auto target = subject_after(s, i + 1, 4);
      if (target) push_change(s, *target, true, {Amount::Kind::factor, *factor}, 1);
      continue;
    }
    if (s.number_at(i > 0 ? i - 1 : t.size()) && (w == "times" || w == "x") &&
        s.claims[i - 1] == Claim::none && s.word_at(i + 1, "the")) {
      if (auto target = subject_after(s, i + 1, 4)) {  // "3 times the height"
        s.claims[i - 1] = Claim::change;
        push_change(s, *target, true, {Amount::Kind::factor, t[i - 1].value}, 1);
      }
      continue;
    }
    const bool grow = is_grow_verb(w);
    if (grow || is_shrink_verb(w)) {
      std::size_t k = i + 1;
      while (k < t.size() && k < i + 7 && !t[k].is_clause_break() && !t[k].is("by") &&
             !t[k].is("to")) {
        ++k;
      }
      if (s.word_at(k, "to")) continue;  // "increase the height to 20": an absolute value
      auto target = subject_after(s, i + 1, 6);
      if (!target) target = verb_target(w);
      push_change(s, target.value_or(Target::all), grow, amount_after_by(s, k), kDefaultFactor);
      continue;
    }
    if (w == "scale" || w == "scaled" || w == "resize") {
      bool up = true;
      for (std::size_t k = i + 1; k < t.size() && k < i + 6; ++k) {
        if (t[k].is("down")) up = false;
        if (t[k].kind != TokenKind::number || s.claims[k] != Claim::none) continue;
        s.claims[k] = Claim::change;
        const bool percent =
            s.word_at(k + 1, "percent") || (k + 1 < t.size() && t[k + 1].is_symbol('%'));
        const bool relative = s.word_at(i + 1, "up") || s.word_at(i + 1, "down") ||
                              s.word_at(i + 2, "up") || s.word_at(i + 2, "down");
        if (percent && relative) {
          push_change(s, Target::all, up, {Amount::Kind::percent, t[k].value}, 1);
        } else {
          double factor = percent ? t[k].value / 100 : t[k].value;
          push_change(s, Target::all, true, {Amount::Kind::factor, factor}, 1);
        }
        break;
      }
    }
  }
}

}  // namespace

void parse_words_and_changes(ParseState& s) {
  parse_flags(s);
  parse_comparatives(s);
  parse_other_changes(s);
}

}  // namespace genx3d::worker::builtin::detail
