// sandbox_warnings and the small JavaScript tokenizer under it.
#include "worker/postprocess/extract_code.hpp"
#include "worker/postprocess/js_tokens.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using genx3d::worker::sandbox_warnings;
using genx3d::worker::postprocess::JsTokenKind;
using genx3d::worker::postprocess::tokenize_js;

namespace {

// The one warning the code should give; fails if there are none or several.
std::string only_warning(std::string_view code) {
  const std::vector<std::string> w = sandbox_warnings(code);
  INFO("code: " << code);
  REQUIRE(w.size() == 1);
  return w[0];
}

}  // namespace

TEST_CASE("sandbox_warnings is empty for plain CSG code", "[sandbox]") {
  CHECK(sandbox_warnings(R"js(// Gear with 20 teeth
function createGear(teeth, diameter) {
  var body = CSG.cylinder({start: [0, 0, 0], end: [0, 0, 5], radius: diameter / 2});
  for (var i = 0; i < teeth; i++) {
    var a = 2 * Math.PI * i / teeth;
    body = body.union(CSG.cube({center: [Math.cos(a) * 20, Math.sin(a) * 20, 2.5],
                                radius: [1, 1, 2.5]}));
  }
  return body;
}
var myGear = createGear(20, 40);)js")
            .empty());
}

TEST_CASE("sandbox_warnings names the construct, its line and why", "[sandbox]") {
  CHECK(only_warning("var a = 1;\nvar b = 2;\nvar fs = require('fs');") ==
        "line 3: `require(` loads modules, which the CAD sandbox does not allow");
  CHECK(only_warning("import CSG from 'csg';") ==
        "line 1: `import` loads modules, which the CAD sandbox does not allow");
  CHECK(only_warning("\nconst m = await import('csg');") ==
        "line 2: `import(` loads modules at run time, which the CAD sandbox does not allow");
  CHECK(only_warning("if (process.env.DEBUG) x();") ==
        "line 1: `process` reaches the host process (environment, files, exit), which the CAD "
        "sandbox does not allow");
  CHECK(only_warning("fetch('http://x/y.stl');") ==
        "line 1: `fetch(` makes network requests, which the CAD sandbox does not allow");
  CHECK(only_warning("eval(src);") ==
        "line 1: `eval(` runs code built from a string, which the CAD sandbox does not allow");
  CHECK(only_warning("for (;;) { step(); }") ==
        "line 1: `for (;;)` has no break, return or throw, so it may not terminate");
}

TEST_CASE("sandbox_warnings flags each construct of the list", "[sandbox]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"var x = require ('csg');", "`require(`"},
      {"var r = require;", "`require`"},
      {"import {union} from \"csg\";", "`import`"},
      {"import('./x.js').then(go);", "`import(`"},
      {"process.exit(1);", "`process`"},
      {"var r = fetch(url);", "`fetch(`"},
      {"var x = new XMLHttpRequest();", "`XMLHttpRequest`"},
      {"var s = new WebSocket(u);", "`WebSocket`"},
      {"var e = eval;", "`eval`"},
      {"var f = new Function('return 1');", "`new Function`"},
      {"var f = Function('return this')();", "`Function(`"},
      {"setTimeout(\"boom()\", 10);", "`setTimeout` with a string argument"},
      {"setInterval(`tick()`, 10);", "`setInterval` with a string argument"},
      {"globalThis.x = 1;", "`globalThis`"},
      {"global.x = 1;", "`global.`"},
      {"window.alert(1);", "`window.`"},
      {"document.write(1);", "`document.`"},
      {"window['x'] = 1;", "`window[`"},
      {"a.__proto__.polluted = 1;", "`__proto__`"},
      {"var F = [].constructor.constructor;", "`.constructor.constructor`"},
      {"var F = x.constructor['constructor'];", "`constructor[`"},
      {"var F = (function(){}).constructor('return this');", "`.constructor(`"},
      {"var F = x['constructor'];", "`[\"constructor\"]`"},
      {"o['__proto__'] = p;", "`[\"__proto__\"]`"},
      {"Reflect.get(o, 'k');", "`Reflect.`"},
      {"var p = new Proxy({}, h);", "`Proxy`"},
      {"while (true) { grow(); }", "`while (true)`"},
      {"while(1) grow();", "`while (true)`"},
  };
  for (const auto& [code, label] : cases) {
    INFO(code);
    const std::string w = only_warning(code);
    CHECK(w.starts_with("line 1: "));
    CHECK(w.find(label) != std::string::npos);
  }
}

TEST_CASE("sandbox_warnings respects word boundaries and property names", "[sandbox]") {
  for (const char* code : {
           "var processGear = 1; var myprocess = 2; process_ = 3;",
           "refetch(x); prefetch(y); var fetcher = 1;",
           "var evaluate = evalGear(1); myeval(2);",
           "var requireHole = true; requireX(1);",
           "gear.process(); gear.fetch(); part.eval(); var o = {process: 1, fetch: 2};",
           "var cfg = {window: 3, document: 4}; var w = windowWidth.x;",
           "var f = function() {}; var F = MyFunction(1);",
           "class Gear { constructor(n) { this.n = n; } }",
           "setTimeout(function() { grow(); }, 10);",
           "var r = Reflection.x; var p = ProxyGear;",
           "var importance = 2; var imports = 1;",
       }) {
    INFO(code);
    CHECK(sandbox_warnings(code).empty());
  }
}

TEST_CASE("sandbox_warnings ignores strings and comments", "[sandbox]") {
  CHECK(sandbox_warnings(R"js(// require('fs') would load a module
/* process.exit(); fetch(
   eval( */
var label = "require('fs')";
var other = 'process.env + fetch(x)';
var text = `window.location and eval(x)`;
var escaped = "a \" require(";
var re = /require\(["']/g;
var gear = CSG.cube();)js")
            .empty());
}

TEST_CASE("sandbox_warnings scans the code inside template substitutions", "[sandbox]") {
  const std::vector<std::string> w =
      sandbox_warnings("var s = `size ${require('fs').x} and ${ {a: 1}.a } mm`;\nprocess;");
  REQUIRE(w.size() == 2);
  CHECK(w[0].starts_with("line 1: `require(`"));
  CHECK(w[1].starts_with("line 2: `process`"));
}

TEST_CASE("sandbox_warnings counts lines through multi-line comments and strings", "[sandbox]") {
  const std::string code =
      "/* one\n two\n three */\nvar t = `a\nb`;\nvar s = 'x\\\ny';\r\nrequire('fs');";
  CHECK(only_warning(code).starts_with("line 8: "));
}

TEST_CASE("sandbox_warnings accepts endless loops that break out", "[sandbox]") {
  CHECK(sandbox_warnings("while (true) {\n  if (done()) break;\n}").empty());
  CHECK(sandbox_warnings("function f() { for (;;) { if (x) return 1; } }").empty());
  CHECK(sandbox_warnings("while (true) { if (bad) throw new Error('x'); }").empty());
  CHECK(sandbox_warnings("do {\n  i++;\n  if (i > 9) break;\n} while (true);").empty());
  CHECK(sandbox_warnings("while (i < 10) i++;").empty());
  CHECK(only_warning("do {\n  i++;\n} while (true);").starts_with("line 3: `while (true)`"));
  CHECK(only_warning("while (true);").starts_with("line 1: `while (true)`"));
  // An unclosed body is still judged, not read past the end.
  CHECK(only_warning("while (true) { grow();").starts_with("line 1: `while (true)`"));
}

TEST_CASE("sandbox_warnings reports a construct once per line and caps the list", "[sandbox]") {
  CHECK(sandbox_warnings("process.a = process.b;").size() == 1);
  CHECK(sandbox_warnings("process.a = 1;\nprocess.b = 2;").size() == 2);
  CHECK(sandbox_warnings("var x = require('a'), p = process;").size() == 2);

  std::string many;
  for (int i = 0; i < 30; ++i) many += "require('m" + std::to_string(i) + "');\n";
  const std::vector<std::string> w = sandbox_warnings(many);
  REQUIRE(w.size() == 21);
  CHECK(w[19].starts_with("line 20: "));
  CHECK(w[20] == "10 more constructs that reach outside the CAD sandbox are not listed");
}

TEST_CASE("tokenize_js separates names, strings, templates and regexes", "[sandbox][tokens]") {
  const auto t = tokenize_js("var a = 'x\\'y' + `t${b}u` / 2;\nvar r = /[/]x/g; c = d / e / f;");
  std::vector<std::pair<JsTokenKind, std::string>> got;
  for (const auto& tok : t) got.emplace_back(tok.kind, std::string(tok.text));
  using K = JsTokenKind;
  const std::vector<std::pair<JsTokenKind, std::string>> want = {
      {K::identifier, "var"}, {K::identifier, "a"}, {K::punct, "="},       {K::string, "x\\'y"},
      {K::punct, "+"},        {K::templ, "t"},      {K::identifier, "b"},  {K::templ, "u"},
      {K::punct, "/"},        {K::number, "2"},     {K::punct, ";"},       {K::identifier, "var"},
      {K::identifier, "r"},   {K::punct, "="},      {K::regex, "/[/]x/g"}, {K::punct, ";"},
      {K::identifier, "c"},   {K::punct, "="},      {K::identifier, "d"},  {K::punct, "/"},
      {K::identifier, "e"},   {K::punct, "/"},      {K::identifier, "f"},  {K::punct, ";"},
  };
  CHECK(got == want);
  CHECK(t.back().line == 2);
}

TEST_CASE("tokenize_js survives unterminated strings, comments and templates",
          "[sandbox][tokens]") {
  for (const char* code : {"'abc", "\"abc\\", "/* abc", "`abc ${x", "`abc ${ {", "a = /abc", "}}}",
                           "x = `${`${`", "\\"}) {
    INFO(code);
    CHECK_NOTHROW(tokenize_js(code));
    CHECK_NOTHROW(sandbox_warnings(code));
  }
  // An unterminated string ends at its line, so the next line is code again.
  CHECK(only_warning("var s = 'oops;\nprocess.exit();").starts_with("line 2: `process`"));
}
