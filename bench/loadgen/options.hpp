// The load generator's command line: one plain struct, parsed once in main.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace genx3d::bench {

// A server process whose CPU time and memory the run reports ("api=1234").
struct NamedPid {
  std::string name;
  int pid = 0;
};

struct Options {
  std::string mode = "burst";  // burst | rate | hold | interactive
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  std::string key;                 // API key (Bearer)
  std::string label;               // scenario name, copied into the report
  int jobs = 1000;                 // burst: jobs to run
  int connections = 256;           // burst: connections, each with one job in flight
  double rate = 100;               // rate: jobs started per second (open loop)
  int max_connections = 4000;      // rate: connection pool bound
  double duration_s = 10;          // rate, hold, interactive: seconds per phase
  int holds = 10000;               // hold: idle long-polls to keep open
  int wait_s = 30;                 // ?wait= of every long-poll (hold uses 60)
  int batch_size = 10000;          // interactive: prompts in the batch
  double interactive_rate = 10;    // interactive: chats per second
  std::string model;               // empty: the server's default model
  std::string message = "Create a gear with 20 teeth and 40mm diameter";
  std::vector<NamedPid> pids;      // genx3d processes to measure (CPU per job counts these)
  std::vector<NamedPid> aux_pids;  // other processes to measure, not counted (the broker)
  std::string json_out;            // where to write the JSON report; empty: nowhere
};

// Exits with a usage message on a bad flag.
Options parse_options(int argc, char** argv);

}  // namespace genx3d::bench
