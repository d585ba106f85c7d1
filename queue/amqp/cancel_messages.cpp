#include "queue/amqp/cancel_messages.hpp"

#include <nlohmann/json.hpp>

namespace genx3d::amqp {

std::string encode_cancel(const CancelNotice& notice) {
  nlohmann::json j = nlohmann::json::object();
  if (notice.job_id) j["job_id"] = *notice.job_id;
  if (notice.batch_id) j["batch_id"] = *notice.batch_id;
  return j.dump();
}

boost::system::result<CancelNotice, std::string> decode_cancel(std::string_view body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) return {boost::system::in_place_error, "cancel notice is not a JSON object"};
  CancelNotice n;
  if (auto it = j.find("job_id"); it != j.end() && it->is_string())
    n.job_id = it->get<std::string>();
  if (auto it = j.find("batch_id"); it != j.end() && it->is_string()) {
    n.batch_id = it->get<std::string>();
  }
  if (!n.job_id && !n.batch_id)
    return {boost::system::in_place_error, "cancel notice names no job or batch"};
  return n;
}

}  // namespace genx3d::amqp
