#include "queue/amqp/broker_url.hpp"

#include <boost/url/parse.hpp>

namespace genx3d::amqp {

std::string BrokerUrl::redacted() const {
  return std::string(tls ? "amqps" : "amqp") + "://" + user + "@" + host + ":" +
         std::to_string(port) + (vhost == "/" ? "/" : "/" + vhost);
}

boost::system::result<BrokerUrl, std::string> parse_broker_url(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return std::string("not a URL: ") + parsed.error().message();
  const auto& u = *parsed;
  BrokerUrl url;
  if (u.scheme() == "amqps") {
    url.tls = true;
    url.port = 5671;
  } else if (u.scheme() != "amqp") {
    return std::string("the scheme must be amqp or amqps, not '") + std::string(u.scheme()) + "'";
  }
  if (!u.host().empty()) url.host = u.host_address();
  if (u.has_port()) {
    if (u.port_number() == 0) return std::string("the port must be 1-65535");
    url.port = u.port_number();
  }
  if (u.has_userinfo()) {
    url.user = u.user();
    url.password = u.password();
  }
  // The path holds the vhost: "" or "/" means the default "/", "/%2f" is "/" too.
  std::string path = u.path();
  if (path.size() > 1) {
    url.vhost = path.substr(1);
  }
  return url;
}

}  // namespace genx3d::amqp
