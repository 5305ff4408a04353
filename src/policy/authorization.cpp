#include "fengqiao/policy/authorization.hpp"

#include <string>
#include <string_view>

#include "fengqiao/core/error.hpp"

namespace fengqiao {

namespace {
void check_role(Role role, const char* doing) {
    if (!is_enumerated(role)) {
        throw Exception(ErrorCode::invalid_argument, std::string("cannot ") + doing + ": role value " +
                                                         std::to_string(static_cast<int>(role)) + " is not " +
                                                         enum_expected<Role>());
    }
}
}  // namespace

void RolePermissions::allow(Role role, CommandKind command) {
    check_role(role, "allow a command");
    if (!is_enumerated(command)) {
        throw Exception(ErrorCode::invalid_argument,
                        "cannot allow command value " + std::to_string(static_cast<int>(command)) +
                            ": it is not " + enum_expected<CommandKind>());
    }
    mask_[static_cast<std::size_t>(role)] |= 1u << static_cast<unsigned>(command);
}

void RolePermissions::clear(Role role) {
    check_role(role, "clear a role's commands");
    mask_[static_cast<std::size_t>(role)] = 0;
}

bool RolePermissions::allows(Role role, CommandKind command) const noexcept {
    // A value outside its enumeration is allowed nothing (a roster refuses such roles).
    if (!is_enumerated(role) || !is_enumerated(command)) return false;
    return (mask_[static_cast<std::size_t>(role)] >> static_cast<unsigned>(command) & 1u) != 0;
}

std::string RolePermissions::describe(Role role) const {
    std::string out;
    for (auto k : enum_values<CommandKind>()) {
        if (!allows(role, k)) continue;
        if (!out.empty()) out += ", ";
        out += to_string(k);
    }
    return out.empty() ? "nothing" : out;
}

RolePermissions RolePermissions::defaults() {
    using K = CommandKind;
    RolePermissions p;
    const auto grant = [&p](Role r, std::initializer_list<K> ks) {
        for (K k : ks) p.allow(r, k);
    };
    // Mediation itself, shared by everyone who mediates.
    const std::initializer_list<K> mediation{K::report,   K::accept,          K::reject,       K::assign,
                                             K::hold_session, K::reach_agreement, K::fail,     K::escalate,
                                             K::refer,    K::apply_confirmation, K::start_follow_up,
                                             K::record_fulfilment, K::withdraw, K::raise_risk};
    grant(Role::grid_worker, {K::report, K::raise_risk});
    for (Role r : {Role::peoples_mediator, Role::township_cadre, Role::judicial_office, Role::petition_office}) {
        grant(r, mediation);
    }
    grant(Role::judicial_office, {K::close});
    grant(Role::petition_office, {K::close});
    // Police mediate with the joint team and flag danger; they do not accept or route cases.
    grant(Role::police_station, {K::report, K::hold_session, K::reach_agreement, K::fail, K::raise_risk});
    // The court tribunal mediates with the joint team and decides judicial confirmation.
    grant(Role::court_tribunal, {K::hold_session, K::reach_agreement, K::fail, K::confirmation_granted,
                                 K::confirmation_denied, K::raise_risk, K::refer, K::close});
    grant(Role::arbitrator, {K::accept, K::hold_session, K::reach_agreement, K::fail, K::refer, K::close,
                             K::raise_risk});
    for (K k : enum_values<CommandKind>()) {
        if (!engine_only(k)) p.allow(Role::county_centre_staff, k);
    }
    return p;  // auditors: nothing
}

AuthorizationDecision RoleScopeAuthorization::authorize(const Actor& actor, CommandKind command, const Case* subject,
                                                        JurisdictionId where, const JurisdictionTree& tree) const {
    if (!permissions_.allows(actor.role, command)) {
        return AuthorizationDecision::deny(with_article(to_string(actor.role)) + " may issue: " +
                                           permissions_.describe(actor.role));
    }
    if (!tree.within(where, actor.jurisdiction)) {
        // A report has no case yet: it is the place that lies outside.
        return AuthorizationDecision::deny((subject != nullptr ? "the case is at '" : "'") + tree.at(where).name +
                                           (subject != nullptr ? "', outside '" : "' is outside '") + actor.name +
                                           "''s jurisdiction '" + tree.at(actor.jurisdiction).name + "'");
    }
    return AuthorizationDecision::allow();
}

}  // namespace fengqiao
