#include "worker/sandbox/runner_protocol.hpp"

#include <nlohmann/json.hpp>

namespace genx3d::worker::sandbox {
namespace {

using nlohmann::json;

RunResult failure(std::string kind, std::string message) {
  RunResult r;
  r.error = CodeError{std::move(kind), std::move(message), std::nullopt, std::nullopt};
  return r;
}

std::optional<int> positive_int(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  auto v = it->get<std::int64_t>();
  if (v < 1 || v > 1'000'000'000) return std::nullopt;
  return static_cast<int>(v);
}

RunResult decode_error(const json& e) {
  if (!e.is_object()) return failure("sandbox_error", "the runner sent a malformed error");
  RunResult r;
  CodeError err;
  err.kind = e.value("kind", "runtime");
  err.message = e.value("message", "the code failed");
  err.line = positive_int(e, "line");
  err.column = positive_int(e, "column");
  r.error = std::move(err);
  return r;
}

// Flat [x, y, z, ...] and [i, j, k, ...] arrays into a mesh; nullopt if they do not fit together.
std::optional<Mesh> decode_mesh(const json& j) {
  const json& v = j.at("vertices");
  const json& t = j.at("triangles");
  if (!v.is_array() || !t.is_array() || v.size() % 3 != 0 || t.size() % 3 != 0) return {};
  Mesh mesh;
  mesh.polygons = j.value("polygons", std::int64_t{0});
  mesh.vertices.resize(v.size() / 3);
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!v[i].is_number()) return {};
    mesh.vertices[i / 3][i % 3] = v[i].get<double>();
  }
  mesh.triangles.resize(t.size() / 3);
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (!t[i].is_number_unsigned() || t[i].get<std::uint64_t>() >= mesh.vertices.size()) return {};
    mesh.triangles[i / 3][i % 3] = static_cast<std::uint32_t>(t[i].get<std::uint64_t>());
  }
  return mesh;
}

}  // namespace

std::string encode_request(std::uint64_t id, std::string_view code,
                           std::chrono::milliseconds timeout, std::size_t max_output_bytes) {
  json j = {{"id", id},
            {"code", code},
            {"timeout_ms", timeout.count()},
            {"max_output_bytes", max_output_bytes}};
  // Replacement keeps one bad byte in the code from failing the whole run.
  return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

bool is_ready_line(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  return j.is_object() && j.value("ready", false);
}

RunResult decode_response(std::string_view line, std::uint64_t expected_id) {
  json j = json::parse(line, nullptr, false);
  if (!j.is_object()) return failure("sandbox_error", "the runner sent a line that is not JSON");
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_unsigned() || id->get<std::uint64_t>() != expected_id) {
    return failure("sandbox_error", "the runner answered another request");
  }
  if (!j.value("ok", false)) return decode_error(j.value("error", json()));
  try {
    auto mesh = decode_mesh(j);
    if (!mesh) return failure("sandbox_error", "the runner sent an inconsistent mesh");
    RunResult r;
    r.mesh = std::move(*mesh);
    if (auto v = j.find("variable"); v != j.end() && v->is_string()) r.variable = *v;
    return r;
  } catch (const json::exception&) {
    return failure("sandbox_error", "the runner sent a response without a mesh");
  }
}

}  // namespace genx3d::worker::sandbox
