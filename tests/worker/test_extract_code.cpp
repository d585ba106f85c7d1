// extract_code and normalise_code: focused edge cases, then the corpus of realistic answers.
#include "worker/postprocess/extract_code.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using genx3d::worker::extract_code;
using genx3d::worker::ExtractedAnswer;
using genx3d::worker::normalise_code;
using genx3d::worker::sandbox_warnings;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("extract_code takes a javascript block and keeps the prose apart", "[extract]") {
  const ExtractedAnswer a = extract_code(
      "Here's a parametric gear with 20 teeth.\n\n```javascript\nvar gear = CSG.cylinder({radius: "
      "20});\n```\n\nThis creates a 40 mm gear.");
  REQUIRE(a.code == "var gear = CSG.cylinder({radius: 20});");
  CHECK(a.prose == "Here's a parametric gear with 20 teeth.\n\nThis creates a 40 mm gear.");
}

TEST_CASE("extract_code accepts tilde fences and fences longer than three", "[extract]") {
  CHECK(extract_code("~~~js\nvar a = 1;\n~~~").code == "var a = 1;");
  CHECK(extract_code("~~~~\nvar a = 1;\n~~~~~~").code == "var a = 1;");
  // A shorter fence, or the other fence character, is content rather than a close.
  CHECK(extract_code("````js\nvar s = 1;\n```\nvar t = 2;\n````").code ==
        "var s = 1;\n```\nvar t = 2;");
  CHECK(extract_code("~~~js\nvar s = 1;\n```\n~~~").code == "var s = 1;\n```");
  // A closing fence carries no info string, so "```js" inside a block does not close it.
  CHECK(extract_code("```\nvar a = 1;\n```js\n```").code == "var a = 1;\n```js");
}

TEST_CASE("extract_code reads the language tag's first word, in any case", "[extract]") {
  for (const char* tag : {"javascript", "js", "jscad", "openjscad", "typescript", "ts",
                          "JavaScript", "javascript title=gear.js", "{.js}", "js:gear.js", ""}) {
    INFO("tag: " << tag);
    const ExtractedAnswer a =
        extract_code(std::string("Text.\n\n```") + tag + "\nvar a = 1;\n```\n\n```output\nok\n```");
    CHECK(a.code == "var a = 1;");
    CHECK(contains(a.prose, "```output\nok\n```"));
  }
}

TEST_CASE("extract_code leaves text, output and shell blocks in the prose beside code",
          "[extract]") {
  const ExtractedAnswer a = extract_code(
      "Install:\n\n```bash\nnpm install csg\n```\n\nCode:\n\n```js\nvar a = CSG.cube();\n```\n\n"
      "Output:\n\n```text\nPolygons: 6\n```\n");
  REQUIRE(a.code == "var a = CSG.cube();");
  CHECK(
      a.prose ==
      "Install:\n\n```bash\nnpm install csg\n```\n\nCode:\n\nOutput:\n\n```text\nPolygons: 6\n```");
}

TEST_CASE("extract_code leaves an untagged output block beside code in the prose", "[extract]") {
  const ExtractedAnswer a =
      extract_code("```\nvar a = CSG.cube();\n```\n\nIt prints:\n\n```\nPolygons: 6\n```");
  REQUIRE(a.code == "var a = CSG.cube();");
  CHECK(a.prose == "It prints:\n\n```\nPolygons: 6\n```");
}

TEST_CASE("extract_code takes a non-code block when it is the only block", "[extract]") {
  CHECK(extract_code("Here:\n```text\nvar a = CSG.cube();\n```").code == "var a = CSG.cube();");
  CHECK(extract_code("Here:\n```bash\nmakeGear(20)\n```").code == "makeGear(20)");
  CHECK(extract_code("Here:\n```\ncreateGear(20, 40)\n```").code == "createGear(20, 40)");
}

TEST_CASE("extract_code picks the code-like blocks when no block is tagged as JavaScript",
          "[extract]") {
  const ExtractedAnswer a =
      extract_code("```sh\nnpm install csg\n```\n\n```text\nvar gear = CSG.cylinder({});\n```");
  CHECK(a.code == "var gear = CSG.cylinder({});");
  CHECK(a.prose == "```sh\nnpm install csg\n```");

  const ExtractedAnswer none = extract_code("```sh\nnpm install csg\n```\n\n```output\nok\n```");
  CHECK_FALSE(none.code);
  CHECK(none.prose == "```sh\nnpm install csg\n```\n\n```output\nok\n```");
}

TEST_CASE("extract_code joins several blocks in order with a blank line", "[extract]") {
  const ExtractedAnswer a = extract_code(
      "First the helper:\n\n```js\nfunction tooth() {\n  return CSG.cube();\n}\n```\n\nThen use "
      "it:\n```javascript\n\n\nvar t = tooth();\n\n```\nDone.");
  REQUIRE(a.code == "function tooth() {\n  return CSG.cube();\n}\n\nvar t = tooth();");
  CHECK(a.prose == "First the helper:\n\nThen use it:\n\nDone.");
}

TEST_CASE("extract_code takes an unterminated final fence to the end", "[extract]") {
  const ExtractedAnswer a =
      extract_code("Here you go:\n\n```javascript\nvar a = CSG.cube();\nvar b = a.union(");
  CHECK(a.code == "var a = CSG.cube();\nvar b = a.union(");
  CHECK(a.prose == "Here you go:");
}

TEST_CASE("extract_code closes an unterminated fence glued to the end of a code line",
          "[extract]") {
  const ExtractedAnswer a =
      extract_code("Here:\n```js\nfunction f() {\n  return 1;\n}```\n\nThis returns one.");
  CHECK(a.code == "function f() {\n  return 1;\n}");
  CHECK(a.prose == "Here:\n\nThis returns one.");
  // A properly closed block is not cut at a code line that happens to end in backticks.
  CHECK(extract_code("```js\nvar s = `a```;\n```").code == "var s = `a```;");
}

TEST_CASE("extract_code de-indents fences inside list items", "[extract]") {
  const ExtractedAnswer a = extract_code(
      "1. Define the base:\n   ```js\n   var base = CSG.cube();\n   if (x) {\n     y();\n   }\n   "
      "```\n2. Add a hole:\n\n    ```js\n    var part = base.subtract(hole);\n    ```\n");
  REQUIRE(a.code ==
          "var base = CSG.cube();\nif (x) {\n  y();\n}\n\nvar part = base.subtract(hole);");
  CHECK(a.prose == "1. Define the base:\n\n2. Add a hole:");
}

TEST_CASE("extract_code handles Windows and old Mac line endings", "[extract]") {
  const ExtractedAnswer crlf =
      extract_code("Gear:\r\n\r\n```js\r\nvar a = 1;\r\nvar b = 2;\r\n```\r\n\r\nDone.\r\n");
  CHECK(crlf.code == "var a = 1;\nvar b = 2;");
  CHECK(crlf.prose == "Gear:\n\nDone.");
  const ExtractedAnswer cr = extract_code("Gear:\r```js\rvar a = 1;\r```\rDone.");
  CHECK(cr.code == "var a = 1;");
  CHECK(cr.prose == "Gear:\n\nDone.");
}

TEST_CASE("extract_code ignores a leading byte order mark", "[extract]") {
  CHECK(extract_code("\xEF\xBB\xBFHello.").prose == "Hello.");
}

TEST_CASE("extract_code does not take a one-line ``` span for a fence", "[extract]") {
  const ExtractedAnswer a = extract_code("Use ```CSG.cube()``` for boxes.\n```js code```");
  CHECK_FALSE(a.code);
  CHECK(a.prose == "Use ```CSG.cube()``` for boxes.\n```js code```");
}

TEST_CASE("extract_code drops empty blocks", "[extract]") {
  const ExtractedAnswer a = extract_code("Nothing here:\n\n```js\n\n   \n```\n\nSorry.");
  CHECK_FALSE(a.code);
  CHECK(a.prose == "Nothing here:\n\nSorry.");
}

TEST_CASE("extract_code finds bare code that fills the whole answer", "[extract][bare]") {
  const std::string code =
      "// A plate with a hole\nfunction plate(w, h) {\n  var base = CSG.cube({\n    center: [0, 0, "
      "0],\n    radius: [w / 2, h / 2, 1]\n  });\n  return base;\n}\n\nvar myPart = plate(20, 10);";
  const ExtractedAnswer a = extract_code("\n" + code + "\n\n");
  CHECK(a.code == code);
  CHECK(a.prose.empty());
}

TEST_CASE("extract_code separates bare code from the prose around it", "[extract][bare]") {
  const ExtractedAnswer a = extract_code(
      "Here is the code for a washer:\n\n/**\n * Washer.\n * @param {number} r outer radius\n */\n"
      "function washer(r) {\n  return CSG.cylinder({radius: r})\n    "
      ".subtract(CSG.cylinder({radius: "
      "r / 2}));\n}\nvar w = washer(10);\n\nThis makes a 20 mm washer; adjust r to taste.\n\nTo "
      "use it:\nvar big = washer(30);\nEnjoy!");
  REQUIRE(a.code ==
          "/**\n * Washer.\n * @param {number} r outer radius\n */\nfunction washer(r) {\n  return "
          "CSG.cylinder({radius: r})\n    .subtract(CSG.cylinder({radius: r / 2}));\n}\nvar w = "
          "washer(10);\n\nvar big = washer(30);");
  CHECK(a.prose ==
        "Here is the code for a washer:\n\nThis makes a 20 mm washer; adjust r to taste.\n\nTo use "
        "it:\n\nEnjoy!");
}

TEST_CASE("extract_code does not take prose that mentions CSG for code", "[extract][bare]") {
  for (const char* answer : {
           "You can build a box with CSG.cube({radius: 5}) and a hole with CSG.cylinder().",
           "I can't help with that; it is outside what I do.",
           "Call CSG.cube() like this:\n- center: where the box sits;\n- radius: half its size;",
           "The function createGear takes the number of teeth.\nvar is a keyword;",
           "Steps:\n1. var declarations come first;\n2. then CSG.cube() calls.",
       }) {
    INFO(answer);
    const ExtractedAnswer a = extract_code(answer);
    CHECK_FALSE(a.code);
    CHECK(a.prose == answer);
  }
}

TEST_CASE("extract_code without code keeps the trimmed prose with blank runs collapsed",
          "[extract]") {
  const ExtractedAnswer a = extract_code(
      "  \n\nI'm sorry, but I can't help with that.   \n\n\n\n  \nMaybe ask again.\n\n");
  CHECK_FALSE(a.code);
  CHECK(a.prose == "I'm sorry, but I can't help with that.\n\nMaybe ask again.");
  CHECK(extract_code("").prose.empty());
  CHECK_FALSE(extract_code("").code);
}

TEST_CASE("normalise_code turns CR LF and lone CR into LF", "[normalise]") {
  CHECK(normalise_code("a;\r\nb;\rc;\n") == "a;\nb;\nc;");
}

TEST_CASE("normalise_code turns leading tabs into two spaces and keeps inner tabs", "[normalise]") {
  CHECK(normalise_code("f() {\n\tx(\"a\tb\");\n\t\ty();\n}") ==
        "f() {\n  x(\"a\tb\");\n    y();\n}");
}

TEST_CASE("normalise_code strips trailing whitespace and common indentation", "[normalise]") {
  CHECK(normalise_code("    a();  \n\n      b();\t\n    c();") == "a();\n\n  b();\nc();");
  // Whitespace-only lines do not count towards the shared indentation.
  CHECK(normalise_code("    a();\n  \n    b();") == "a();\n\nb();");
  // A tab counts as two spaces when indentation is compared.
  CHECK(normalise_code("\ta();\n  b();") == "a();\nb();");
}

TEST_CASE("normalise_code trims blank lines at both ends and adds no trailing newline",
          "[normalise]") {
  CHECK(normalise_code("\n \n  a();\n\n  b();\n\n\t\n") == "a();\n\nb();");
  CHECK(normalise_code("a();\n") == "a();");
  CHECK(normalise_code("").empty());
  CHECK(normalise_code(" \r\n\t\n").empty());
}

TEST_CASE("normalise_code leaves normalised code unchanged", "[normalise]") {
  const std::string code = "function f() {\n  return 1;\n}\n\nvar x = f();";
  CHECK(normalise_code(code) == code);
}

// ---------------------------------------------------------------------------------------------
// Corpus: tests/worker/corpus/NAME.txt is a model's answer as written; NAME.expected.json holds
// {"code": str|null, "prose_contains": [str], "warnings_count": int} and optionally
// "prose_excludes": [str] and "warnings_contain": [str].

namespace {

std::filesystem::path corpus_dir() {
  return std::filesystem::path(__FILE__).parent_path() / "corpus";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

TEST_CASE("extract_code and sandbox_warnings match every corpus answer", "[extract][corpus]") {
  const std::filesystem::path dir = corpus_dir();
  REQUIRE(std::filesystem::is_directory(dir));
  std::vector<std::filesystem::path> answers;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") answers.push_back(entry.path());
  }
  std::sort(answers.begin(), answers.end());
  REQUIRE(answers.size() >= 25);

  for (const std::filesystem::path& path : answers) {
    const std::string name = path.stem().string();
    DYNAMIC_SECTION(name) {
      std::filesystem::path expected_path = path;
      expected_path.replace_extension(".expected.json");
      REQUIRE(std::filesystem::exists(expected_path));
      const nlohmann::json expected = nlohmann::json::parse(read_file(expected_path));
      const ExtractedAnswer a = extract_code(read_file(path));

      if (expected.at("code").is_null()) {
        CHECK_FALSE(a.code);
      } else {
        REQUIRE(a.code);
        CHECK(*a.code == expected.at("code").get<std::string>());
        CHECK(normalise_code(*a.code) == *a.code);
      }
      for (const std::string& s : expected.at("prose_contains").get<std::vector<std::string>>()) {
        INFO("prose should contain: " << s);
        CHECK(contains(a.prose, s));
      }
      for (const std::string& s : expected.value("prose_excludes", std::vector<std::string>{})) {
        INFO("prose should not contain: " << s);
        CHECK_FALSE(contains(a.prose, s));
      }
      CHECK_FALSE(contains(a.prose, "\r"));

      const std::vector<std::string> warnings =
          a.code ? sandbox_warnings(*a.code) : std::vector<std::string>{};
      INFO("warnings: " << nlohmann::json(warnings).dump(2));
      CHECK(warnings.size() == expected.at("warnings_count").get<std::size_t>());
      for (const std::string& s : expected.value("warnings_contain", std::vector<std::string>{})) {
        INFO("a warning should contain: " << s);
        CHECK(std::any_of(warnings.begin(), warnings.end(),
                          [&](const std::string& w) { return contains(w, s); }));
      }
    }
  }
}
