// amqp:// and amqps:// broker URLs, as RabbitMQ documents them:
// amqp[s]://user:password@host:port/vhost (vhost percent-encoded; "/" is the default vhost).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/system/result.hpp>

namespace genx3d::amqp {

struct BrokerUrl {
  bool tls = false;
  std::string host = "localhost";
  std::uint16_t port = 5672;  // 5671 for amqps
  std::string user = "guest";
  std::string password = "guest";
  std::string vhost = "/";

  // The URL without its password, for logs.
  std::string redacted() const;
};

// Parses a broker URL; the error says what is wrong with it.
boost::system::result<BrokerUrl, std::string> parse_broker_url(std::string_view url);

}  // namespace genx3d::amqp
