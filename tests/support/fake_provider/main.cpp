// fake_provider: a standalone model provider for integration tests and benchmarks. It speaks the
// OpenAI chat completions and Anthropic messages protocols over HTTP and HTTPS, records what it
// receives (GET /_requests, POST /_reset) and misbehaves on request (see fault_plan.hpp).
//
//   fake_provider [--host H] [--port P] [--tls-port P --cert FILE --key FILE] [--threads N]
//                 [--latency-ms MS] [--require-key KEY] [--record-limit N]
// Port 0 picks a free port; the ports in use are printed on stdout as "http_port=N" and
// "https_port=N", then "ready".
#include "fake_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct Args {
  std::string host = "127.0.0.1";
  int port = 0;
  int tls_port = -1;  // -1: no HTTPS listener
  std::string cert, key;
  int threads = 2;
  int latency_ms = 0;
  std::string require_key;
  std::size_t record_limit = 10000;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << "fake_provider: " << problem << "\nusage: fake_provider [--host H] [--port P] "
            << "[--tls-port P --cert FILE --key FILE] [--threads N] [--latency-ms MS] "
            << "[--require-key KEY] [--record-limit N]\n";
  std::exit(2);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) usage("missing value for " + flag);
    std::string value = argv[++i];
    try {
      if (flag == "--host")
        a.host = value;
      else if (flag == "--port")
        a.port = std::stoi(value);
      else if (flag == "--tls-port")
        a.tls_port = std::stoi(value);
      else if (flag == "--cert")
        a.cert = value;
      else if (flag == "--key")
        a.key = value;
      else if (flag == "--threads")
        a.threads = std::max(1, std::stoi(value));
      else if (flag == "--latency-ms")
        a.latency_ms = std::stoi(value);
      else if (flag == "--require-key")
        a.require_key = value;
      else if (flag == "--record-limit")
        a.record_limit = std::stoul(value);
      else
        usage("unknown flag " + flag);
    } catch (const std::logic_error&) {
      usage("bad value for " + flag);
    }
  }
  if (a.tls_port >= 0 && (a.cert.empty() || a.key.empty())) usage("--tls-port needs --cert, --key");
  return a;
}

tcp::acceptor open_acceptor(asio::io_context& ioc, const std::string& host, int port) {
  tcp::endpoint ep(asio::ip::make_address(host), static_cast<unsigned short>(port));
  tcp::acceptor acceptor(ioc);
  acceptor.open(ep.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(ep);
  acceptor.listen(asio::socket_base::max_listen_connections);
  return acceptor;
}

}  // namespace

int main(int argc, char** argv) {
  Args args = parse_args(argc, argv);
  fake_provider::State state;
  state.latency_ms = args.latency_ms;
  state.require_key = args.require_key;
  state.record_limit = args.record_limit;

  asio::io_context ioc(args.threads);
  try {
    tcp::acceptor plain = open_acceptor(ioc, args.host, args.port);
    std::cout << "http_port=" << plain.local_endpoint().port() << std::endl;
    asio::co_spawn(ioc, fake_provider::listen(plain, nullptr, state), asio::detached);

    std::optional<asio::ssl::context> tls;
    std::optional<tcp::acceptor> secure;
    if (args.tls_port >= 0) {
      tls.emplace(asio::ssl::context::tls_server);
      tls->use_certificate_chain_file(args.cert);
      tls->use_private_key_file(args.key, asio::ssl::context::pem);
      secure.emplace(open_acceptor(ioc, args.host, args.tls_port));
      std::cout << "https_port=" << secure->local_endpoint().port() << std::endl;
      asio::co_spawn(ioc, fake_provider::listen(*secure, &*tls, state), asio::detached);
    }
    std::cout << "ready" << std::endl;

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { ioc.stop(); });
    std::vector<std::thread> threads;
    for (int i = 1; i < args.threads; ++i) threads.emplace_back([&ioc] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();
  } catch (const std::exception& e) {
    std::cerr << "fake_provider: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
