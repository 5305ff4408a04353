/// @file listener.hpp
/// @brief Observers of what the engine does: transitions, escalations, deadlines, red risk, refusals.
#pragma once

#include "fengqiao/core/time.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/store/journal.hpp"

namespace fengqiao {

/// Receives notifications after the engine has stored what happened. Override what you need.
///
/// Calls arrive in journal order, after the journal commit, on the thread that issued the command or
/// advanced the clock. The case passed is its state after everything that command set off. A listener
/// may issue commands itself: every listener hears of them after hearing of the records it is being
/// told of, so the order stays the journal's. An exception thrown by a listener does not keep the other
/// listeners from being told: once all have heard of everything the call stored, the first exception
/// propagates to the caller; the change is already stored.
class Listener {
public:
    virtual ~Listener() = default;
    /// Every applied record (including internal transitions such as a session).
    virtual void on_transition(const Case& c, const JournalRecord& record) { (void)c, (void)record; }
    /// A case moved to another jurisdiction (record.jurisdiction_before → record.jurisdiction_after).
    virtual void on_escalation(const Case& c, const JournalRecord& record) { (void)c, (void)record; }
    /// A deadline is near: @p due is when it expires.
    virtual void on_deadline_warning(const Case& c, TimePoint due) { (void)c, (void)due; }
    /// A deadline passed; @p record is the engine's Expire record.
    virtual void on_deadline_expired(const Case& c, const JournalRecord& record) { (void)c, (void)record; }
    /// The risk grade rose to red: the police-notification hook.
    virtual void on_red_risk(const Case& c, const JournalRecord& record) { (void)c, (void)record; }
    /// Authorization refused a command; @p record is the refused-attempt record.
    virtual void on_refused(const JournalRecord& record) { (void)record; }
};

}  // namespace fengqiao
