// genx3d chat "Create a cube" [--model M] [--session S]: one chat through a running API; prints
// the answer and its code on stdout, the session to continue it on stderr.
#include "cli/api_client.hpp"
#include "cli/client_options.hpp"
#include "cli/commands.hpp"

#include <iostream>

namespace genx3d::cli {
namespace {

constexpr const char* kChatUsage =
    R"(Usage: genx3d chat "MESSAGE" [--model M] [--session S] [--url URL] [--api-key KEY]
  Sends MESSAGE to the API and prints the answer, then its code. Continue the conversation with
  --session and the session id printed on stderr.
)";

// A sync chat answers 202 when it outlives the server's sync bound: follow the job then.
ApiReply follow_job(ApiClient& api, ApiReply reply) {
  while (reply.status == 202 || (reply.ok() && reply.json.value("object", "") == "chat.job")) {
    const std::string status = reply.json.value("status", "");
    if (status == "succeeded") {
      ApiReply done = reply;
      done.status = 200;
      done.json = reply.json["result"];
      return done;
    }
    if (status == "failed" || status == "cancelled") {
      ApiReply failed = reply;
      failed.status = 500;
      failed.error = status == "failed" && reply.json["error"].is_object()
                         ? reply.json["error"].value("message", "failed")
                         : "the job was " + status;
      return failed;
    }
    reply = api.get("/api/v1/jobs/" + reply.json.value("id", "") + "?wait=30");
    if (!reply.ok()) return reply;
  }
  return reply;
}

}  // namespace

int run_chat(int argc, const char* const* argv) {
  po::options_description desc = client_options();
  desc.add_options()("message", po::value<std::string>(), "what to make")(
      "model", po::value<std::string>(), "AI model (default: the server's)")(
      "session", po::value<std::string>(), "continue this session");
  po::positional_options_description positional;
  positional.add("message", 1);
  po::variables_map vm;
  try {
    vm = parse(argc, argv, desc, &positional);
  } catch (const po::error& e) {
    std::cerr << "genx3d chat: " << e.what() << "\n\n" << kChatUsage;
    return 2;
  }
  if (vm.count("help") || !vm.count("message")) {
    std::cout << kChatUsage << desc;
    return vm.count("help") ? 0 : 2;
  }
  auto target = client_target(vm, "chat");
  if (!target) return 2;
  nlohmann::json body = {{"message", vm["message"].as<std::string>()}};
  if (vm.count("model")) body["model"] = vm["model"].as<std::string>();
  if (vm.count("session")) body["session_id"] = vm["session"].as<std::string>();

  ApiClient api(target->url, target->api_key);
  ApiReply reply = follow_job(api, api.post("/api/v1/chat", body.dump(), "application/json"));
  if (!reply.ok()) {
    std::cerr << "genx3d chat: " << reply.error << "\n";
    return 1;
  }
  const nlohmann::json& r = reply.json;
  std::cout << r.value("message", "") << "\n";
  if (r.contains("code") && r["code"].is_string()) {
    std::cout << "\n" << r["code"].get<std::string>() << "\n";
  }
  std::cerr << "session: " << r.value("session_id", "") << "  model: " << r.value("model_used", "")
            << "  tokens: " << r.value("tokens_used", 0) << "\n";
  return 0;
}

}  // namespace genx3d::cli
