// Post-processing of a model's answer: find the code, tidy it, and flag what reaches outside the
// CAD sandbox. Pure functions; no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace genx3d::worker {

struct ExtractedAnswer {
  // The answer without the code it gave: line endings made \n, trailing spaces dropped, each
  // removed block turned into a paragraph break, runs of blank lines collapsed, trimmed. Blocks
  // that were not taken as code (a `bash` install line, program `output`) stay in it verbatim.
  std::string prose;
  // The code, normalised (see normalise_code); several pieces are joined in order with one blank
  // line between. nullopt when the answer had no code (a refusal, a plain explanation).
  std::optional<std::string> code;
};

// Finds the code in a model's answer.
//
// Fenced blocks: ``` or ~~~, three or more, at any indentation (fences inside list items are
// indented); a block closes at a line holding only the same character at least as many times, or
// runs to the end of the answer if the model stopped before closing it (or, when a later line
// ends in the fence glued to code, as in "}```", closes there). Which blocks are code:
//  1. blocks tagged javascript, js, jscad, openjscad, typescript, ts (and jsx, tsx, mjs, cjs,
//     node, es5, es6, csg), plus untagged blocks with at least one statement-like line;
//  2. if there are none, the only non-empty block, whatever its tag (models mis-tag code);
//  3. if there are still none, every block with a statement-like line, whatever its tag.
// So a `text`, `output` or `bash`/`sh`/`shell` block is not code beside a JavaScript block, but is
// when it is all the answer has. Empty blocks are dropped from both code and prose.
//
// No fences at all: runs of lines that read as JavaScript (declarations, functions, calls,
// statements ending in `;`, `{`, `}` and lines inside open brackets) are code when a run holds a
// declaration, function, arrow or CSG call and ends a statement somewhere. Prose that merely
// mentions CSG.cube() is not code.
//
// Linear in the answer's size; no regular expressions. A leading UTF-8 BOM is ignored.
ExtractedAnswer extract_code(std::string_view answer);

// Tidies code for storage and display: \r\n and \r become \n, tabs in the leading indentation
// become two spaces each, trailing whitespace goes (inside multi-line template literals too, which
// CAD code does not depend on), the indentation all non-blank lines share goes, and blank lines at
// both ends go. No trailing newline is added: the result ends with its last character of code.
std::string normalise_code(std::string_view code);

// One sentence per construct that reaches outside the CAD sandbox, in source order, each naming
// the construct and its 1-based line, e.g.
//   "line 3: `require(` loads modules, which the CAD sandbox does not allow".
// Flags require, import / import(, process, fetch(, XMLHttpRequest, WebSocket, eval, Function( /
// new Function, setTimeout/setInterval with a string argument, globalThis, global./window./
// document., __proto__, .constructor.constructor / constructor[ / .constructor( / ["constructor"],
// Reflect., Proxy, and while (true) / for (;;) loops with no break, return or throw ("may not
// terminate"). Mentions in strings, template text and comments are ignored (a string used as a
// computed member, obj["constructor"], is a use, not a mention), names must match
// whole (`processGear` and `refetch(` are fine), and a global name used as a property
// (`gear.process`, `{fetch: 1}`) is not a reference to the global. The same construct on the same
// line is reported once; past 20 warnings one last sentence counts the rest.
// Empty when the code only uses the CSG API and plain JavaScript. Advice, not a security check.
std::vector<std::string> sandbox_warnings(std::string_view code);

}  // namespace genx3d::worker
