/// @file outcome.hpp
/// @brief Where a case went when it left mediation, and how it ended.
#pragma once

#include <cstdint>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// A route out of the mediation system.
enum class ReferralRoute : std::uint8_t {
    none,            ///< not referred
    litigation,      ///< to court (诉讼)
    arbitration,     ///< to labour or commercial arbitration (仲裁)
    administrative,  ///< to an administrative body (行政处理)
    petition,        ///< to the letters-and-visits office (信访)
    police,          ///< to the police (公安)
};

/// Names of ReferralRoute values.
template <>
struct EnumNames<ReferralRoute> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "referral route";
    /// Canonical names.
    static constexpr std::array<std::string_view, 6> names{"none",           "litigation", "arbitration",
                                                            "administrative", "petition",   "police"};
    /// Display labels.
    static constexpr std::array<std::string_view, 6> labels{"无", "诉讼", "仲裁", "行政处理", "信访", "公安"};
};

/// How a case ended (open cases have Outcome::open).
enum class Outcome : std::uint8_t {
    open,               ///< not ended yet
    resolved,           ///< agreement reached and fulfilled (化解)
    rejected,           ///< not taken up (e.g. already before a court, a party refused mediation)
    withdrawn,          ///< the applicant withdrew
    decided_elsewhere,  ///< referred out and decided there (judgment, award, administrative decision)
    settled_elsewhere,  ///< referred out and settled there
    abandoned,          ///< referred out and not pursued
};

/// Names of Outcome values.
template <>
struct EnumNames<Outcome> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "outcome";
    /// Canonical names.
    static constexpr std::array<std::string_view, 7> names{
        "open", "resolved", "rejected", "withdrawn", "decided_elsewhere", "settled_elsewhere", "abandoned"};
    /// Display labels.
    static constexpr std::array<std::string_view, 7> labels{"在办", "化解", "不予受理", "撤回",
                                                             "移交后裁决", "移交后和解", "移交后终止"};
};

}  // namespace fengqiao
