#include "loadgen/chat_job.hpp"

#include <boost/beast/http/verb.hpp>
#include <boost/json.hpp>
#include <nlohmann/json.hpp>

namespace genx3d::bench {
namespace asio = boost::asio;
namespace bj = boost::json;
using boost::beast::http::verb;

namespace {

// A top-level string field of a JSON object body, or "" when it has none. Boost.JSON, not
// nlohmann: this generator shares the cores with the server it measures, and reading every
// response into nlohmann's DOM was a visible part of its CPU per job.
std::string string_field(std::string_view body, std::string_view key) {
  boost::system::error_code ec;
  unsigned char buffer[8192];  // a Job Object fits: parsing allocates nothing
  bj::monotonic_resource arena(buffer, sizeof buffer);
  const bj::value v = bj::parse(body, ec, &arena);
  const bj::object* o = ec ? nullptr : v.if_object();
  const bj::value* field = o ? o->if_contains(key) : nullptr;
  return field && field->is_string() ? std::string(field->get_string()) : std::string();
}

std::string describe(const HttpResult& r) {
  if (r.ec) return "io: " + r.ec.message();
  return "http " + std::to_string(r.status);
}

bool is_final(const std::string& status) {
  return status == "succeeded" || status == "failed" || status == "cancelled";
}

}  // namespace

std::string chat_body(const ChatSpec& spec) {
  // Every job of a run sends the same body: it is built once per thread and spec.
  thread_local std::string message, model, body;
  if (body.empty() || spec.message != message || spec.model != model) {
    nlohmann::json j = {{"message", spec.message}, {"async", true}};
    if (!spec.model.empty()) j["model"] = spec.model;
    message = spec.message;
    model = spec.model;
    body = j.dump();
  }
  return body;
}

std::string job_status(const std::string& body) { return string_field(body, "status"); }

asio::awaitable<JobOutcome> submit_job(HttpConn& conn, const ChatSpec& spec) {
  JobOutcome out;
  auto r =
      co_await conn.request(verb::post, "/api/v1/chat", chat_body(spec), std::chrono::seconds(30));
  if (r.ec || r.status != 202) {
    out.failure = describe(r);
    co_return out;
  }
  out.id = string_field(r.body, "id");
  if (out.id.empty()) out.failure = "202 without a job id";
  co_return out;
}

asio::awaitable<JobOutcome> collect_job(HttpConn& conn, std::string id, int wait_s) {
  JobOutcome out;
  out.id = id;
  const std::string target = "/api/v1/jobs/" + id + "?wait=" + std::to_string(wait_s);
  for (;;) {
    auto r = co_await conn.request(verb::get, target, {}, std::chrono::seconds(wait_s + 15));
    if (r.ec || r.status != 200) {
      out.failure = describe(r);
      co_return out;
    }
    std::string status = job_status(r.body);
    if (!is_final(status)) continue;  // the wait ran out first: poll again
    out.ok = status == "succeeded";
    if (!out.ok) out.failure = "status " + status;
    co_return out;
  }
}

asio::awaitable<JobOutcome> run_job(HttpConn& conn, const ChatSpec& spec) {
  JobOutcome submitted = co_await submit_job(conn, spec);
  if (submitted.id.empty()) co_return submitted;
  co_return co_await collect_job(conn, submitted.id, spec.wait_s);
}

}  // namespace genx3d::bench
