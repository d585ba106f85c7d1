#include "fault_plan.hpp"

#include <charconv>

namespace fake_provider {
namespace {

bool to_int(std::string_view s, int& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

}  // namespace

std::optional<Fault> parse_fault(std::string_view spec) {
  Fault f;
  f.spec = std::string(spec);
  bool first = true;
  while (!spec.empty()) {
    std::size_t comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    if (first) {
      first = false;
      if (to_int(item, f.status)) {
        if (f.status < 100 || f.status > 599) return std::nullopt;
        f.kind = "status";
      } else if (item == "hang" || item == "close" || item == "malformed" || item == "slow" ||
                 item == "latency") {
        f.kind = std::string(item);
      } else {
        return std::nullopt;
      }
      continue;
    }
    std::size_t eq = item.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = item.substr(0, eq);
    std::string_view value = item.substr(eq + 1);
    bool ok = true;
    if (key == "times") {
      ok = to_int(value, f.times);
    } else if (key == "retry_after") {
      ok = to_int(value, f.retry_after);
    } else if (key == "ms") {
      ok = to_int(value, f.ms);
    } else if (key == "delay_ms") {
      ok = to_int(value, f.delay_ms);
    } else if (key == "model") {
      f.model = std::string(value);
    } else {
      ok = false;
    }
    if (!ok) return std::nullopt;
  }
  if (f.kind.empty()) return std::nullopt;
  if (f.kind == "hang" && f.ms == 0) f.ms = 600000;
  return f;
}

std::optional<std::string> find_marker(std::string_view text) {
  constexpr std::string_view open = "[fault:";
  std::size_t start = text.find(open);
  if (start == std::string_view::npos) return std::nullopt;
  start += open.size();
  std::size_t end = text.find(']', start);
  if (end == std::string_view::npos) return std::nullopt;
  return std::string(text.substr(start, end - start));
}

bool FaultCounters::take(const Fault& fault, std::string_view model) {
  if (!fault.model.empty() && fault.model != model) return false;
  if (fault.times < 0) return true;
  std::lock_guard lock(mutex_);
  int& used = used_[fault.spec];
  if (used >= fault.times) return false;
  ++used;
  return true;
}

void FaultCounters::reset() {
  std::lock_guard lock(mutex_);
  used_.clear();
}

}  // namespace fake_provider
