// sandbox_warnings: a token-level scan for constructs that reach outside the CAD sandbox.
//
// Advice for the user, not a security boundary (the sandbox itself is): the scan reads tokens,
// so `processGear`, `refetch(` and "require(" inside a string or comment are not flagged, and
// spacing such as `require ('fs')` or `window . x` does not hide a construct. Code written to
// evade it (escapes in strings, aliasing) can; the sandbox still stops that code.

#include "worker/postprocess/extract_code.hpp"
#include "worker/postprocess/js_tokens.hpp"

#include <algorithm>
#include <string>

namespace genx3d::worker {
namespace {

using postprocess::JsToken;
using postprocess::JsTokenKind;

// Past this many, the rest are summarised in one last warning: a pasted bundle could otherwise
// fill a chat response with hundreds of lines.
constexpr std::size_t kMaxWarnings = 20;

constexpr std::string_view kModules = "loads modules, which the CAD sandbox does not allow";
constexpr std::string_view kDynamicImport =
    "loads modules at run time, which the CAD sandbox does not allow";
constexpr std::string_view kProcess =
    "reaches the host process (environment, files, exit), which the CAD sandbox does not allow";
constexpr std::string_view kNetwork =
    "makes network requests, which the CAD sandbox does not allow";
constexpr std::string_view kCodeFromString =
    "runs code built from a string, which the CAD sandbox does not allow";
constexpr std::string_view kTimerString =
    "with a string argument runs code built from a string, which the CAD sandbox does not allow";
constexpr std::string_view kGlobalObject =
    "reaches the global object, which the CAD sandbox does not expose";
constexpr std::string_view kBrowser = "is a browser global, which the CAD sandbox does not provide";
constexpr std::string_view kPrototype =
    "rewrites object prototypes, which the CAD sandbox does not allow";
constexpr std::string_view kConstructor =
    "can reach the Function constructor, a known way out of JavaScript sandboxes";
constexpr std::string_view kMeta =
    "intercepts object operations, which the CAD sandbox does not allow";
constexpr std::string_view kLoop = "has no break, return or throw, so it may not terminate";

class Scanner {
 public:
  explicit Scanner(std::vector<JsToken> tokens) : t_(std::move(tokens)) { index(); }

  std::vector<std::string> run() {
    for (std::size_t i = 0; i < t_.size(); ++i) {
      if (t_[i].kind == JsTokenKind::identifier) check_name(i);
      if (t_[i].kind == JsTokenKind::string || t_[i].kind == JsTokenKind::templ) check_key(i);
    }
    if (omitted_ > 0) {
      warnings_.push_back(std::to_string(omitted_) +
                          " more constructs that reach outside the CAD sandbox are not listed");
    }
    return std::move(warnings_);
  }

 private:
  bool punct(std::size_t i, char c) const { return i < t_.size() && t_[i].is_punct(c); }
  bool name(std::size_t i, std::string_view n) const { return i < t_.size() && t_[i].is_name(n); }

  // `x.name` or `x?.name`, but not the spread `...name`.
  bool is_member(std::size_t i) const {
    return i > 0 && punct(i - 1, '.') && !(i > 1 && punct(i - 2, '.'));
  }
  // `{name: …}` or `, name: …`: a property key, not a reference.
  bool is_key(std::size_t i) const {
    return punct(i + 1, ':') && i > 0 && (punct(i - 1, '{') || punct(i - 1, ','));
  }
  bool is_reference(std::size_t i) const { return !is_member(i) && !is_key(i); }

  void add(int line, std::string_view label, std::string_view reason) {
    for (auto it = seen_.rbegin(); it != seen_.rend() && it->first == line; ++it) {
      if (it->second == label) return;
    }
    seen_.emplace_back(line, std::string(label));
    if (warnings_.size() >= kMaxWarnings) {
      ++omitted_;
      return;
    }
    std::string w = "line " + std::to_string(line) + ": `";
    w += label;
    w += "` ";
    w += reason;
    warnings_.push_back(std::move(w));
  }

  void check_name(std::size_t i) {
    const JsToken& tok = t_[i];
    const std::string_view n = tok.text;
    const bool call = punct(i + 1, '(');
    if (n == "__proto__") {
      add(tok.line, n, kPrototype);
    } else if (n == "constructor") {
      check_constructor(i);
    } else if (n == "while" || n == "for") {
      check_loop(i);
    } else if (!is_reference(i)) {
      return;
    } else if (n == "require") {
      add(tok.line, call ? "require(" : "require", kModules);
    } else if (n == "import") {
      add(tok.line, call ? "import(" : "import", call ? kDynamicImport : kModules);
    } else if (n == "process") {
      add(tok.line, n, kProcess);
    } else if (n == "fetch" && call) {
      add(tok.line, "fetch(", kNetwork);
    } else if (n == "XMLHttpRequest" || n == "WebSocket") {
      add(tok.line, n, kNetwork);
    } else if (n == "eval") {
      add(tok.line, call ? "eval(" : "eval", kCodeFromString);
    } else if (n == "Function" && i > 0 && name(i - 1, "new")) {
      add(tok.line, "new Function", kCodeFromString);
    } else if (n == "Function" && call) {
      add(tok.line, "Function(", kCodeFromString);
    } else if ((n == "setTimeout" || n == "setInterval") && call && i + 2 < t_.size() &&
               (t_[i + 2].kind == JsTokenKind::string || t_[i + 2].kind == JsTokenKind::templ)) {
      add(tok.line, n, kTimerString);
    } else if (n == "globalThis") {
      add(tok.line, n, kGlobalObject);
    } else if (n == "global" || n == "window" || n == "document") {
      if (punct(i + 1, '.') || punct(i + 1, '[')) {
        const std::string label = std::string(n) + t_[i + 1].text[0];
        add(tok.line, label, n == "global" ? kGlobalObject : kBrowser);
      }
    } else if (n == "Reflect" && punct(i + 1, '.')) {
      add(tok.line, "Reflect.", kMeta);
    } else if (n == "Proxy") {
      add(tok.line, n, kMeta);
    }
  }

  void check_constructor(std::size_t i) {
    const int line = t_[i].line;
    if (punct(i + 1, '[')) {
      add(line, "constructor[", kConstructor);
    } else if (is_member(i) && punct(i + 1, '.') && name(i + 2, "constructor")) {
      add(line, ".constructor.constructor", kConstructor);
      skip_constructor_ = i + 2;
    } else if (is_member(i) && punct(i + 1, '(') && i != skip_constructor_) {
      add(line, ".constructor(", kConstructor);
    }
  }

  // obj["constructor"], obj['__proto__']: the same reach, spelled as a computed member.
  void check_key(std::size_t i) {
    if (i == 0 || !punct(i - 1, '[') || !punct(i + 1, ']')) return;
    if (i > 1 && name(i - 2, "constructor")) return;  // already reported as `constructor[`
    const std::string_view key = t_[i].text;
    if (key == "constructor") add(t_[i].line, "[\"constructor\"]", kConstructor);
    if (key == "__proto__") add(t_[i].line, "[\"__proto__\"]", kPrototype);
  }

  // while (true) / while (1) / for (;;) whose body never breaks out. A do { … } while (true);
  // is judged by the do's body.
  void check_loop(std::size_t i) {
    std::size_t after = 0;
    std::string_view label;
    if (name(i, "while") && punct(i + 1, '(') && (name(i + 2, "true") || number_one(i + 2)) &&
        punct(i + 3, ')')) {
      after = i + 4;
      label = "while (true)";
    } else if (name(i, "for") && punct(i + 1, '(') && punct(i + 2, ';') && punct(i + 3, ';') &&
               punct(i + 4, ')')) {
      after = i + 5;
      label = "for (;;)";
    } else {
      return;
    }
    const std::size_t n = t_.size();
    std::size_t begin = after, end = after;  // body tokens [begin, end)
    if (punct(after, '{')) {
      end = std::min(match_[after] + 1, n);
    } else if (punct(after, ';')) {
      const std::size_t open = i > 0 && punct(i - 1, '}') ? match_[i - 1] : n;
      if (open < i && open > 0 && name(open - 1, "do")) {
        begin = open;
        end = i;
      }
    } else {
      end = std::min(next_semicolon_[after] + 1, n);
    }
    if (exits_[end] - exits_[begin] == 0) add(t_[i].line, label, kLoop);
  }

  bool number_one(std::size_t i) const {
    return i < t_.size() && t_[i].kind == JsTokenKind::number && t_[i].text == "1";
  }

  // One pass of bookkeeping so loop checks cost O(1): matching braces, the next `;` after each
  // token, and a running count of break/return/throw.
  void index() {
    const std::size_t n = t_.size();
    match_.assign(n + 1, n);
    next_semicolon_.assign(n + 1, n);
    exits_.assign(n + 1, 0);
    std::vector<std::size_t> open;
    for (std::size_t i = 0; i < n; ++i) {
      const JsToken& tok = t_[i];
      exits_[i + 1] =
          exits_[i] + (tok.is_name("break") || tok.is_name("return") || tok.is_name("throw"));
      if (tok.is_punct('{')) open.push_back(i);
      if (tok.is_punct('}') && !open.empty()) {
        match_[open.back()] = i;
        match_[i] = open.back();
        open.pop_back();
      }
    }
    for (std::size_t i = n; i-- > 0;) {
      next_semicolon_[i] = t_[i].is_punct(';') ? i : next_semicolon_[i + 1];
    }
  }

  std::vector<JsToken> t_;
  std::vector<std::size_t> match_;           // index of the matching brace, or size() if none
  std::vector<std::size_t> next_semicolon_;  // first `;` at or after each token, or size()
  std::vector<std::size_t> exits_;           // break/return/throw tokens before each index
  std::size_t skip_constructor_ = static_cast<std::size_t>(-1);
  std::vector<std::pair<int, std::string>> seen_;  // (line, label) already reported, in order
  std::vector<std::string> warnings_;
  std::size_t omitted_ = 0;
};

}  // namespace

std::vector<std::string> sandbox_warnings(std::string_view code) {
  return Scanner(postprocess::tokenize_js(code)).run();
}

}  // namespace genx3d::worker
