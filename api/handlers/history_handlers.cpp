// GET and DELETE /api/v1/chat/history.
#include "api/api_app.hpp"
#include "api/handlers/query_params.hpp"
#include "api/json_body.hpp"
#include "common/clock.hpp"

namespace genx3d::api {
namespace asio = boost::asio;

namespace {

nlohmann::json message_json(const MessageRecord& m) {
  nlohmann::json j = {{"id", m.id},
                      {"role", m.role},
                      {"content", m.content},
                      {"timestamp", format_rfc3339(m.created_at_ms)}};
  if (m.code) j["code"] = *m.code;
  return j;
}

boost::system::result<std::string, ApiError> session_param(const HttpRequest& request) {
  auto session = request.query_param("session_id");
  if (!session || session->empty()) return missing_field("session_id");
  return *session;
}

}  // namespace

void add_history_routes(Router& router, ApiServices& services) {
  // GET /api/v1/chat/history?session_id=session_789&limit=50&offset=0
  // -> 200 {"messages": [{"id", "role", "content", "code"?, "timestamp"}…], "total", "has_more"}
  router.add("GET", "/api/v1/chat/history", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto session = session_param(ctx.request);
               if (!session) co_return to_response(session.error());
               auto paging = parse_paging(ctx.request, 200);
               if (!paging) co_return to_response(paging.error());
               struct Page {
                 bool found = false;
                 std::vector<MessageRecord> messages;
                 std::int64_t total = 0;
               };
               auto page = co_await services.store.run([&](Store& s) {
                 Page p;
                 auto owned = s.session_owned_by(*session, ctx.caller.id);
                 if (!owned || !*owned) return p;
                 p.found = true;
                 p.total = s.count_messages(*session);
                 p.messages = s.list_messages(*session, paging->limit, paging->offset);
                 return p;
               });
               if (!page) co_return to_response(internal_error("could not read the history"));
               if (!page->found) {
                 co_return to_response(not_found("Session '" + *session + "' not found"));
               }
               nlohmann::json messages = nlohmann::json::array();
               for (const auto& m : page->messages) messages.push_back(message_json(m));
               const bool has_more =
                   paging->offset + static_cast<std::int64_t>(page->messages.size()) < page->total;
               nlohmann::json body = {
                   {"messages", std::move(messages)}, {"total", page->total}, {"has_more", has_more}};
               co_return json_response(200, dump_json(body));
             });

  // DELETE /api/v1/chat/history?session_id=session_789
  // -> 200 {"success": true, "message": "Chat history cleared"}
  router.add("DELETE", "/api/v1/chat/history", Access::api_key,
             [&services](RequestContext& ctx) -> asio::awaitable<HttpResponse> {
               auto session = session_param(ctx.request);
               if (!session) co_return to_response(session.error());
               auto cleared = co_await services.store.run([&](Store& s) {
                 auto owned = s.session_owned_by(*session, ctx.caller.id);
                 if (!owned || !*owned) return false;
                 s.clear_messages(*session);
                 return true;
               });
               if (!cleared) co_return to_response(internal_error("could not clear the history"));
               if (!*cleared) {
                 co_return to_response(not_found("Session '" + *session + "' not found"));
               }
               co_return json_response(
                   200, R"({"success":true,"message":"Chat history cleared"})");
             });
}

}  // namespace genx3d::api
