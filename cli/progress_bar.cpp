#include "cli/progress_bar.hpp"

#include <cstdio>

namespace genx3d::cli {
namespace {

constexpr auto kPlainLineInterval = std::chrono::seconds(5);

std::string clock_text(double seconds) {
  long s = static_cast<long>(seconds + 0.5);
  char buf[32];
  if (s >= 3600) {
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  }
  return buf;
}

}  // namespace

std::string format_progress(const Progress& p, int width) {
  const double fraction = p.total > 0 ? static_cast<double>(p.done) / p.total : 0.0;
  const int filled = static_cast<int>(fraction * width);
  std::string bar = "[" + std::string(filled, '#') + std::string(width - filled, '.') + "]";
  const double rate = p.seconds > 0 ? p.done / p.seconds : 0.0;
  char buf[160];
  std::snprintf(buf, sizeof buf, " %lld/%lld %3d%%  %.1f/s", static_cast<long long>(p.done),
                static_cast<long long>(p.total), static_cast<int>(fraction * 100), rate);
  std::string text = bar + buf;
  if (rate > 0 && p.done < p.total) text += "  ETA " + clock_text((p.total - p.done) / rate);
  if (p.done >= p.total) text += "  in " + clock_text(p.seconds);
  if (p.failed > 0) text += "  failed " + std::to_string(p.failed);
  return text;
}

ProgressBar::ProgressBar(std::ostream& out, bool tty) : out_(out), tty_(tty) {}

void ProgressBar::update(std::int64_t done, std::int64_t total, std::int64_t failed) {
  const auto now = std::chrono::steady_clock::now();
  last_ = {done, total, failed, std::chrono::duration<double>(now - start_).count()};
  if (tty_) {
    // \r and clear-to-end: the bar redraws over itself, even when the new text is shorter.
    out_ << '\r' << format_progress(last_, 30) << "\x1b[K" << std::flush;
    return;
  }
  if (now - last_line_ >= kPlainLineInterval) {
    out_ << "progress: " << format_progress(last_, 20) << '\n' << std::flush;
    last_line_ = now;
  }
}

void ProgressBar::finish() {
  if (tty_) {
    out_ << '\n' << std::flush;
  } else {
    out_ << "progress: " << format_progress(last_, 20) << '\n' << std::flush;
  }
}

}  // namespace genx3d::cli
