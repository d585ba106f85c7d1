// Pass 2 of the request parser, continued: the dimension words next to a number ("40mm
// diameter", "radius of 5", "outer diameter 20", "r=5") and the unit after it.
#include "worker/builtin/parse_detail.hpp"
#include "worker/builtin/vocabulary.hpp"

#include <cmath>

namespace genx3d::worker::builtin::detail {
namespace {

std::optional<Phrase> resolve(const ParseState& s, std::size_t first, std::size_t last) {
  std::optional<std::size_t> head;
  for (std::size_t k = first; k <= last; ++k) {
    if (role_word(s.tokens[k].text)) head = k;
  }
  if (!head) return std::nullopt;
  RoleWord word = *role_word(s.tokens[*head].text);
  Role role = word.role;
  for (std::size_t k = first; k < *head; ++k) {
    if (auto refined = qualify(s.tokens[k].text, word.role)) {
      role = *refined;
      break;
    }
  }
  return Phrase{word, role, *head};
}

bool is_count_decoration(const Token& t) {
  constexpr std::string_view kWords[] = {"corner",  "mounting", "round", "small",  "large",
                                         "through", "bolt",     "screw", "evenly", "equally",
                                         "spaced",  "more",     "extra", "spur",   "gear"};
  if (t.kind != TokenKind::word) return false;
  for (std::string_view word : kWords) {
    if (t.text == word) return true;
  }
  return false;
}

bool phrase_word(const Token& t) {
  return t.kind == TokenKind::word && (is_qualifier(t.text) || role_word(t.text));
}

// For "from 40 mm to", given the index of "to": the index of "from".
std::optional<std::size_t> from_before(const ParseState& s, std::size_t to) {
  std::size_t k = to;
  if (k >= 1 && unit_at(s, k - 1) > 0) --k;
  if (k < 1 || !s.number_at(k - 1)) return std::nullopt;
  --k;
  if (k < 1 || !s.tokens[k - 1].is("from")) return std::nullopt;
  return k - 1;
}

// True if tokens[k] ends a quantity: a number, or a unit right after one.
bool ends_quantity(const ParseState& s, std::size_t k) {
  return s.number_at(k) || (k > 0 && s.number_at(k - 1) && unit_at(s, k) > 0);
}

}  // namespace

std::optional<Phrase> phrase_after(const ParseState& s, std::size_t i) {
  const auto& t = s.tokens;
  while (i + 1 < t.size() && t[i].is("m") && s.claims[i + 1] == Claim::metric)
    i += 2;  // "4 M3 holes"
  if (i + 1 < t.size() && t[i].is("in") && role_word(t[i + 1].text)) ++i;
  // "4 corner holes", "6 evenly spaced holes": words that only describe what is counted.
  std::size_t k = i;
  while (k < t.size() && k < i + 2 && is_count_decoration(t[k])) ++k;
  if (k > i && k < t.size() && role_word(t[k].text) &&
      role_word(t[k].text)->word_class == WordClass::count) {
    i = k;
  }
  std::size_t end = i;
  while (end < t.size() && end - i < 3 && phrase_word(t[end])) ++end;
  if (end == i) return std::nullopt;
  return resolve(s, i, end - 1);
}

std::optional<Phrase> phrase_before(const ParseState& s, std::size_t number, bool after_owner) {
  const auto& t = s.tokens;
  std::size_t j = number;
  int skipped = 0;
  bool assigned = false;  // "=" or ":" between: a single letter like "r" may name the role
  while (j > 0 && skipped < 4) {
    const Token& prev = t[j - 1];
    if (prev.is("to")) {
      if (auto from = from_before(s, j - 1)) {
        j = *from;  // "from 40 to 60": the 60 takes the role in front of "from"
        continue;
      }
    }
    if (prev.kind == TokenKind::number || prev.is_clause_break() || !is_filler(prev.text)) break;
    assigned = assigned || prev.is_symbol('=') || prev.is_symbol(':');
    --j;
    ++skipped;
  }
  if (j == 0) return std::nullopt;
  const Token& word = t[j - 1];
  if (word.kind == TokenKind::word && word.text.size() == 1 && (assigned || t[number].glued)) {
    switch (word.text[0]) {
      case 'r':
        return Phrase{{Role::diameter, WordClass::noun, true}, Role::diameter, j - 1};
      case 'd':
        return Phrase{{Role::diameter, WordClass::noun}, Role::diameter, j - 1};
      case 'h':
        return Phrase{{Role::height, WordClass::noun}, Role::height, j - 1};
      case 'l':
        return Phrase{{Role::length, WordClass::noun}, Role::length, j - 1};
      case 'w':
        return Phrase{{Role::width, WordClass::noun}, Role::width, j - 1};
      case 't':
        return Phrase{{Role::thickness, WordClass::noun}, Role::thickness, j - 1};
      default:
        break;
    }
  }
  std::size_t start = j;
  while (start > 0 && j - start < 3 && phrase_word(t[start - 1])) --start;
  if (start == j) return std::nullopt;
  auto phrase = resolve(s, start, j - 1);
  if (phrase && !after_owner && start > 0 && ends_quantity(s, start - 1)) {
    // "4 holes of 3 mm": the 4 only counts the holes, so their size is still free.
    const Token& owner = s.tokens[start - 1];
    const bool owner_counts = owner.kind == TokenKind::number &&
                              owner.value == std::floor(owner.value) &&
                              phrase->word.word_class == WordClass::count;
    if (!owner_counts) return std::nullopt;
  }
  // An adjective reads after its number only: "thick 5" is not a thickness.
  if (phrase && phrase->word.word_class == WordClass::adjective) return std::nullopt;
  return phrase;
}

double unit_at(const ParseState& s, std::size_t i) {
  if (i >= s.tokens.size()) return 0;
  const Token& t = s.tokens[i];
  if (t.kind == TokenKind::number) return 0;
  if (t.is("in")) {
    // After a bare number "in" is inches ("3 in", "2 in diameter"), but not in "4 in a row".
    if (i + 1 < s.tokens.size()) {
      const Token& next = s.tokens[i + 1];
      if (next.is("a") || next.is("an") || next.is("the") || next.is("total") || next.is("each") ||
          next.is("all")) {
        return 0;
      }
    }
    return 25.4;
  }
  if (t.kind == TokenKind::symbol && !t.is_symbol('"')) return 0;
  if (t.is("m") && i + 1 < s.tokens.size() && s.tokens[i + 1].kind == TokenKind::number &&
      s.tokens[i + 1].glued) {
    return 0;  // "6 M3 holes": a screw size, not metres
  }
  return unit_factor(t.text).value_or(0);
}

}  // namespace genx3d::worker::builtin::detail
