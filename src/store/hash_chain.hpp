// The journal's hash chains and digest, shared by every store that computes them, so a digest
// printed by a simulation is the one `fengqiao verify` finds in the file it wrote.
#pragma once

#include <cstdint>
#include <string_view>

#include "fengqiao/store/sqlite_journal.hpp"
#include "sha256.hpp"

namespace fengqiao::store {

/// A case's chain so far: its latest record and that record's hash.
struct ChainHead {
    std::uint64_t seq = 0;  ///< sequence of the case's latest record (0: none yet)
    Digest hash{};          ///< its chained hash (zeros: none yet)
};

/// SHA-256(previous hash of the same case || the record's encoded body).
inline Digest chain_hash(const Digest& previous, std::string_view body) noexcept {
    return Sha256::of(previous.data(), previous.size(), body.data(), body.size());
}

/// The journal's digest: SHA-256 of every record's hash, concatenated in sequence order (32 zero bytes
/// for an empty journal). Kept as a running hash state, so each record costs half a compression.
class JournalDigest {
public:
    /// Adds the next record's hash.
    void add(const Digest& hash) noexcept {
        state_.update(hash.data(), hash.size());
        ++records_;
    }
    /// The digest of the records added so far.
    [[nodiscard]] Digest value() const noexcept {
        if (records_ == 0) return Digest{};
        Sha256 copy = state_;
        return copy.finish();
    }

private:
    Sha256 state_;
    std::uint64_t records_ = 0;
};

}  // namespace fengqiao::store
