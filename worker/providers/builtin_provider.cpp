#include "worker/providers/builtin_provider.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "worker/builtin/parametric_generator.hpp"

namespace genx3d::worker {
namespace asio = boost::asio;

std::int64_t estimate_tokens(std::size_t chars) {
  return static_cast<std::int64_t>((chars + 3) / 4);
}

asio::awaitable<CompletionResult> BuiltinProvider::complete(CompletionRequest request) {
  if (latency_.count() > 0) {
    asio::steady_timer timer(co_await asio::this_coro::executor, latency_);
    co_await timer.async_wait(asio::use_awaitable);
  }
  ParametricAnswer answer =
      generate_parametric_answer(request.user_message, request.history, request.context_code);
  std::size_t prompt_chars = request.user_message.size();
  for (const auto& turn : request.history) prompt_chars += turn.content.size();
  std::int64_t tokens = estimate_tokens(prompt_chars) + estimate_tokens(answer.text.size());
  co_return Completion{std::move(answer.text), "builtin/parametric", tokens};
}

}  // namespace genx3d::worker
