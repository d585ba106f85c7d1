// A tiny JavaScript tokenizer for the sandbox scan. Internal to worker/postprocess.
//
// Hand-written because Debian 12 packages no C/C++ JavaScript lexer: its embeddable engines
// (duktape, mujs) keep their tokenizers private, and linking an engine to tokenize is the wrong
// weight. The scan needs only what separates code from text: identifiers and punctuation with
// their line numbers, with quoted strings, template text, line and block comments and regex
// literals recognised so that a forbidden word inside them is not mistaken for code. Template
// substitutions (${…}) are code and are tokenized as such. One linear pass; tokens point into the
// source.
//
// It is not a validator: malformed input (an unterminated string, a stray quote) still yields a
// token stream, just one a real engine might read differently.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace genx3d::worker::postprocess {

enum class JsTokenKind : std::uint8_t {
  identifier,  // names and keywords (ASCII plus any non-ASCII byte, so `processé` is one name)
  punct,       // one character of punctuation or operator
  string,      // '…' or "…"; text is the content between the quotes, escapes left as written
  templ,       // a literal piece of a template: `…` up to the end or to the next ${
  number,      // numeric literal
  regex,       // /…/flags
};

struct JsToken {
  JsTokenKind kind = JsTokenKind::punct;
  std::string_view text;
  int line = 1;  // 1-based line of the token's first character

  bool is_punct(char c) const {
    return kind == JsTokenKind::punct && text.size() == 1 && text[0] == c;
  }
  bool is_name(std::string_view name) const {
    return kind == JsTokenKind::identifier && text == name;
  }
};

std::vector<JsToken> tokenize_js(std::string_view code);

}  // namespace genx3d::worker::postprocess
