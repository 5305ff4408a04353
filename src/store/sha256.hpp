// SHA-256 (FIPS 180-4), used for the journal's per-case hash chain. Kept inside the library so the
// journal needs no cryptography package beyond SQLite.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace fengqiao::store {

/// A SHA-256 digest.
using Sha256Digest = std::array<std::uint8_t, 32>;

/// Incremental SHA-256.
class Sha256 {
public:
    Sha256() noexcept { reset(); }
    void reset() noexcept;
    void update(const void* data, std::size_t size) noexcept;
    [[nodiscard]] Sha256Digest finish() noexcept;
    /// SHA-256 of @p a followed by @p b in one go: for short messages (a journal record's chain hash)
    /// it pads in place and compresses every block in one call.
    [[nodiscard]] static Sha256Digest of(const void* a, std::size_t a_size, const void* b, std::size_t b_size) noexcept;

private:
    void compress(const std::uint8_t* block, std::size_t blocks) noexcept;
    // The state as the digest's bytes (big-endian words).
    [[nodiscard]] Sha256Digest digest() const noexcept;

    std::array<std::uint32_t, 8> state_{};
    std::array<std::uint8_t, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t length_ = 0;
};

}  // namespace fengqiao::store
