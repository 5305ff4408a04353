// The Fengqiao authorization matrix: role × jurisdiction scope × command, on the Xiangyuan roster.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/xiangyuan.hpp"

using namespace fengqiao;
using fixtures::person;
using fixtures::place;

namespace {
const County& k() { return fixtures::xiangyuan(); }

bool may(const std::string& actor, CommandKind command, const std::string& where) {
    static const RoleScopeAuthorization policy(k().settings.authorization);
    Case c;
    c.jurisdiction = place(k(), where);
    return policy.authorize(k().roster[person(k(), actor)], command, &c, c.jurisdiction, k().jurisdictions).allowed;
}
}  // namespace

TEST(FengqiaoAuthorization, TheAllowDenyMatrix) {
    using K = CommandKind;
    const std::string dongzhou = "xiangyuan.houbao.dongzhou";
    const std::string xihedi = "xiangyuan.guhan.xihedi";
    const struct {
        const char* actor;
        K command;
        std::string where;
        bool allowed;
    } rows[] = {
        {"xiangyuan.houbao.dongzhou.grid", K::report, dongzhou, true},
        {"xiangyuan.houbao.dongzhou.grid", K::raise_risk, dongzhou, true},
        {"xiangyuan.houbao.dongzhou.grid", K::accept, dongzhou, false},          // role
        {"xiangyuan.houbao.dongzhou.mediation", K::accept, dongzhou, true},
        {"xiangyuan.houbao.dongzhou.mediation", K::reach_agreement, dongzhou, true},
        {"xiangyuan.houbao.dongzhou.mediation", K::accept, xihedi, false},       // another village
        {"xiangyuan.houbao.dongzhou.mediation", K::accept, "xiangyuan.houbao", false},  // above its scope
        {"xiangyuan.houbao.dongzhou.mediation", K::confirmation_granted, dongzhou, false},  // courts decide
        {"xiangyuan.houbao.judicial", K::assign, dongzhou, true},                // town over its village
        {"xiangyuan.houbao.judicial", K::assign, xihedi, false},                 // another town's village
        {"xiangyuan.houbao.tribunal", K::confirmation_granted, "xiangyuan.houbao", true},
        {"xiangyuan.houbao.police", K::accept, "xiangyuan.houbao", false},
        {"xiangyuan.houbao.police", K::raise_risk, dongzhou, true},
        {"xiangyuan.centre", K::close, xihedi, true},                            // the centre reaches everything
        {"xiangyuan.centre", K::confirmation_denied, dongzhou, true},
        {"xiangyuan.arbitration", K::reach_agreement, "xiangyuan", true},
        {"xiangyuan.arbitration", K::escalate, "xiangyuan", false},
        {"xiangyuan.auditor", K::hold_session, dongzhou, false},                 // reads everything, changes nothing
        {"xiangyuan.auditor", K::report, "xiangyuan", false},
    };
    for (const auto& r : rows) {
        EXPECT_EQ(may(r.actor, r.command, r.where), r.allowed)
            << r.actor << " " << to_string(r.command) << " at " << r.where;
    }
}

TEST(FengqiaoAuthorization, ARefusalNamesTheRoleAndWhatItMayDo) {
    const RoleScopeAuthorization policy(k().settings.authorization);
    const Actor& grid = k().roster[person(k(), "xiangyuan.houbao.dongzhou.grid")];
    Case c;
    c.jurisdiction = grid.jurisdiction;
    const auto d = policy.authorize(grid, CommandKind::accept, &c, c.jurisdiction, k().jurisdictions);
    EXPECT_FALSE(d.allowed);
    EXPECT_EQ(d.reason, "a grid_worker may issue: report, raise-risk");
    const Actor& auditor = k().roster[person(k(), "xiangyuan.auditor")];
    EXPECT_EQ(policy.authorize(auditor, CommandKind::accept, &c, c.jurisdiction, k().jurisdictions).reason,
              "an auditor may issue: nothing");
}

TEST(FengqiaoAuthorization, AReportOutsideTheReportersScopeNamesThePlaceNotACase) {
    Engine e = k().engine();
    Report r;
    r.jurisdiction = place(k(), "xiangyuan.guhan.xihedi");
    const auto refused = e.report(person(k(), "xiangyuan.houbao.dongzhou.mediation"), r);
    ASSERT_FALSE(refused.ok());
    const std::string& m = refused.error().message;
    EXPECT_NE(m.find("may not 'report' a dispute at '西河底村': '西河底村' is outside"), std::string::npos) << m;
    EXPECT_EQ(m.find("the case is at"), std::string::npos) << m;
}

TEST(FengqiaoAuthorization, RefusedCommandsAreRecordedAndNotApplied) {
    Engine e = k().engine();
    const auto mediator = person(k(), "xiangyuan.houbao.dongzhou.mediation");
    Report r;
    r.jurisdiction = place(k(), "xiangyuan.houbao.dongzhou");
    const CaseId id = e.report(mediator, r).value().case_id;
    const auto refused = e.submit(id, person(k(), "xiangyuan.guhan.xihedi.mediation"), Accept{});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::not_authorized);
    EXPECT_NE(refused.error().message.find("西河底村人民调解委员会"), std::string::npos) << refused.error().message;
    EXPECT_NE(refused.error().message.find("'accept' case " + std::to_string(id.value())), std::string::npos)
        << refused.error().message;
    EXPECT_EQ(e.at(id).state, State::reported);
    EXPECT_EQ(e.history(id).back().kind, RecordKind::refused);
}

TEST(FengqiaoAuthorization, APermissionTableRefusesValuesOutsideItsEnumerations) {
    RolePermissions p = RolePermissions::defaults();
    EXPECT_THROW(p.allow(static_cast<Role>(99), CommandKind::report), Exception);
    EXPECT_THROW(p.allow(Role::grid_worker, static_cast<CommandKind>(40)), Exception);
    EXPECT_THROW(p.clear(static_cast<Role>(99)), Exception);
    EXPECT_FALSE(p.allows(static_cast<Role>(99), CommandKind::report));
    EXPECT_FALSE(p.allows(Role::county_centre_staff, static_cast<CommandKind>(40)));
    EXPECT_TRUE(p.allows(Role::county_centre_staff, CommandKind::report));
    // An engine refuses such an actor, so no authorization policy ever meets one.
    Engine e = k().engine();
    Actor a;
    a.name = "新人";
    a.role = static_cast<Role>(16);
    a.jurisdiction = place(k(), "xiangyuan.guhan");
    EXPECT_THROW((void)e.add_actor(a), Exception);
    EXPECT_EQ(e.roster().size(), k().roster.size());
    // A case from another engine names a policy-set version this one never had.
    Case other;
    other.policy_version = 7;
    EXPECT_THROW((void)e.policy_version(other), Exception);
}
