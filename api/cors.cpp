#include "api/cors.hpp"

namespace genx3d::api {

bool CorsPolicy::allowed(std::string_view origin) const {
  for (const auto& o : allowed_) {
    if (o == "*" || o == origin) return true;
  }
  return false;
}

bool CorsPolicy::is_preflight(const HttpRequest& request) const {
  return request.method == "OPTIONS" && request.header("origin") &&
         request.header("access-control-request-method");
}

HttpResponse CorsPolicy::preflight(const HttpRequest& request) const {
  HttpResponse r;
  r.status = 204;
  r.content_type.clear();
  decorate(request, r);
  auto origin = request.header("origin");
  if (origin && allowed(*origin)) {
    r.with_header("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE, OPTIONS")
        .with_header("Access-Control-Allow-Headers",
                     "Authorization, Content-Type, Prefer, Idempotency-Key")
        .with_header("Access-Control-Max-Age", "600");
  }
  return r;
}

void CorsPolicy::decorate(const HttpRequest& request, HttpResponse& response) const {
  auto origin = request.header("origin");
  if (!origin || !allowed(*origin)) return;
  response.with_header("Access-Control-Allow-Origin", std::string(*origin))
      .with_header("Access-Control-Expose-Headers", "Location, Retry-After")
      .with_header("Vary", "Origin");
}

}  // namespace genx3d::api
