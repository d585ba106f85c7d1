// Pass 1 of the request parser, first part: the part family, references to the earlier part
// ("it", "the gear"), flags ("no bore", "hollow", "pointed"), hole patterns, metric sizes ("M8")
// and counts written as words ("four holes").
#include "worker/builtin/parse_detail.hpp"

namespace genx3d::worker::builtin::detail {
namespace {

bool is_removal(std::string_view w) {
  return w == "remove" || w == "no" || w == "without" || w == "delete" || w == "drop" ||
         w == "eliminate" || w == "fill" || w == "solid";
}

}  // namespace

void parse_flags(ParseState& s) {
  const auto& t = s.tokens;
  bool hollow = false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].kind != TokenKind::word) continue;
    std::string_view w = t[i].text;
    if (auto family = family_word(w); family && !s.out.family) {
      s.out.family = family;
      // "make the gear teeth longer": a definite article points at the part we already have.
      if (i > 0 && (t[i - 1].is("the") || t[i - 1].is("this") || t[i - 1].is("that") ||
                    t[i - 1].is("my") || t[i - 1].is("our") || t[i - 1].is("your"))) {
        s.out.refers_back = true;
      }
    }
    if (w == "it" || w == "this" || w == "that" || w == "instead" || w == "into" || w == "same") {
      s.out.refers_back = true;
    }
    if (w == "hollow") hollow = true;
    if (w == "pointed" || w == "pointy" || w == "sharp") s.out.pointed = true;
    if (w == "corner" || w == "corners") s.out.pattern = HolePattern::corners;
    if (w == "row" || w == "line") s.out.pattern = HolePattern::row;
    if (w == "grid" || w == "matrix" || w == "array") s.out.pattern = HolePattern::grid;
    if (w == "circle" || w == "circular" || w == "pcd" || w == "radial") {
      s.out.pattern = HolePattern::circle;
    }
    // "M8 washer", "M3 holes": a metric screw size.
    if (w == "m" && s.number_at(i + 1) && t[i + 1].glued && t[i + 1].value >= 1 &&
        t[i + 1].value <= 64 && s.claims[i + 1] == Claim::none) {
      s.out.metric_size = static_cast<int>(t[i + 1].value);
      s.claims[i + 1] = Claim::metric;
    }
    // "four holes", "twenty teeth", "four M3 holes".
    if (auto n = number_word(w)) {
      std::size_t k = i + 1;
      if (s.word_at(k, "m") && s.number_at(k + 1)) k += 2;
      if (s.word_at(k, "teeth") || s.word_at(k, "tooth")) s.out.teeth = *n;
      if (s.word_at(k, "holes") || s.word_at(k, "hole")) s.out.holes = *n;
    }
    const bool hole_word = w == "hole" || w == "holes";
    const bool bore_word = w == "bore" || w == "shaft" || w == "axle";
    if (!hole_word && !bore_word) continue;
    bool removed = false;
    for (std::size_t k = i, steps = 0; k > 0 && steps < 4; --k, ++steps) {
      if (t[k - 1].kind == TokenKind::word && is_removal(t[k - 1].text)) removed = true;
      if (t[k - 1].is_clause_break()) break;
    }
    if (removed) {
      s.out.remove_bore = s.out.remove_bore || bore_word || w == "hole";
      s.out.remove_holes = s.out.remove_holes || hole_word;
    } else {
      s.out.add_bore = s.out.add_bore || bore_word;
      s.out.mentions_holes = s.out.mentions_holes || hole_word;
    }
  }
  if (hollow && s.out.family == Family::cylinder) s.out.family = Family::tube;
}

}  // namespace genx3d::worker::builtin::detail
