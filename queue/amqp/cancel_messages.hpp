// Cancel notices, published by the API with the routing key "cancel" to every worker's private
// queue (non-persistent: a worker that is not connected has no jobs of its own to skip).
//   {"job_id": "chat_…"}   or   {"batch_id": "batch_…"}
#pragma once

#include "common/job_queue.hpp"

#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace genx3d::amqp {

std::string encode_cancel(const CancelNotice& notice);
boost::system::result<CancelNotice, std::string> decode_cancel(std::string_view body);

}  // namespace genx3d::amqp
