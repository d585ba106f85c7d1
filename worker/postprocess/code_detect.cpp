#include "worker/postprocess/code_detect.hpp"

#include "worker/postprocess/text_lines.hpp"

namespace genx3d::worker::postprocess {
namespace {

constexpr bool is_ident_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}
constexpr bool is_ident_char(char c) { return is_ident_start(c) || (c >= '0' && c <= '9'); }

// Length of the identifier at s[pos], 0 if there is none.
std::size_t ident_at(std::string_view s, std::size_t pos) {
  if (pos >= s.size() || !is_ident_start(s[pos])) return 0;
  std::size_t end = pos + 1;
  while (end < s.size() && is_ident_char(s[end])) ++end;
  return end - pos;
}

std::size_t skip_spaces(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_space(s[pos])) ++pos;
  return pos;
}

// `word` at the start of s as a whole word; returns the position after it, or 0.
std::size_t starts_with_word(std::string_view s, std::string_view word) {
  if (s.substr(0, word.size()) != word) return 0;
  if (s.size() > word.size() && is_ident_char(s[word.size()])) return 0;
  return word.size();
}

bool ends_with_any(std::string_view s, std::string_view chars) {
  return !s.empty() && chars.find(s.back()) != std::string_view::npos;
}

// var/let/const, then a name followed by `=`, `;`, `,`, `:` or the end of the line, or a
// destructuring pattern. "var is a keyword;" is a sentence, not a declaration.
bool is_declaration(std::string_view t) {
  for (std::string_view kw : {"var", "let", "const"}) {
    if (std::size_t at = starts_with_word(t, kw)) {
      if (at == t.size() || !is_space(t[at])) return false;
      at = skip_spaces(t, at);
      if (at < t.size() && (t[at] == '{' || t[at] == '[')) return true;
      const std::size_t name = ident_at(t, at);
      if (name == 0) return false;
      at = skip_spaces(t, at + name);
      return at == t.size() || std::string_view("=;,:").find(t[at]) != std::string_view::npos;
    }
  }
  return false;
}

// function name(…), function (…), function* name(…), async function …
bool is_function_declaration(std::string_view t) {
  if (std::size_t at = starts_with_word(t, "async")) t = t.substr(skip_spaces(t, at));
  std::size_t at = starts_with_word(t, "function");
  if (at == 0) return false;
  at = skip_spaces(t, at);
  if (at < t.size() && t[at] == '*') at = skip_spaces(t, at + 1);
  at = skip_spaces(t, at + ident_at(t, at));
  return at < t.size() && t[at] == '(';
}

bool is_control(std::string_view t) {
  for (std::string_view kw : {"if", "for", "while", "switch", "catch"}) {
    if (std::size_t at = starts_with_word(t, kw)) {
      at = skip_spaces(t, at);
      return at < t.size() && t[at] == '(';
    }
  }
  for (std::string_view kw : {"else", "try", "finally", "do"}) {
    if (std::size_t at = starts_with_word(t, kw)) {
      const std::string_view rest = trim(t.substr(at));
      return rest.empty() || rest[0] == '{' || starts_with_word(rest, "if") > 0;
    }
  }
  for (std::string_view kw : {"return", "throw", "break", "continue"}) {
    if (std::size_t at = starts_with_word(t, kw)) {
      return at == t.size() || t.back() == ';' || t[at] == ';';
    }
  }
  return false;
}

// name(…) or a.b.c(…) ending the line like a statement, or name = …, a.b += ….
bool is_call_or_assignment(std::string_view t) {
  std::size_t at = ident_at(t, 0);
  if (at == 0) return false;
  while (at < t.size() && t[at] == '.' && ident_at(t, at + 1) > 0) at += 1 + ident_at(t, at + 1);
  at = skip_spaces(t, at);
  if (at >= t.size()) return false;
  if (t[at] == '(') return ends_with_any(t, ");{(,");
  if (at + 1 < t.size() && std::string_view("+-*/").find(t[at]) != std::string_view::npos) ++at;
  return t[at] == '=' && (at + 1 >= t.size() || (t[at + 1] != '=' && t[at + 1] != '>'));
}

// CSG.cube(, CSG.cylinder( … or a.union( / a.subtract( / a.intersect(: the API itself.
bool has_csg_call(std::string_view t) {
  for (std::size_t at = t.find("CSG."); at != std::string_view::npos; at = t.find("CSG.", at + 1)) {
    const bool boundary = at == 0 || !is_ident_char(t[at - 1]);
    const std::size_t name = ident_at(t, at + 4);
    if (boundary && name > 0 && skip_spaces(t, at + 4 + name) < t.size() &&
        t[skip_spaces(t, at + 4 + name)] == '(') {
      return true;
    }
  }
  for (std::string_view op : {".union(", ".subtract(", ".intersect("}) {
    if (t.find(op) != std::string_view::npos) return true;
  }
  return false;
}

bool is_strong_marker(std::string_view t) {
  return is_declaration(t) || is_function_declaration(t) || has_csg_call(t) ||
         t.find("=>") != std::string_view::npos;
}

bool ends_statement(std::string_view t) { return ends_with_any(t, ";{}"); }

// A line ending in a binary operator continues on the next line (`i++` and `i--` do not).
bool continues(std::string_view t) {
  if (t.ends_with("++") || t.ends_with("--")) return false;
  return ends_with_any(t, "+-*/=&|?,([");
}

// Bracket depth and multi-line comment/template state, advanced over code lines only (prose
// apostrophes would otherwise open strings).
struct ScanState {
  int depth = 0;
  bool in_comment = false;
  bool in_template = false;

  bool open() const { return depth > 0 || in_comment || in_template; }

  void advance(std::string_view line) {
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      const char next = i + 1 < line.size() ? line[i + 1] : '\0';
      if (in_comment) {
        if (c == '*' && next == '/') {
          in_comment = false;
          ++i;
        }
      } else if (in_template) {
        if (c == '\\') {
          ++i;
        } else if (c == '`') {
          in_template = false;
        }
      } else if (c == '/' && next == '/') {
        return;
      } else if (c == '/' && next == '*') {
        in_comment = true;
        ++i;
      } else if (c == '`') {
        in_template = true;
      } else if (c == '"' || c == '\'') {
        for (++i; i < line.size() && line[i] != c; ++i) {
          if (line[i] == '\\') ++i;
        }
      } else if (c == '(' || c == '[' || c == '{') {
        ++depth;
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
  }
};

// A Markdown list item, quote or heading. No JavaScript statement starts like this, and list
// items are where prose most often ends in `;` and names CSG.cube() calls.
bool is_markdown_line(std::string_view t) {
  if (t[0] == '#' || t[0] == '>') return true;
  if ((t[0] == '-' || t[0] == '*' || t[0] == '+') && t.size() > 1 && is_space(t[1])) return true;
  std::size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') ++digits;
  return digits > 0 && digits + 1 < t.size() && (t[digits] == '.' || t[digits] == ')') &&
         is_space(t[digits + 1]);
}

}  // namespace

bool is_code_line(std::string_view t) {
  if (t.empty() || is_markdown_line(t)) return false;
  if (t.starts_with("//") || t.starts_with("/*")) return true;
  if (t[0] == '}' || t[0] == ')' || t[0] == ']') return true;
  if (t[0] == '.' && ident_at(t, 1) > 0) return true;
  if (is_declaration(t) || is_function_declaration(t) || is_control(t)) return true;
  if (is_call_or_assignment(t)) return true;
  return ends_with_any(t, ";{([");
}

bool block_looks_like_code(std::span<const std::string_view> lines) {
  for (std::string_view line : lines) {
    if (is_code_line(trim(line))) return true;
  }
  return false;
}

std::vector<LineRange> find_bare_code(const std::vector<std::string_view>& lines) {
  std::vector<LineRange> runs;
  ScanState state;
  bool continuation = false;
  LineRange run;
  bool in_run = false, strong = false, statement = false;

  auto close_run = [&] {
    if (in_run && strong && statement) runs.push_back(run);
    in_run = strong = statement = false;
  };

  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i]);
    const bool inside = state.open() || continuation;
    if (t.empty()) continue;  // a blank line neither starts nor ends a run
    if (!inside && !is_code_line(t)) {
      close_run();
      continue;
    }
    if (!in_run) {
      run.begin = i;
      in_run = true;
    }
    run.end = i + 1;
    const bool was_comment = state.in_comment || t.starts_with("//") || t.starts_with("/*");
    state.advance(t);
    if (!was_comment) {
      strong = strong || is_strong_marker(t);
      statement = statement || ends_statement(t);
      continuation = !state.in_comment && continues(t);
    }
  }
  close_run();
  return runs;
}

}  // namespace genx3d::worker::postprocess
