// The API as one request -> response function: CORS, routing, content type, authentication and
// rate limit, then the route's handler. No sockets here, so tests drive it directly.
#pragma once

#include <functional>

#include <boost/asio/awaitable.hpp>

#include "api/authenticator.hpp"
#include "api/batch_service.hpp"
#include "api/chat_service.hpp"
#include "api/cors.hpp"
#include "api/rate_limiter.hpp"
#include "api/router.hpp"
#include "api/solid_exporter.hpp"
#include "common/job_phases.hpp"

namespace genx3d::api {

// What handlers may use. Owned by main; outlives the server.
struct ApiServices {
  const Config& config;
  const ModelCatalog& catalog;
  StoreExecutor& store;
  ChatService& chat;
  JobWaiters& waiters;
  std::function<bool()> queue_healthy;  // for /readyz
  BatchService* batches = nullptr;      // the batch routes exist only when set
  SolidExporter* solids = nullptr;      // model downloads; absent, they answer 503
  const JobPhases* phases = nullptr;    // running jobs' phases, when the worker is in process
};

// Thread safety: handle() may run concurrently on many strands.
class ApiApp {
 public:
  explicit ApiApp(ApiServices services);
  boost::asio::awaitable<HttpResponse> handle(HttpRequest request);
  // Before the server starts: the code sandbox for downloads and the in-process phase board.
  void attach_sandbox(SolidExporter* solids, const JobPhases* phases) {
    services_.solids = solids;
    services_.phases = phases;
  }

 private:
  boost::asio::awaitable<HttpResponse> dispatch(const HttpRequest& request);

  ApiServices services_;
  Router router_;
  Authenticator auth_;
  RateLimiter limiter_;
  CorsPolicy cors_;
};

// Route registration, one function per resource (api/handlers/).
void add_chat_routes(Router& router, ApiServices& services);
void add_history_routes(Router& router, ApiServices& services);
void add_model_routes(Router& router, ApiServices& services);
void add_system_routes(Router& router, ApiServices& services);
void add_model_file_routes(Router& router, ApiServices& services);
// Batches and cancel; only when services.batches is set.
void add_batch_routes(Router& router, ApiServices& services);

}  // namespace genx3d::api
