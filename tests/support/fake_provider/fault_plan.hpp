// What the fake provider does with one request: answer normally or misbehave on purpose.
// A fault is a short spec, "KIND[,key=value…]", given per request (a "[fault:SPEC]" marker in the
// user message, or an X-Fake-Fault header) or per run (POST /_config {"fault": SPEC,
// "latency_ms": N}; POST /_reset clears the records and the times= counters only):
//   429 | 500 | 503 | 401 | any status   answer with that status (429 carries Retry-After)
//   hang                                  never answer (until ms=, default 10 minutes)
//   close                                 send the header and half the body, then close
//   malformed                             200 with a truncated JSON body
//   slow                                  a normal answer, one byte every delay_ms (default 2)
//   latency                               a normal answer after ms= milliseconds
// Scripted answers: POST /_config {"answers": ["text", …]} queues answer texts; each successful
// model call takes the next one, then the default cube answer again (POST /_reset clears them).
// Options: times=N (only the first N matching requests misbehave, then they succeed),
// retry_after=S (seconds, 429/503), model=NAME (only requests for that model), ms=, delay_ms=.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace fake_provider {

struct Fault {
  std::string spec;  // as written; the key of the times= counter
  std::string kind;  // "status", "hang", "close", "malformed", "slow", "latency"
  int status = 0;
  int retry_after = -1;  // seconds; -1: 1 for 429, none otherwise
  int times = -1;        // -1: every matching request
  int ms = 0;            // latency / hang duration
  int delay_ms = 2;      // slow: between bytes
  std::string model;     // empty: any model
};

// nullopt when the spec cannot be read.
std::optional<Fault> parse_fault(std::string_view spec);

// The spec inside the first "[fault:…]" of `text`, if any.
std::optional<std::string> find_marker(std::string_view text);

// Thread safety: all members lock one mutex.
class FaultCounters {
 public:
  // True when `fault` applies to this request (model filter, times= budget), counting it.
  bool take(const Fault& fault, std::string_view model);
  void reset();

 private:
  std::mutex mutex_;
  std::map<std::string, int> used_;
};

}  // namespace fake_provider
