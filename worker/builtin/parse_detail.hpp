// Internal to the request parser: the state its passes share. Not for use outside
// worker/builtin/.
#pragma once

#include "worker/builtin/request.hpp"
#include "worker/builtin/tokenizer.hpp"
#include "worker/builtin/vocabulary.hpp"

#include <cstdint>
#include <optional>
#include <vector>

namespace genx3d::worker::builtin::detail {

// Who claimed a token. Passes run in order (changes, then dimensions) and skip claimed numbers,
// so "3 times taller" never also reads as a 3 mm size.
enum class Claim : std::uint8_t { none, change, metric, count, size, ignored };

struct ParseState {
  const std::vector<Token>& tokens;
  ParsedRequest& out;
  std::vector<Claim> claims;       // per token
  std::vector<std::uint8_t> used;  // per token: a dimension word already bound to a number

  ParseState(const std::vector<Token>& t, ParsedRequest& o)
      : tokens(t), out(o), claims(t.size(), Claim::none), used(t.size(), 0) {}

  bool word_at(std::size_t i, std::string_view w) const {
    return i < tokens.size() && tokens[i].is(w);
  }
  bool number_at(std::size_t i) const {
    return i < tokens.size() && tokens[i].kind == TokenKind::number;
  }
};

// Millimetres per unit if tokens[i] is a unit word after a number ("mm", "in", "\""), else 0.
double unit_at(const ParseState& state, std::size_t i);

// Dimension words next to a number, and the role they give it.
struct Phrase {
  RoleWord word;
  Role role;
  std::size_t head;  // token index of the dimension word
};

// The phrase right after a quantity that ends at i - 1: "mm diameter", "outer diameter", "teeth".
std::optional<Phrase> phrase_after(const ParseState& state, std::size_t i);

// The phrase before the number at `number`: "radius 5", "outer diameter of 20", "r=5", "Ø40".
// With `after_owner` false, words right after another quantity are left to it: in "24mm OD 10mm
// ID 2mm" the "ID" is the 10's, not the 2's.
std::optional<Phrase> phrase_before(const ParseState& state, std::size_t number, bool after_owner);

// Family words, "it"/"the gear" references, flags, hole patterns, metric sizes and word counts.
void parse_flags(ParseState& state);

// Pass 1: family words, flags ("no bore", "hollow", "pointed"), hole patterns, metric sizes,
// word counts ("four holes"), and relative changes ("twice as big", "10 mm taller").
void parse_words_and_changes(ParseState& state);

// Pass 2: every number not yet claimed becomes a size or a count with a role.
void parse_dimensions(ParseState& state);

}  // namespace genx3d::worker::builtin::detail
