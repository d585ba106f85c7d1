// Validations of code already run, by its exact text: csg.js is deterministic, so the same code
// makes the same solid, and a model (or the built-in one) that answers the same request with the
// same code should not pay for the sandbox again. The dimension checks depend on the message, so
// they are not cached. Least recently used entries go first.
#pragma once

#include "common/validation.hpp"

#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace genx3d::worker {

// Thread safety: all members may be called from any thread.
class ValidationCache {
 public:
  explicit ValidationCache(std::size_t capacity) : capacity_(capacity) {}

  std::optional<Validation> find(const std::string& code);
  // Keeps `v` unless it may not repeat: code that reads the clock or random numbers, or a failure
  // of the sandbox rather than of the code (timeout, out of memory, crash).
  void store(const std::string& code, const Validation& v);

  std::uint64_t hits() const;
  std::uint64_t misses() const;

  static bool cacheable(const std::string& code, const Validation& v);

 private:
  using Order = std::list<std::string>;
  struct Entry {
    Validation validation;
    Order::iterator position;
  };

  std::size_t capacity_;
  mutable std::mutex mutex_;
  Order order_;  // most recent first; holds the keys
  std::unordered_map<std::string, Entry> entries_;
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
};

}  // namespace genx3d::worker
