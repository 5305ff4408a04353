/// @file machine.hpp
/// @brief The compiled lifecycle machine as the engine sees it: "where does this command take a case
/// in this state?". The Boost.MSM definition behind it is in machine_impl.hpp and is compiled once,
/// in the library, so no user translation unit pays for Boost.MSM.
#pragma once

#include <memory>

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/state.hpp"

namespace fengqiao {

/// What the escalation policy decided, as the machine's escalation guards read it.
enum class EscalationAnswer : std::uint8_t {
    stay,      ///< neither escalation row fires
    escalate,  ///< the row to Accepted (at an ancestor) fires
    refer,     ///< the row to Referred fires
};

/// The result of offering a command to the machine.
struct Dispatch {
    bool taken = false;     ///< a row fired
    bool guarded = false;   ///< rows exist for this state and command but every guard said no
    State to = State::reported;  ///< the state after (meaningful when taken)
};

/// One Boost.MSM state machine used as an interpreter: it is set to a case's state, offered one
/// command, and read back. One instance per engine (the engine is single-writer).
class LifecycleMachine {
public:
    /// Builds and starts the machine.
    LifecycleMachine();
    /// Destroys the machine.
    ~LifecycleMachine();
    /// Moves the machine.
    LifecycleMachine(LifecycleMachine&&) noexcept;
    /// Moves the machine.
    LifecycleMachine& operator=(LifecycleMachine&&) noexcept;
    LifecycleMachine(const LifecycleMachine&) = delete;             ///< not copyable
    LifecycleMachine& operator=(const LifecycleMachine&) = delete;  ///< not copyable

    /// Offers @p command to a case in state @p from (ignored for a Report, which starts a case).
    /// @p escalation answers the guards of the escalation rows.
    [[nodiscard]] Dispatch dispatch(State from, const Command& command, EscalationAnswer escalation);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fengqiao
