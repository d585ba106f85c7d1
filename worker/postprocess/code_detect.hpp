// Decides whether lines of an answer are JavaScript. Internal to worker/postprocess.
//
// Line heuristics, not a parser: models write ordinary ES5 laid out one statement per line, and
// the question is only "is this line code or a sentence?", which the start and end of a line
// answer well. A real JavaScript parser would also choke on the prose around bare code.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

namespace genx3d::worker::postprocess {

// True when the trimmed, non-empty line reads like a JavaScript statement or part of one:
// a declaration, control keyword, comment, call or assignment, or a line ending in `;`, `{`,
// `(` or `[`, or starting with a closing bracket or a `.method` chain.
bool is_code_line(std::string_view trimmed);

// True when some line of a fenced block is code-like. The fence already says "this is code", so
// one statement-like line is enough to tell code from program output or a shell command.
bool block_looks_like_code(std::span<const std::string_view> lines);

struct LineRange {
  std::size_t begin = 0;  // first line of the run
  std::size_t end = 0;    // one past its last line
};

// Runs of bare (unfenced) code in an answer, in order. Conservative: a run counts only when it
// holds a declaration, a function, an arrow or a CSG call AND a line ending a statement, so prose
// that merely mentions CSG.cube() is never taken for code. Lines inside open brackets, block
// comments or template literals belong to the run they started in.
std::vector<LineRange> find_bare_code(const std::vector<std::string_view>& lines);

}  // namespace genx3d::worker::postprocess
