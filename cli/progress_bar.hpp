// Progress of a batch on the terminal: a bar redrawn in place on a TTY, plain lines (at most one
// every few seconds, and the last) when the output is a file or a pipe.
//
// Thread safety: none.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace genx3d::cli {

struct Progress {
  std::int64_t done = 0;  // final requests: succeeded + failed + cancelled
  std::int64_t total = 0;
  std::int64_t failed = 0;
  double seconds = 0;  // since the bar started
};

// "[#########...........] 1234/2000  62%  85.3/s  ETA 0:09  failed 3", `width` bar cells.
std::string format_progress(const Progress& p, int width);

class ProgressBar {
 public:
  ProgressBar(std::ostream& out, bool tty);
  void update(std::int64_t done, std::int64_t total, std::int64_t failed);
  void finish();

 private:
  std::ostream& out_;
  bool tty_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_line_{};
  Progress last_;
};

}  // namespace genx3d::cli
