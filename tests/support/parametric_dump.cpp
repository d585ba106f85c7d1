// Prints what builtin/parametric answers to a message: the code alone (default), or the whole
// answer with --text. Earlier user turns may be given with --history "msg" (repeatable, oldest
// first). The integration test runs the printed code through sandbox/run_csg.js.
//
//   parametric_dump "Create a gear with 20 teeth and 40mm diameter"
//   parametric_dump --text --history "a 20 mm cube" "make it twice as big"
#include "worker/builtin/parametric_generator.hpp"

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
  bool text = false;
  std::vector<genx3d::ChatTurn> history;
  std::string message;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--text") {
      text = true;
    } else if (arg == "--history" && i + 1 < argc) {
      history.push_back({"user", argv[++i]});
    } else if (arg == "--help" || arg == "-h") {
      std::puts("usage: parametric_dump [--text] [--history MESSAGE]... MESSAGE");
      return 0;
    } else {
      message = arg;
    }
  }
  if (message.empty()) {
    std::fputs("parametric_dump: no message given (see --help)\n", stderr);
    return 2;
  }
  auto answer = genx3d::worker::generate_parametric_answer(message, history, std::nullopt);
  if (text) {
    std::fputs(answer.text.c_str(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  // The generator writes exactly one ```javascript block; print what is inside it.
  constexpr std::string_view kOpen = "```javascript\n";
  const std::size_t open = answer.text.find(kOpen);
  const std::size_t close =
      open == std::string::npos ? open : answer.text.find("```", open + kOpen.size());
  if (close == std::string::npos) {
    std::fputs("parametric_dump: the answer has no code\n", stderr);
    return 1;
  }
  const std::size_t start = open + kOpen.size();
  std::fwrite(answer.text.data() + start, 1, close - start, stdout);
  return 0;
}
