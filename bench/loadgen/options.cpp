#include "loadgen/options.hpp"

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace genx3d::bench {
namespace {

constexpr const char* kUsage = R"(usage: genx3d_loadgen --key KEY [flags]
  --mode burst|rate|hold|interactive   (default burst)
  --host H --port P                    the genx3d API (default 127.0.0.1:8000)
  --jobs N --connections C             burst: N jobs over C keep-alive connections
  --rate R --max-connections M         rate: R jobs/s, open loop, at most M connections
  --duration S                         rate, hold, interactive: seconds per phase
  --holds N                            hold: idle long-polls to hold open (default 10000)
  --wait S                             ?wait= of each long-poll
  --batch-size N --interactive-rate R  interactive: batch prompts, chats per second
  --model M --message TEXT             what each chat asks
  --pid NAME=PID                       a genx3d process to measure (repeatable)
  --aux-pid NAME=PID                   another process to measure, outside the CPU total
  --label NAME --json FILE             scenario name; write the JSON report to FILE
)";

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "genx3d_loadgen: " << problem << "\n" << kUsage;
  std::exit(2);
}

NamedPid parse_pid(const std::string& v) {
  auto eq = v.find('=');
  if (eq == std::string::npos) usage("--pid wants NAME=PID, got " + v);
  return {v.substr(0, eq), std::stoi(v.substr(eq + 1))};
}

void apply(Options& o, const std::string& flag, const std::string& v) {
  if (flag == "--mode") o.mode = v;
  else if (flag == "--host") o.host = v;
  else if (flag == "--port") o.port = static_cast<std::uint16_t>(std::stoi(v));
  else if (flag == "--key") o.key = v;
  else if (flag == "--label") o.label = v;
  else if (flag == "--jobs") o.jobs = std::stoi(v);
  else if (flag == "--connections") o.connections = std::stoi(v);
  else if (flag == "--rate") o.rate = std::stod(v);
  else if (flag == "--max-connections") o.max_connections = std::stoi(v);
  else if (flag == "--duration") o.duration_s = std::stod(v);
  else if (flag == "--holds") o.holds = std::stoi(v);
  else if (flag == "--wait") o.wait_s = std::stoi(v);
  else if (flag == "--batch-size") o.batch_size = std::stoi(v);
  else if (flag == "--interactive-rate") o.interactive_rate = std::stod(v);
  else if (flag == "--model") o.model = v;
  else if (flag == "--message") o.message = v;
  else if (flag == "--pid") o.pids.push_back(parse_pid(v));
  else if (flag == "--aux-pid") o.aux_pids.push_back(parse_pid(v));
  else if (flag == "--json") o.json_out = v;
  else usage("unknown flag " + flag);
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") usage("help");
    if (i + 1 >= argc) usage(flag + " needs a value");
    try {
      apply(o, flag, argv[++i]);
    } catch (const std::logic_error&) {
      usage("bad value for " + flag);
    }
  }
  if (o.key.empty()) usage("--key is required");
  if (o.mode != "burst" && o.mode != "rate" && o.mode != "hold" && o.mode != "interactive")
    usage("unknown mode " + o.mode);
  if (o.connections < 1 || o.jobs < 1 || o.rate <= 0 || o.holds < 1) usage("counts must be > 0");
  return o;
}

}  // namespace genx3d::bench
