// The CLI's client of a running genx3d API (genx3d chat, genx3d batch): one blocking call per
// request over the Beast client in worker/http/, with the Bearer key set once.
//
// Thread safety: none; one command uses it from its main thread.
#pragma once

#include "worker/http/http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>

namespace genx3d::cli {

struct ApiReply {
  int status = 0;  // 0: no HTTP answer at all (see error)
  std::string body;
  std::string error;    // a transport failure, or the API's error message
  nlohmann::json json;  // the body parsed, when it is JSON

  bool ok() const { return status >= 200 && status < 300; }
};

class ApiClient {
 public:
  ApiClient(std::string base_url, std::string api_key);

  ApiReply get(const std::string& path);
  ApiReply post(const std::string& path, std::string body, std::string content_type,
                worker::http::Headers extra = {});

 private:
  ApiReply send(worker::http::HttpRequest request);

  std::string base_url_;
  std::string api_key_;
  boost::asio::io_context ioc_;
  std::shared_ptr<worker::http::HttpClient> http_;
};

}  // namespace genx3d::cli
