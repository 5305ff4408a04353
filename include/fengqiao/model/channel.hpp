/// @file channel.hpp
/// @brief How a dispute reached the system.
#pragma once

#include <cstdint>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// The intake channel of a case. Petitions carry their own statutory deadlines.
enum class Channel : std::uint8_t {
    grid_screening,   ///< found by a grid worker during routine screening (网格排查)
    walk_in,          ///< a resident came to a mediation office (来访)
    hotline,          ///< the 12345 citizen hotline (热线)
    petition,         ///< a letters-and-visits petition (信访)
    online,           ///< an online platform (网上)
    court_referral,   ///< entrusted by a court before filing (法院委派)
    police_referral,  ///< handed over by a police station (公安移交)
};

/// Names of Channel values.
template <>
struct EnumNames<Channel> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "channel";
    /// Canonical names.
    static constexpr std::array<std::string_view, 7> names{
        "grid_screening", "walk_in", "hotline", "petition", "online", "court_referral", "police_referral"};
    /// Display labels.
    static constexpr std::array<std::string_view, 7> labels{"网格排查", "来访", "热线", "信访",
                                                             "网上",     "法院委派", "公安移交"};
};

}  // namespace fengqiao
