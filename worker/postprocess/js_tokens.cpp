#include "worker/postprocess/js_tokens.hpp"

#include <algorithm>
#include <array>

namespace genx3d::worker::postprocess {
namespace {

constexpr bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

// After these keywords a `/` starts a regex literal rather than dividing.
constexpr std::array<std::string_view, 14> kRegexAfterKeyword = {
    "return", "typeof", "instanceof", "in", "of",   "new",   "delete",
    "void",   "throw",  "case",       "do", "else", "yield", "await"};

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  std::vector<JsToken> run() {
    while (i_ < src_.size()) step();
    return std::move(tokens_);
  }

 private:
  char at(std::size_t k) const { return k < src_.size() ? src_[k] : '\0'; }

  // Consumes a line break at i_ (\n, \r\n or a lone \r) and counts it; false if there is none.
  bool newline() {
    if (src_[i_] == '\n') {
      ++i_, ++line_;
      return true;
    }
    if (src_[i_] == '\r') {
      i_ += at(i_ + 1) == '\n' ? 2 : 1;
      ++line_;
      return true;
    }
    return false;
  }

  void emit(JsTokenKind kind, std::size_t begin, std::size_t end, int line) {
    tokens_.push_back({kind, src_.substr(begin, end - begin), line});
  }

  void step() {
    const char c = src_[i_];
    const char next = at(i_ + 1);
    if (newline()) return;
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      ++i_;
    } else if (c == '/' && next == '/') {
      while (i_ < src_.size() && src_[i_] != '\n' && src_[i_] != '\r') ++i_;
    } else if (c == '/' && next == '*') {
      i_ += 2;
      while (i_ < src_.size() && !(src_[i_] == '*' && at(i_ + 1) == '/')) {
        if (!newline()) ++i_;
      }
      i_ = std::min(i_ + 2, src_.size());
    } else if (c == '"' || c == '\'') {
      quoted(c);
    } else if (c == '`') {
      ++i_;
      template_piece();
    } else if (c == '}' && !template_braces_.empty() && braces_ - 1 == template_braces_.back()) {
      --braces_;
      template_braces_.pop_back();
      ++i_;
      template_piece();
    } else if (is_ident_start(c)) {
      const std::size_t begin = i_;
      while (i_ < src_.size() && is_ident_char(src_[i_])) ++i_;
      emit(JsTokenKind::identifier, begin, i_, line_);
    } else if (is_digit(c) || (c == '.' && is_digit(next))) {
      const std::size_t begin = i_;
      while (i_ < src_.size()) {
        const char d = src_[i_];
        const bool exponent_sign =
            (d == '+' || d == '-') && (src_[i_ - 1] == 'e' || src_[i_ - 1] == 'E');
        if (!is_ident_char(d) && d != '.' && !exponent_sign) break;
        ++i_;
      }
      emit(JsTokenKind::number, begin, i_, line_);
    } else if (c == '/' && regex_allowed() && regex()) {
      // consumed by regex()
    } else {
      if (c == '{') ++braces_;
      if (c == '}') --braces_;
      emit(JsTokenKind::punct, i_, i_ + 1, line_);
      ++i_;
    }
  }

  // '…' or "…": ends at the matching quote or, unterminated, at the end of the line.
  void quoted(char quote) {
    const int line = line_;
    const std::size_t begin = ++i_;
    while (i_ < src_.size() && src_[i_] != quote && src_[i_] != '\n' && src_[i_] != '\r') {
      if (src_[i_] == '\\' && i_ + 1 < src_.size()) {
        ++i_;
        if (newline()) continue;  // a line continuation inside the string
      }
      ++i_;
    }
    emit(JsTokenKind::string, begin, i_, line);
    if (at(i_) == quote) ++i_;
  }

  // Template text from i_ up to the closing backtick, or up to ${ (whose code the main loop then
  // tokenizes until the matching }).
  void template_piece() {
    const int line = line_;
    const std::size_t begin = i_;
    while (i_ < src_.size()) {
      const char c = src_[i_];
      if (c == '`') {
        emit(JsTokenKind::templ, begin, i_, line);
        ++i_;
        return;
      }
      if (c == '$' && at(i_ + 1) == '{') {
        emit(JsTokenKind::templ, begin, i_, line);
        template_braces_.push_back(braces_++);
        i_ += 2;
        return;
      }
      if (c == '\\' && i_ + 1 < src_.size()) ++i_;
      if (!newline()) ++i_;
    }
    emit(JsTokenKind::templ, begin, i_, line);
  }

  // The usual heuristic: a `/` after an operator, an opening bracket, a keyword like `return`, or
  // at the start begins a regex; after a name, number, string or closing bracket it divides.
  bool regex_allowed() const {
    if (tokens_.empty()) return true;
    const JsToken& prev = tokens_.back();
    switch (prev.kind) {
      case JsTokenKind::punct:
        return !prev.is_punct(')') && !prev.is_punct(']');
      case JsTokenKind::identifier:
        for (std::string_view kw : kRegexAfterKeyword) {
          if (prev.text == kw) return true;
        }
        return false;
      default:
        return false;
    }
  }

  // /body/flags on one line; false (nothing consumed) if the line ends first, so the `/` is read
  // as division after all.
  bool regex() {
    bool in_class = false;
    for (std::size_t k = i_ + 1; k < src_.size(); ++k) {
      const char c = src_[k];
      if (c == '\n' || c == '\r') return false;
      if (c == '\\') {
        if (at(k + 1) == '\n' || at(k + 1) == '\r') return false;
        ++k;
      } else if (c == '[') {
        in_class = true;
      } else if (c == ']') {
        in_class = false;
      } else if (c == '/' && !in_class) {
        std::size_t end = k + 1;
        while (end < src_.size() && is_ident_char(src_[end])) ++end;
        emit(JsTokenKind::regex, i_, end, line_);
        i_ = end;
        return true;
      }
    }
    return false;
  }

  std::string_view src_;
  std::size_t i_ = 0;
  int line_ = 1;
  int braces_ = 0;                    // depth of { in code, including open ${
  std::vector<int> template_braces_;  // braces_ outside each open ${, innermost last
  std::vector<JsToken> tokens_;
};

}  // namespace

std::vector<JsToken> tokenize_js(std::string_view code) { return Lexer(code).run(); }

}  // namespace genx3d::worker::postprocess
