// genx3d batch submit|status|results|cancel: batches through a running API, with a live
// progress bar while one drains.
#include "cli/api_client.hpp"
#include "cli/client_options.hpp"
#include "cli/commands.hpp"
#include "cli/progress_bar.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <unistd.h>

namespace genx3d::cli {
namespace {

constexpr const char* kBatchUsage = R"(Usage:
  genx3d batch submit FILE [--wait] [--out results.jsonl] [--idempotency-key K]
      Submits FILE: JSON Lines ({"custom_id": "…", "message": "…", "model": "…"} per line), a
      JSON array of such requests, or plain text (one prompt per line; custom_id line-N). Prints
      the batch id. --wait shows progress until it is done; --out also writes the results.
  genx3d batch status ID [--wait]
  genx3d batch results ID [--out results.jsonl]
  genx3d batch cancel ID
Connection: --url URL [GENX3D_URL], --api-key KEY [GENX3D_API_KEY].
)";

struct Body {
  std::string text;
  std::string content_type;
};

// JSON and JSON Lines go as they are; anything else is one prompt per non-blank line.
Body request_body(const std::string& file_text) {
  auto first = file_text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && file_text[first] == '[') return {file_text, "application/json"};
  if (first != std::string::npos && file_text[first] == '{') {
    return {file_text, "application/x-ndjson"};
  }
  std::string out;
  std::istringstream in(file_text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    out += nlohmann::json{{"custom_id", "line-" + std::to_string(n)}, {"message", line}}.dump();
    out += '\n';
  }
  return {out, "application/x-ndjson"};
}

bool is_done(const nlohmann::json& batch) {
  const std::string s = batch.value("status", "");
  return s == "completed" || s == "cancelled";
}

// Long-polls the batch until it is done, drawing progress on stderr; the batch as it ended.
ApiReply wait_for(ApiClient& api, const std::string& id) {
  ProgressBar bar(std::cerr, ::isatty(STDERR_FILENO) == 1);
  for (;;) {
    ApiReply r = api.get("/api/v1/batches/" + id + "?wait=5");
    if (!r.ok()) {
      bar.finish();
      return r;
    }
    const auto& c = r.json["request_counts"];
    const std::int64_t done =
        c.value("succeeded", 0) + c.value("failed", 0) + c.value("cancelled", 0);
    bar.update(done, c.value("total", 0), c.value("failed", 0));
    if (is_done(r.json)) {
      bar.finish();
      return r;
    }
  }
}

int write_results(ApiClient& api, const std::string& id, const std::string& out_path) {
  ApiReply r = api.get("/api/v1/batches/" + id + "/results");
  if (!r.ok()) {
    std::cerr << "genx3d batch: results: " << r.error << "\n";
    return 1;
  }
  if (out_path.empty() || out_path == "-") {
    std::cout << r.body;
    return 0;
  }
  std::ofstream out(out_path, std::ios::binary);
  out << r.body;
  if (!out) {
    std::cerr << "genx3d batch: cannot write " << out_path << "\n";
    return 1;
  }
  std::cerr << "results written to " << out_path << "\n";
  return 0;
}

void print_summary(const nlohmann::json& batch) {
  const auto& c = batch["request_counts"];
  std::cerr << batch.value("id", "") << ": " << batch.value("status", "") << "  total "
            << c.value("total", 0) << "  succeeded " << c.value("succeeded", 0) << "  failed "
            << c.value("failed", 0) << "  cancelled " << c.value("cancelled", 0) << "\n";
}

int submit(ApiClient& api, const po::variables_map& vm) {
  const std::string path = vm["id-or-file"].as<std::string>();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "genx3d batch submit: cannot read " << path << "\n";
    return 2;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Body body = request_body(text);
  worker::http::Headers headers;
  if (vm.count("idempotency-key")) {
    headers.emplace_back("Idempotency-Key", vm["idempotency-key"].as<std::string>());
  }
  ApiReply r = api.post("/api/v1/chat/batch", std::move(body.text), body.content_type, headers);
  if (!r.ok()) {
    std::cerr << "genx3d batch submit: " << r.error << "\n";
    return 1;
  }
  const std::string id = r.json.value("id", "");
  std::cout << id << std::endl;
  std::cerr << "submitted " << id << ": " << r.json["request_counts"].value("total", 0)
            << " requests\n";
  const bool want_out = vm.count("out") > 0;
  if (!vm.count("wait") && !want_out) return 0;
  ApiReply end = wait_for(api, id);
  if (!end.ok()) {
    std::cerr << "genx3d batch submit: " << end.error << "\n";
    return 1;
  }
  print_summary(end.json);
  return want_out ? write_results(api, id, vm["out"].as<std::string>()) : 0;
}

int status(ApiClient& api, const std::string& id, bool wait) {
  ApiReply r = wait ? wait_for(api, id) : api.get("/api/v1/batches/" + id);
  if (!r.ok()) {
    std::cerr << "genx3d batch status: " << r.error << "\n";
    return 1;
  }
  std::cout << r.json.dump(2) << "\n";
  return 0;
}

int cancel(ApiClient& api, const std::string& id) {
  ApiReply r = api.post("/api/v1/batches/" + id + "/cancel", "", "application/json");
  if (!r.ok()) {
    std::cerr << "genx3d batch cancel: " << r.error << "\n";
    return 1;
  }
  print_summary(r.json);
  return 0;
}

}  // namespace

int run_batch(int argc, const char* const* argv) {
  po::options_description desc = client_options();
  desc.add_options()("action", po::value<std::string>(), "submit, status, results or cancel")(
      "id-or-file", po::value<std::string>(), "FILE for submit, a batch id otherwise")(
      "wait", "wait until the batch is done, showing progress")(
      "out", po::value<std::string>(), "write the results (JSON Lines) to this file")(
      "idempotency-key", po::value<std::string>(),
      "submit: a retried submit with the same key "
      "returns the first batch");
  po::positional_options_description positional;
  positional.add("action", 1).add("id-or-file", 1);
  po::variables_map vm;
  try {
    vm = parse(argc, argv, desc, &positional);
  } catch (const po::error& e) {
    std::cerr << "genx3d batch: " << e.what() << "\n\n" << kBatchUsage;
    return 2;
  }
  if (vm.count("help") || !vm.count("action") || !vm.count("id-or-file")) {
    std::cout << kBatchUsage << desc;
    return vm.count("help") ? 0 : 2;
  }
  auto target = client_target(vm, "batch");
  if (!target) return 2;
  ApiClient api(target->url, target->api_key);
  const std::string action = vm["action"].as<std::string>();
  const std::string arg = vm["id-or-file"].as<std::string>();
  if (action == "submit") return submit(api, vm);
  if (action == "status") return status(api, arg, vm.count("wait") > 0);
  if (action == "results")
    return write_results(api, arg, vm.count("out") ? vm["out"].as<std::string>() : "");
  if (action == "cancel") return cancel(api, arg);
  std::cerr << "genx3d batch: unknown action '" << action << "'\n\n" << kBatchUsage;
  return 2;
}

}  // namespace genx3d::cli
