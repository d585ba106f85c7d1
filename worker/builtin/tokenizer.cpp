#include "worker/builtin/tokenizer.hpp"

#include <charconv>

namespace genx3d::worker::builtin {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return c >= 'a' && c <= 'z'; }

constexpr std::string_view kSymbols = "\"'=:,;.!?%*()";

// Reads digits with an optional fraction ("2.5", ".5"); returns the end position.
std::size_t scan_decimal(std::string_view s, std::size_t i, double& value) {
  std::size_t end = i;
  while (end < s.size() && is_digit(s[end])) ++end;
  if (end + 1 < s.size() && s[end] == '.' && is_digit(s[end + 1])) {
    ++end;
    while (end < s.size() && is_digit(s[end])) ++end;
  }
  value = 0;
  std::from_chars(s.data() + i, s.data() + end, value);
  return end;
}

}  // namespace

bool Token::is_clause_break() const {
  if (kind == TokenKind::symbol) return text != "\"" && text != "'" && text != "=" && text != ":";
  return kind == TokenKind::word &&
         (text == "and" || text == "but" || text == "then" || text == "also" || text == "plus");
}

TokenizedText::TokenizedText(std::string_view message) : lowered_(message) {
  for (char& c : lowered_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string_view s = lowered_;
  tokens_.reserve(s.size() / 3 + 4);
  bool space_before = true;
  auto push = [&](TokenKind kind, std::string_view text, double value = 0) {
    tokens_.push_back(Token{kind, text, value, !space_before && !tokens_.empty()});
    space_before = false;
  };

  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    const auto byte = static_cast<unsigned char>(c);
    if (is_digit(c) || (c == '.' && i + 1 < s.size() && is_digit(s[i + 1]))) {
      double value = 0;
      std::size_t end = scan_decimal(s, i, value);
      // "1/4" is a fraction when both sides are plain numbers.
      if (end + 1 < s.size() && s[end] == '/' && is_digit(s[end + 1])) {
        double denominator = 0;
        std::size_t after = scan_decimal(s, end + 1, denominator);
        if (denominator > 0) {
          value /= denominator;
          end = after;
        }
      }
      push(TokenKind::number, s.substr(i, end - i), value);
      i = end;
    } else if (is_letter(c)) {
      std::size_t end = i;
      while (end < s.size() && is_letter(s[end])) ++end;
      push(TokenKind::word, s.substr(i, end - i));
      i = end;
    } else if (kSymbols.find(c) != std::string_view::npos) {
      push(TokenKind::symbol, s.substr(i, 1));
      ++i;
    } else if (byte >= 0x80) {
      // The few non-ASCII signs people type in dimensions; anything else separates words.
      const std::string_view rest = s.substr(i);
      if (rest.starts_with("\xC3\x98") || rest.starts_with("\xC3\xB8")) {  // Ø ø
        push(TokenKind::word, "\xC3\xB8");
        i += 2;
      } else if (rest.starts_with("\xE2\x8C\x80")) {  // ⌀
        push(TokenKind::word, "\xC3\xB8");
        i += 3;
      } else if (rest.starts_with("\xC3\x97")) {  // ×
        push(TokenKind::word, "x");
        i += 2;
      } else if (rest.starts_with("\xE2\x80\xB3") || rest.starts_with("\xE2\x80\x9D")) {  // ″ ”
        push(TokenKind::symbol, "\"");
        i += 3;
      } else {
        ++i;
        while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
        space_before = true;
      }
    } else {
      space_before = true;  // whitespace, hyphens ("20-tooth"), slashes and the like
      ++i;
    }
  }
}

}  // namespace genx3d::worker::builtin
