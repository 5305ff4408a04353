/// @file machine_impl.hpp
/// @brief The Boost.MSM definition of the case lifecycle: the transition table below is the
/// specification (DESIGN section 3).
///
/// Include only from C++17 translation units: GCC 12 rejects Boost.MSM 1.74 under C++20. The library
/// compiles it once (src/lifecycle/machine.cpp); integrators normally use LifecycleMachine instead.
#pragma once

#ifndef BOOST_ALLOW_DEPRECATED_HEADERS
#define BOOST_ALLOW_DEPRECATED_HEADERS  // Boost 1.74 MSM pulls in deprecated Boost headers
#endif
#ifndef BOOST_BIND_GLOBAL_PLACEHOLDERS
#define BOOST_BIND_GLOBAL_PLACEHOLDERS  // ... and boost/bind.hpp's global placeholders
#endif

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wpedantic"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#endif
#include <boost/mpl/vector/vector50.hpp>
#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/machine.hpp"
#include "fengqiao/lifecycle/state.hpp"

namespace fengqiao::msm_lifecycle {

namespace msm = boost::msm;
namespace mpl = boost::mpl;
using msm::front::none;
using msm::front::Row;

/// A machine state that knows which State it stands for (New stands for "not yet reported").
template <State S>
struct LifecycleState : msm::front::state<> {
    /// The State this MSM state represents.
    static constexpr State value = S;
};

struct New : msm::front::state<> {};                           ///< before the report
struct Reported : LifecycleState<State::reported> {};          ///< 已登记
struct Accepted : LifecycleState<State::accepted> {};          ///< 已受理
struct Mediating : LifecycleState<State::mediating> {};        ///< 调解中
struct Agreed : LifecycleState<State::agreed> {};              ///< 达成协议
struct Confirming : LifecycleState<State::confirming> {};      ///< 司法确认中
struct FollowUp : LifecycleState<State::follow_up> {};         ///< 回访履行
struct Failed : LifecycleState<State::failed> {};              ///< 调解不成
struct Referred : LifecycleState<State::referred> {};          ///< 已移交
struct Rejected : LifecycleState<State::rejected> {};          ///< 不予受理
struct Closed : LifecycleState<State::closed> {};              ///< 已结案
struct Withdrawn : LifecycleState<State::withdrawn> {};        ///< 已撤回

/// Guard: the escalation policy chose an ancestor jurisdiction.
struct EscalationFindsAncestor {
    /// Reads the answer the engine resolved before dispatch.
    template <class Event, class Fsm, class Source, class Target>
    bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
        return fsm.escalation == EscalationAnswer::escalate;
    }
    /// Name shown in diagrams.
    static constexpr const char* name = "escalation finds an ancestor";
};

/// Guard: the escalation policy refers the case out (nowhere left to escalate to).
struct EscalationRefersOut {
    /// Reads the answer the engine resolved before dispatch.
    template <class Event, class Fsm, class Source, class Target>
    bool operator()(const Event&, Fsm& fsm, Source&, Target&) const {
        return fsm.escalation == EscalationAnswer::refer;
    }
    /// Name shown in diagrams.
    static constexpr const char* name = "escalation refers out";
};

/// Guard: the follow-up found the agreement fulfilled.
struct Fulfilled {
    /// Reads the command's payload.
    template <class Fsm, class Source, class Target>
    bool operator()(const RecordFulfilment& e, Fsm&, Source&, Target&) const {
        return e.fulfilled;
    }
    /// Name shown in diagrams.
    static constexpr const char* name = "fulfilled";
};

/// Guard: the follow-up found the agreement not fulfilled.
struct NotFulfilled {
    /// Reads the command's payload.
    template <class Fsm, class Source, class Target>
    bool operator()(const RecordFulfilment& e, Fsm&, Source&, Target&) const {
        return !e.fulfilled;
    }
    /// Name shown in diagrams.
    static constexpr const char* name = "not fulfilled";
};

/// The front-end: states, the transition table, and what to do when no row fires.
struct LifecycleDef : msm::front::state_machine_def<LifecycleDef> {
    /// Events are processed one at a time by one caller: no queue, no exception wrapping.
    using no_message_queue = int;
    /// Exceptions from guards propagate unchanged (the engine has not changed anything yet).
    using no_exception_thrown = int;

    /// Every case starts before its report.
    using initial_state = New;

    /// Set by LifecycleMachine before each dispatch; read by the escalation guards.
    EscalationAnswer escalation = EscalationAnswer::stay;
    /// Set when a command matched no row.
    bool unhandled = false;

    // clang-format off
    /// The lifecycle (DESIGN section 3). "Any open state" rows are spelled out per state so the
    /// table stays the whole specification.
    struct transition_table : mpl::vector46<
        //   source      command               target      action guard
        Row< New,        Report,               Reported,   none,  none >,
        Row< Reported,   Accept,               Accepted,   none,  none >,
        Row< Reported,   Reject,               Rejected,   none,  none >,
        Row< Reported,   Refer,                Referred,   none,  none >,
        Row< Accepted,   Assign,               Mediating,  none,  none >,
        Row< Mediating,  HoldSession,          none,       none,  none >,
        Row< Mediating,  ReachAgreement,       Agreed,     none,  none >,
        Row< Mediating,  Fail,                 Failed,     none,  none >,
        Row< Mediating,  Expire,               Failed,     none,  none >,
        Row< Failed,     Escalate,             Accepted,   none,  EscalationFindsAncestor >,
        Row< Failed,     Escalate,             Referred,   none,  EscalationRefersOut >,
        Row< Failed,     Refer,                Referred,   none,  none >,
        Row< Agreed,     ApplyConfirmation,    Confirming, none,  none >,
        Row< Agreed,     StartFollowUp,        FollowUp,   none,  none >,
        Row< Confirming, ConfirmationGranted,  FollowUp,   none,  none >,
        Row< Confirming, ConfirmationDenied,   Mediating,  none,  none >,
        Row< FollowUp,   RecordFulfilment,     Closed,     none,  Fulfilled >,
        Row< FollowUp,   RecordFulfilment,     Mediating,  none,  NotFulfilled >,
        Row< Referred,   Close,                Closed,     none,  none >,
        // any open state: the applicant withdraws
        Row< Reported,   Withdraw,             Withdrawn,  none,  none >,
        Row< Accepted,   Withdraw,             Withdrawn,  none,  none >,
        Row< Mediating,  Withdraw,             Withdrawn,  none,  none >,
        Row< Agreed,     Withdraw,             Withdrawn,  none,  none >,
        Row< Confirming, Withdraw,             Withdrawn,  none,  none >,
        Row< FollowUp,   Withdraw,             Withdrawn,  none,  none >,
        Row< Failed,     Withdraw,             Withdrawn,  none,  none >,
        Row< Referred,   Withdraw,             Withdrawn,  none,  none >,
        // any open state: the risk grade changes (internal)
        Row< Reported,   RaiseRisk,            none,       none,  none >,
        Row< Accepted,   RaiseRisk,            none,       none,  none >,
        Row< Mediating,  RaiseRisk,            none,       none,  none >,
        Row< Agreed,     RaiseRisk,            none,       none,  none >,
        Row< Confirming, RaiseRisk,            none,       none,  none >,
        Row< FollowUp,   RaiseRisk,            none,       none,  none >,
        Row< Failed,     RaiseRisk,            none,       none,  none >,
        Row< Referred,   RaiseRisk,            none,       none,  none >,
        // any other open state: a deadline expires and the case is marked overdue (internal)
        Row< Reported,   Expire,               none,       none,  none >,
        Row< Accepted,   Expire,               none,       none,  none >,
        Row< Agreed,     Expire,               none,       none,  none >,
        Row< Confirming, Expire,               none,       none,  none >,
        Row< FollowUp,   Expire,               none,       none,  none >,
        Row< Failed,     Expire,               none,       none,  none >,
        Row< Referred,   Expire,               none,       none,  none >,
        // a rise in risk moves a case that is not yet settled up at once
        Row< Reported,   RiskEscalation,       Accepted,   none,  EscalationFindsAncestor >,
        Row< Accepted,   RiskEscalation,       Accepted,   none,  EscalationFindsAncestor >,
        Row< Mediating,  RiskEscalation,       Accepted,   none,  EscalationFindsAncestor >,
        Row< Failed,     RiskEscalation,       Accepted,   none,  EscalationFindsAncestor >
    > {};
    // clang-format on

    /// A command the current state does not take: remembered, never silently ignored.
    template <class Fsm, class Event>
    void no_transition(const Event&, Fsm&, int) {
        unhandled = true;
    }
};

/// The back-end.
using Machine = msm::back::state_machine<LifecycleDef>;

}  // namespace fengqiao::msm_lifecycle
