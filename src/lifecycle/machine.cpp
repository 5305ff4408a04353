// The one translation unit that compiles the Boost.MSM lifecycle machine.
#include "fengqiao/lifecycle/machine_impl.hpp"

#include <array>
#include <string>
#include <type_traits>

#include <boost/mpl/for_each.hpp>

#include "fengqiao/lifecycle/transition_table.hpp"

namespace fengqiao::msm_lifecycle {

/// Tag that selects the dispatch_table specialisation below, whose only job is to set the back-end's
/// active state. MSM keeps that array private and befriends dispatch_table; setting it lets one
/// machine serve every case (the case's state is stored with the case, not in a machine per case).
struct StateRestore {};

}  // namespace fengqiao::msm_lifecycle

namespace boost::msm::back {
/// Writes the active state of a single-region machine.
template <class Fsm, class Stt, class Event>
struct dispatch_table<Fsm, Stt, Event, ::fengqiao::msm_lifecycle::StateRestore> {
    static void set(Fsm& fsm, int state_id) { fsm.m_states[0] = state_id; }
};
}  // namespace boost::msm::back

namespace fengqiao {
namespace {

using namespace msm_lifecycle;
using Stt = Machine::stt;
template <class S>
constexpr int msm_id = boost::msm::back::get_state_id<Stt, S>::value;
using Restore = boost::msm::back::dispatch_table<Machine, Stt, Report, StateRestore>;

template <class T, class V>
struct alternative_index;
template <class T, class... Ts>
struct alternative_index<T, std::variant<Ts...>> {
    static constexpr std::size_t value = [] {
        constexpr bool same[] = {std::is_same_v<T, Ts>...};
        for (std::size_t i = 0; i < sizeof...(Ts); ++i) {
            if (same[i]) return i;
        }
        return sizeof...(Ts);
    }();
};
template <class Event>
constexpr CommandKind kind_of_event = static_cast<CommandKind>(alternative_index<Event, Command>::value);

// MSM state id <-> State, both directions, computed from the table.
struct StateIds {
    std::array<int, state_count> to_msm{};
    std::array<State, 16> from_msm{};
    int new_id = 0;
    StateIds() {
        new_id = msm_id<New>;
        add<Reported>(); add<Accepted>(); add<Mediating>(); add<Agreed>(); add<Confirming>(); add<FollowUp>();
        add<Failed>(); add<Referred>(); add<Rejected>(); add<Closed>(); add<Withdrawn>();
    }
    template <class S>
    void add() {
        static_assert(msm_id<S> < 16, "more machine states than expected");
        to_msm[static_cast<std::size_t>(S::value)] = msm_id<S>;
        from_msm[static_cast<std::size_t>(msm_id<S>)] = S::value;
    }
};
const StateIds& ids() {
    static const StateIds table;
    return table;
}

template <class S>
constexpr bool is_new_v = std::is_same_v<S, New>;

template <class G>
constexpr std::string_view guard_name() {
    if constexpr (std::is_same_v<G, boost::msm::front::none>) {
        return {};
    } else {
        return G::name;
    }
}

struct CollectRows {
    std::vector<TransitionRow>* rows;
    template <class R>
    void operator()(boost::msm::wrap<R>) const {
        TransitionRow row;
        row.initial = is_new_v<typename R::Source>;
        if constexpr (!is_new_v<typename R::Source>) row.from = R::Source::value;
        row.command = kind_of_event<typename R::Evt>;
        using Tag = typename R::row_type_tag;
        constexpr bool internal_row =
            std::is_same_v<Tag, boost::msm::a_irow_tag> || std::is_same_v<Tag, boost::msm::g_irow_tag> ||
            std::is_same_v<Tag, boost::msm::irow_tag> || std::is_same_v<Tag, boost::msm::_irow_tag>;
        if constexpr (internal_row) {
            row.internal = true;
            row.to = row.from;
        } else {
            row.to = R::Target::value;
        }
        row.guard = guard_name<typename R::Guard>();
        rows->push_back(row);
    }
};

}  // namespace

struct LifecycleMachine::Impl {
    Machine machine;
};

LifecycleMachine::LifecycleMachine() : impl_(std::make_unique<Impl>()) { impl_->machine.start(); }
LifecycleMachine::~LifecycleMachine() = default;
LifecycleMachine::LifecycleMachine(LifecycleMachine&&) noexcept = default;
LifecycleMachine& LifecycleMachine::operator=(LifecycleMachine&&) noexcept = default;

Dispatch LifecycleMachine::dispatch(State from, const Command& command, EscalationAnswer escalation) {
    Machine& m = impl_->machine;
    const auto& table = ids();
    const bool starts_case = command.index() == 0;
    Restore::set(m, starts_case ? table.new_id : table.to_msm[static_cast<std::size_t>(from)]);
    m.escalation = escalation;
    m.unhandled = false;
    const auto handled = std::visit([&m](const auto& c) { return m.process_event(c); }, command);
    Dispatch out;
    out.taken = handled == boost::msm::back::HANDLED_TRUE;
    out.guarded = handled == boost::msm::back::HANDLED_GUARD_REJECT;
    out.to = table.from_msm[static_cast<std::size_t>(m.current_state()[0])];
    return out;
}

const std::vector<TransitionRow>& transition_table() {
    static const std::vector<TransitionRow> rows = [] {
        std::vector<TransitionRow> out;
        boost::mpl::for_each<LifecycleDef::transition_table, boost::msm::wrap<boost::mpl::placeholders::_1>>(
            CollectRows{&out});
        return out;
    }();
    return rows;
}

namespace {
// takes[state][command], from the table.
struct TakesMatrix {
    std::array<std::array<bool, command_kind_count>, state_count> cell{};
    TakesMatrix() {
        for (const auto& r : transition_table()) {
            if (!r.initial) cell[static_cast<std::size_t>(r.from)][static_cast<std::size_t>(r.command)] = true;
        }
    }
};
const TakesMatrix& takes_matrix() {
    static const TakesMatrix m;
    return m;
}
}  // namespace

bool takes(State state, CommandKind command) noexcept {
    const auto s = static_cast<std::size_t>(state);
    const auto c = static_cast<std::size_t>(command);
    return s < state_count && c < command_kind_count && takes_matrix().cell[s][c];
}

std::string commands_taken(State state) {
    std::string out;
    for (auto k : enum_values<CommandKind>()) {
        if (!takes(state, k) || engine_only(k)) continue;
        if (!out.empty()) out += ", ";
        out += to_string(k);
    }
    return out;
}

}  // namespace fengqiao
