#include "cli/progress_bar.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using namespace genx3d::cli;
using Catch::Matchers::Contains;

TEST_CASE("progress shows done/total, percent, rate, ETA and failures", "[progress_bar]") {
  std::string s = format_progress({500, 2000, 3, 10.0}, 20);
  CHECK_THAT(s, Contains("[#####...............]"));
  CHECK_THAT(s, Contains("500/2000"));
  CHECK_THAT(s, Contains(" 25%"));
  CHECK_THAT(s, Contains("50.0/s"));
  CHECK_THAT(s, Contains("ETA 0:30"));
  CHECK_THAT(s, Contains("failed 3"));
  std::string done = format_progress({2000, 2000, 0, 65.0}, 10);
  CHECK_THAT(done, Contains("[##########]"));
  CHECK_THAT(done, Contains("in 1:05"));
  CHECK_THAT(done, !Contains("failed"));
}

TEST_CASE("off a terminal the bar prints plain lines, not carriage returns", "[progress_bar]") {
  std::ostringstream out;
  ProgressBar bar(out, false);
  bar.update(1, 10, 0);
  bar.update(2, 10, 0);  // within 5 s of the last line: not printed
  bar.finish();
  const std::string text = out.str();
  CHECK(text.find('\r') == std::string::npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK_THAT(text, Contains("progress: "));
}
