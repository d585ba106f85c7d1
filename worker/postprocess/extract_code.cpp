#include "worker/postprocess/extract_code.hpp"

#include "worker/postprocess/code_detect.hpp"
#include "worker/postprocess/text_lines.hpp"

#include <algorithm>
#include <array>

namespace genx3d::worker {
namespace {

using postprocess::LineRange;

// Tags under which a block is taken as CAD code. Models asked for csg.js write `javascript` or
// `js`; the rest are what they drift to (JSCAD's names, TypeScript, Node module flavours).
constexpr std::array<std::string_view, 17> kJavaScriptTags = {
    "javascript", "js",   "jscad",  "openjscad",  "typescript", "ts",  "jsx", "tsx",  "mjs",
    "cjs",        "node", "nodejs", "ecmascript", "es5",        "es6", "csg", "csgjs"};

struct Fence {
  char ch = '`';
  std::size_t length = 0;
  std::string_view info;  // the text after the opening fence, trimmed
};

// An opening fence: any indentation (fences inside list items are indented), then three or more
// backticks or tildes. A backtick fence's info string may not hold a backtick; such a line is an
// inline code span, as in CommonMark.
std::optional<Fence> opening_fence(std::string_view line) {
  const std::string_view t = postprocess::ltrim(line);
  if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return std::nullopt;
  std::size_t n = 0;
  while (n < t.size() && t[n] == t[0]) ++n;
  if (n < 3) return std::nullopt;
  const std::string_view info = postprocess::trim(t.substr(n));
  if (t[0] == '`' && info.find('`') != std::string_view::npos) return std::nullopt;
  return Fence{t[0], n, info};
}

// A closing fence: the opening fence's character, at least as many, and nothing else.
bool closes(const Fence& fence, std::string_view line) {
  const std::string_view t = postprocess::trim(line);
  return t.size() >= fence.length &&
         std::all_of(t.begin(), t.end(), [&](char c) { return c == fence.ch; });
}

// The language is the info string's first word, lowercased: "javascript title=gear.js",
// "{.js}" and "javascript:gear.js" all give a tag we can look up.
std::string language_of(std::string_view info) {
  std::size_t i = 0;
  while (i < info.size() && (info[i] == '{' || info[i] == '.')) ++i;
  std::string lang;
  for (; i < info.size(); ++i) {
    const char c = info[i];
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '+' ||
                      c == '#' || c == '-';
    if (c >= 'A' && c <= 'Z') {
      lang += static_cast<char>(c - 'A' + 'a');
    } else if (word) {
      lang += c;
    } else {
      break;
    }
  }
  return lang;
}

bool is_javascript_tag(std::string_view lang) {
  return std::find(kJavaScriptTags.begin(), kJavaScriptTags.end(), lang) != kJavaScriptTags.end();
}

struct Block {
  std::size_t open = 0;   // line of the opening fence
  std::size_t close = 0;  // line of the closing fence; lines.size() when the fence is unterminated
  std::string lang;
  std::span<const std::string_view> body;  // lines between the fences
  std::string_view tail;  // code before a fence glued to the end of the closing line ("}```")
  bool take = false;      // becomes code
  bool drop = false;      // empty: leaves the prose without becoming code

  bool looks_like_code() const {
    return postprocess::block_looks_like_code(body) ||
           postprocess::is_code_line(postprocess::trim(tail));
  }
  bool empty() const {
    return std::all_of(body.begin(), body.end(), postprocess::is_blank) &&
           postprocess::is_blank(tail);
  }
  std::string code() const {
    if (tail.empty()) return postprocess::normalise_lines(body);
    std::vector<std::string_view> all(body.begin(), body.end());
    all.push_back(tail);
    return postprocess::normalise_lines(all);
  }
};

// For a fence that never closes: the first line that ends with the fence glued to code, as in
// "}```", which smaller models write. Without this the rest of the answer would become code.
std::size_t glued_close(const Fence& fence, const std::vector<std::string_view>& lines,
                        std::size_t from) {
  for (std::size_t j = from; j < lines.size(); ++j) {
    const std::string_view t = postprocess::rtrim(lines[j]);
    std::size_t run = 0;
    while (run < t.size() && t[t.size() - 1 - run] == fence.ch) ++run;
    if (run >= fence.length && run < t.size()) return j;
  }
  return lines.size();
}

std::vector<Block> find_blocks(const std::vector<std::string_view>& lines) {
  std::vector<Block> blocks;
  const std::span<const std::string_view> all(lines);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::optional<Fence> fence = opening_fence(lines[i]);
    if (!fence) continue;
    Block block;
    block.open = i;
    block.lang = language_of(fence->info);
    std::size_t j = i + 1;
    while (j < lines.size() && !closes(*fence, lines[j])) ++j;
    if (j == lines.size() && (j = glued_close(*fence, lines, i + 1)) < lines.size()) {
      const std::string_view t = postprocess::rtrim(lines[j]);
      block.tail = postprocess::rtrim(t.substr(0, t.find_last_not_of(fence->ch) + 1));
    }
    block.close = j;
    block.body = all.subspan(i + 1, j - i - 1);
    blocks.push_back(std::move(block));
    i = j;
  }
  return blocks;
}

// Which blocks become code:
//  1. blocks tagged with a JavaScript language, and untagged blocks that look like code
//     (an untagged block of program output beside the real code stays in the prose);
//  2. failing that, the only block, whatever its tag (models mis-tag code as `text` or `bash`);
//  3. failing that, any block that looks like code, whatever its tag.
// Blocks not taken (a `bash` install command, an `output` listing) stay in the prose verbatim,
// fences included, because they are part of what the model told the user.
void choose_blocks(std::vector<Block>& blocks) {
  std::size_t candidates = 0;
  for (Block& block : blocks) {
    block.drop = block.empty();
    if (block.drop) continue;
    ++candidates;
    block.take = is_javascript_tag(block.lang) || (block.lang.empty() && block.looks_like_code());
  }
  if (std::any_of(blocks.begin(), blocks.end(), [](const Block& b) { return b.take; })) return;
  for (Block& block : blocks) {
    if (block.drop) continue;
    block.take = candidates == 1 || block.looks_like_code();
  }
}

// The answer without the removed line ranges: each removed range becomes a paragraph break, runs
// of blank lines collapse to one, trailing spaces go, and the whole is trimmed.
std::string assemble_prose(const std::vector<std::string_view>& lines,
                           const std::vector<LineRange>& removed) {
  std::string out;
  bool pending_break = false;
  std::size_t r = 0;
  for (std::size_t i = 0; i < lines.size();) {
    if (r < removed.size() && i == removed[r].begin) {
      pending_break = true;
      i = std::max(removed[r].end, i + 1);
      ++r;
      continue;
    }
    std::string_view line = postprocess::rtrim(lines[i++]);
    if (line.empty()) {
      pending_break = true;
      continue;
    }
    if (out.empty()) {
      line = postprocess::ltrim(line);
    } else {
      out += pending_break ? "\n\n" : "\n";
    }
    out += line;
    pending_break = false;
  }
  return out;
}

void append_code(std::optional<std::string>& code, std::string piece) {
  if (piece.empty()) return;
  if (!code) {
    code = std::move(piece);
  } else {
    *code += "\n\n";
    *code += piece;
  }
}

}  // namespace

ExtractedAnswer extract_code(std::string_view answer) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (answer.starts_with(kBom)) answer.remove_prefix(kBom.size());
  const std::vector<std::string_view> lines = postprocess::split_lines(answer);

  ExtractedAnswer result;
  std::vector<LineRange> removed;
  std::vector<Block> blocks = find_blocks(lines);
  if (!blocks.empty()) {
    choose_blocks(blocks);
    for (const Block& block : blocks) {
      if (!block.take && !block.drop) continue;
      if (block.take) append_code(result.code, block.code());
      removed.push_back({block.open, std::min(block.close + 1, lines.size())});
    }
  } else {
    const std::span<const std::string_view> all(lines);
    for (const LineRange& run : postprocess::find_bare_code(lines)) {
      append_code(result.code,
                  postprocess::normalise_lines(all.subspan(run.begin, run.end - run.begin)));
      removed.push_back(run);
    }
  }
  result.prose = assemble_prose(lines, removed);
  return result;
}

}  // namespace genx3d::worker
