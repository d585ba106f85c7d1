// Internal to worker/http: idle keep-alive connections, per (scheme, host, port[, proxy]).
// Reusing them saves a TCP and TLS handshake per call (hundreds of ms to a distant provider).
#pragma once

#include "worker/http/connection.hpp"

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace genx3d::worker::http {

// Thread safety: take() and put() may be called from any thread (one mutex).
class ConnectionPool {
 public:
  ConnectionPool(std::size_t max_idle_per_key, std::chrono::seconds idle_timeout)
      : max_idle_(max_idle_per_key), idle_timeout_(idle_timeout) {}

  // The most recently used idle connection for `key` that is not too old, or null.
  std::unique_ptr<Connection> take(const std::string& key);
  // Keeps `connection` for reuse, unless `key` already holds the bound (then it closes).
  void put(const std::string& key, std::unique_ptr<Connection> connection);
  std::size_t idle() const;

 private:
  std::size_t max_idle_;
  std::chrono::seconds idle_timeout_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::vector<std::unique_ptr<Connection>>> idle_;
};

}  // namespace genx3d::worker::http
