#include "common/ids.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <stdexcept>

namespace genx3d {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    throw std::runtime_error("OpenSSL RAND_bytes failed");
  }
}

template <std::size_t N>
std::array<unsigned char, N> random_bytes() {
  std::array<unsigned char, N> out{};
  fill_random(out.data(), N);
  return out;
}

// Bytes for ids, drawn from the same CSPRNG 4 KiB at a time per thread: one RAND_bytes call
// per id (three per chat job) took about 1% of the server's CPU in OpenSSL's locking.
// A fork()ed child would repeat its parent's pool; genx3d forks only to exec (the sandbox).
template <std::size_t N>
std::array<unsigned char, N> pooled_random_bytes() {
  constexpr std::size_t kPool = 4096;
  thread_local std::array<unsigned char, kPool> pool;
  thread_local std::size_t used = kPool;
  if (used + N > kPool) {
    fill_random(pool.data(), kPool);
    used = 0;
  }
  std::array<unsigned char, N> out{};
  std::copy_n(pool.begin() + static_cast<std::ptrdiff_t>(used), N, out.begin());
  // Each byte is handed out once: wipe it, so a later reader of this memory learns nothing.
  std::fill_n(pool.begin() + static_cast<std::ptrdiff_t>(used), N, 0);
  used += N;
  return out;
}

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

std::string new_id(std::string_view prefix) {
  constexpr int kTimeDigits = 11;    // 44 bits of milliseconds: good until the year 2527
  constexpr int kRandomDigits = 13;  // 52 bits
  const auto ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  auto bytes = pooled_random_bytes<(kRandomDigits + 1) / 2>();
  // Sized once and written in place: a push_back per digit was most of an id's cost, and a
  // chat job makes four ids.
  std::string id(prefix.size() + 1 + kTimeDigits + kRandomDigits, '_');
  prefix.copy(id.data(), prefix.size());
  char* out = id.data() + prefix.size() + 1;
  for (int i = kTimeDigits - 1; i >= 0; --i) *out++ = kHex[(ms >> (4 * i)) & 0xf];
  for (int i = 0; i < kRandomDigits; ++i) {
    const unsigned char b = bytes[i / 2];
    *out++ = kHex[i % 2 == 0 ? b >> 4 : b & 0xf];
  }
  return id;
}

std::string new_api_key() {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  std::string key = "gx3d_";
  while (key.size() < 45) {
    for (unsigned char b : random_bytes<32>()) {
      // Rejection sampling keeps every character equally likely (248 = 4 * 62).
      if (b < 248 && key.size() < 45) key.push_back(kAlphabet[b % 62]);
    }
  }
  return key;
}

std::string sha256_hex(std::string_view data) {
  // Fetched once: with EVP_sha256() OpenSSL 3 looks the implementation up on every call, which
  // was most of the cost of hashing an API key (every request hashes one).
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (sha256 == nullptr) throw std::runtime_error("OpenSSL has no SHA256");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, sha256, nullptr) != 1) {
    throw std::runtime_error("OpenSSL EVP_Digest failed");
  }
  std::string out(std::size_t{len} * 2, '\0');
  for (unsigned int i = 0; i < len; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0xf];
  }
  return out;
}

}  // namespace genx3d
