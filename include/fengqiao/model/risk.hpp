/// @file risk.hpp
/// @brief The four-colour risk grade used to flag disputes that may turn into violence or mass incidents.
#pragma once

#include <cstdint>

#include "fengqiao/core/enum_names.hpp"

namespace fengqiao {

/// Risk grade, lowest to highest. Red acts at once (immediate escalation and police notification).
enum class RiskGrade : std::uint8_t {
    blue,    ///< 蓝: ordinary
    yellow,  ///< 黄: watch
    orange,  ///< 橙: serious
    red,     ///< 红: imminent danger
};

/// Names of RiskGrade values.
template <>
struct EnumNames<RiskGrade> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "risk grade";
    /// Canonical names.
    static constexpr std::array<std::string_view, 4> names{"blue", "yellow", "orange", "red"};
    /// Display labels.
    static constexpr std::array<std::string_view, 4> labels{"蓝", "黄", "橙", "红"};
};

}  // namespace fengqiao
