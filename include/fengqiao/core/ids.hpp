/// @file ids.hpp
/// @brief Typed identifiers for cases, jurisdictions and actors.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>

namespace fengqiao {

/// A typed 32-bit identifier. Value 0 means "none"; valid ids start at 1 and index dense storage.
///
/// Distinct tags make a CaseId unusable where a JurisdictionId is expected, which catches argument-order
/// mistakes at compile time.
template <class Tag>
class Id {
public:
    /// The underlying integer type.
    using rep_type = std::uint32_t;

    /// The "none" id.
    constexpr Id() noexcept = default;
    /// Wraps a raw value (0 is "none").
    constexpr explicit Id(rep_type value) noexcept : value_(value) {}

    /// The raw value, as stored in journals and shown to users.
    [[nodiscard]] constexpr rep_type value() const noexcept { return value_; }
    /// True unless this is the "none" id.
    [[nodiscard]] constexpr bool valid() const noexcept { return value_ != 0; }
    /// The dense index (value - 1) of a valid id.
    [[nodiscard]] constexpr std::size_t index() const noexcept { return value_ - 1; }
    /// The id at dense index @p i.
    [[nodiscard]] static constexpr Id from_index(std::size_t i) noexcept {
        return Id(static_cast<rep_type>(i + 1));
    }

    /// Equality.
    friend constexpr bool operator==(Id a, Id b) noexcept { return a.value_ == b.value_; }
    /// Inequality.
    friend constexpr bool operator!=(Id a, Id b) noexcept { return a.value_ != b.value_; }
    /// Ordering by raw value.
    friend constexpr bool operator<(Id a, Id b) noexcept { return a.value_ < b.value_; }

private:
    rep_type value_ = 0;
};

/// Tag of CaseId.
struct CaseTag {};
/// Tag of JurisdictionId.
struct JurisdictionTag {};
/// Tag of ActorId.
struct ActorTag {};

/// Identifies a case inside one engine (dense, in order of report).
using CaseId = Id<CaseTag>;
/// Identifies a node of the jurisdiction tree.
using JurisdictionId = Id<JurisdictionTag>;
/// Identifies an actor (a person or body that issues commands).
using ActorId = Id<ActorTag>;

/// The actor the engine itself acts as: timers, automatic escalation after red risk.
inline constexpr ActorId system_actor{std::numeric_limits<std::uint32_t>::max()};

}  // namespace fengqiao

namespace std {
/// Hashing of typed ids, so they can key unordered containers.
template <class Tag>
struct hash<fengqiao::Id<Tag>> {
    /// Hashes the raw value.
    std::size_t operator()(fengqiao::Id<Tag> id) const noexcept { return std::hash<std::uint32_t>{}(id.value()); }
};
}  // namespace std
