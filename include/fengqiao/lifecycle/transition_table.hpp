/// @file transition_table.hpp
/// @brief A plain-data view of the lifecycle machine's transition table, read from the Boost.MSM table
/// itself, for diagrams, documentation, error messages and tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/state.hpp"

namespace fengqiao {

/// One row of the transition table.
struct TransitionRow {
    bool initial = false;            ///< true for the row that creates a case (no source state)
    State from = State::reported;    ///< source state (meaningless when initial)
    CommandKind command = CommandKind::report;  ///< the command or engine event
    State to = State::reported;      ///< target state (equals @ref from for an internal transition)
    bool internal = false;           ///< the state does not change (no exit or entry)
    std::string_view guard;          ///< the guard's name, empty when unguarded
};

/// Every row of the machine, in table order. Computed once from the Boost.MSM table.
[[nodiscard]] const std::vector<TransitionRow>& transition_table();

/// True if a case in @p state takes @p command (ignoring guards).
[[nodiscard]] bool takes(State state, CommandKind command) noexcept;

/// The commands @p state takes, as "accept, reject, refer" (for error messages).
[[nodiscard]] std::string commands_taken(State state);

}  // namespace fengqiao
