/// @file party.hpp
/// @brief The people and organisations on each side of a dispute.
#pragma once

#include <cstdint>
#include <string>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// Which side of a dispute a party is on.
enum class Side : std::uint8_t {
    applicant,   ///< brought the dispute (申请人)
    respondent,  ///< the other side (被申请人)
    third,       ///< an interested third party (第三人)
};

/// Names of Side values.
template <>
struct EnumNames<Side> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "side";
    /// Canonical names.
    static constexpr std::array<std::string_view, 3> names{"applicant", "respondent", "third"};
    /// Display labels.
    static constexpr std::array<std::string_view, 3> labels{"申请人", "被申请人", "第三人"};
};

/// A party to a dispute.
struct Party {
    std::string name;                 ///< UTF-8 name of the person or organisation
    Side side = Side::applicant;      ///< which side
    bool organisation = false;        ///< true for a company, cooperative or other body

    /// Equality.
    friend bool operator==(const Party& a, const Party& b) {
        return a.name == b.name && a.side == b.side && a.organisation == b.organisation;
    }
    /// Inequality.
    friend bool operator!=(const Party& a, const Party& b) { return !(a == b); }
};

}  // namespace fengqiao
