// The Fengqiao assignment policy: specialty and load, the township's joint team, stationed departments.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/xiangyuan.hpp"

using namespace fengqiao;
using fixtures::person;
using fixtures::place;

namespace {
const County& k() { return fixtures::xiangyuan(); }

Case accepted_at(const std::string& where, Category cat = Category::neighbour) {
    Case c;
    c.id = CaseId{1};
    c.state = State::accepted;
    c.category = cat;
    c.jurisdiction = place(k(), where);
    return c;
}

Result<Assignment> assign(const Case& c, const std::vector<std::uint32_t>& load = {}) {
    static const FengqiaoAssignment policy(k().settings.assignment);
    std::vector<std::uint32_t> counts = load;
    counts.resize(k().roster.size(), 0);
    return policy.assign(c, k().jurisdictions, k().roster, Workload(counts));
}
}  // namespace

TEST(FengqiaoAssignment, AVillageCaseGoesToTheVillageMediationCommittee) {
    const auto a = assign(accepted_at("xiangyuan.houbao.dongzhou")).value();
    ASSERT_EQ(a.team.size(), 1u);
    EXPECT_EQ(a.team[0], person(k(), "xiangyuan.houbao.dongzhou.mediation"));
}

TEST(FengqiaoAssignment, TheLeastLoadedSpecialistIsPicked) {
    // In the county seat town, two studios take neighbour disputes besides the township committee.
    std::vector<std::uint32_t> load(k().roster.size(), 5);
    load[person(k(), "xiangyuan.guhan.studio-2").index()] = 1;
    const auto a = assign(accepted_at("xiangyuan.guhan", Category::neighbour), load).value();
    EXPECT_EQ(a.team[0], person(k(), "xiangyuan.guhan.studio-2"));
    // Studio 2 does not take land disputes.
    const auto land = assign(accepted_at("xiangyuan.guhan", Category::land_homestead), load).value();
    EXPECT_NE(land.team[0], person(k(), "xiangyuan.guhan.studio-2"));
}

TEST(FengqiaoAssignment, SeriousTownshipCasesGetTheThreeChiefs) {
    for (auto make_serious : {+[](Case& c) { c.risk = RiskGrade::orange; },
                              +[](Case& c) { c.claimed_amount = 20'000'000; },
                              +[](Case& c) { c.parties = 12; }}) {
        Case c = accepted_at("xiangyuan.houbao", Category::labour_wages);
        make_serious(c);
        const auto a = assign(c).value();
        ASSERT_EQ(a.team.size(), 3u) << a.reason;
        EXPECT_EQ(a.team[0], person(k(), "xiangyuan.houbao.judicial"));
        EXPECT_EQ(a.team[1], person(k(), "xiangyuan.houbao.police"));
        EXPECT_EQ(a.team[2], person(k(), "xiangyuan.houbao.tribunal"));
        EXPECT_NE(a.reason.find("joint team"), std::string::npos);
    }
    EXPECT_EQ(assign(accepted_at("xiangyuan.houbao", Category::labour_wages)).value().team.size(), 1u);
}

TEST(FengqiaoAssignment, TheCountyPicksTheStationedDepartmentForTheCategory) {
    EXPECT_EQ(assign(accepted_at("xiangyuan", Category::labour_wages)).value().team[0],
              person(k(), "xiangyuan.arbitration"));
    EXPECT_EQ(assign(accepted_at("xiangyuan", Category::medical)).value().team[0], person(k(), "xiangyuan.medical"));
    EXPECT_EQ(assign(accepted_at("xiangyuan", Category::traffic_accident)).value().team[0],
              person(k(), "xiangyuan.traffic"));
    Case petition = accepted_at("xiangyuan", Category::other);
    petition.channel = Channel::petition;
    EXPECT_EQ(assign(petition).value().team[0], person(k(), "xiangyuan.petition"));
}

TEST(FengqiaoAssignment, NobodyWithCapacityIsAClearErrorNotACrash) {
    Roster roster;
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "c", "某县");
    const auto village = tree.add(county, JurisdictionKind::village, "v", "某村");
    Actor busy;
    busy.name = "忙碌的调解员";
    busy.role = Role::peoples_mediator;
    busy.jurisdiction = village;
    busy.capacity = 2;
    roster.add(busy);
    Case c;
    c.id = CaseId{9};
    c.jurisdiction = village;
    std::vector<std::uint32_t> load{2};
    const auto r = FengqiaoAssignment().assign(c, tree, roster, Workload(load));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::no_eligible_mediator);
    EXPECT_NE(r.error().message.find("某村"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("capacity"), std::string::npos) << r.error().message;
}

namespace {
// A policy that hands every case to one actor, whoever and wherever they are.
struct ToOneActor final : AssignmentPolicy {
    ActorId actor;
    explicit ToOneActor(ActorId a) : actor(a) {}
    Result<Assignment> assign(const Case&, const JurisdictionTree&, const Roster&, const Workload&) const override {
        Assignment a;
        a.team.add(actor);
        return a;
    }
};
}  // namespace

TEST(FengqiaoAssignment, APolicyThatPicksSomeoneWhoDoesNotMediateIsRefusedAndNothingChanges) {
    const County& k = fixtures::xiangyuan();
    const ActorId grid = person(k, "xiangyuan.houbao.dongzhou.grid");
    PolicySet p = k.policies();
    p.assignment = std::make_shared<ToOneActor>(grid);
    Engine e(k.jurisdictions, k.roster, p);
    Report r;
    r.jurisdiction = place(k, "xiangyuan.houbao.dongzhou");
    const CaseId id = e.report(grid, r).value().case_id;
    ASSERT_TRUE(e.submit(id, person(k, "xiangyuan.houbao.dongzhou.mediation"), Accept{}).ok());
    try {
        (void)e.submit(id, person(k, "xiangyuan.houbao.dongzhou.mediation"), Assign{});
        ADD_FAILURE() << "a grid worker was assigned to mediate";
    } catch (const Exception& ex) {
        EXPECT_NE(std::string(ex.what()).find("does not mediate"), std::string::npos) << ex.what();
    }
    EXPECT_EQ(e.at(id).state, State::accepted);
}

TEST(FengqiaoAssignment, APolicyThatPicksAMediatorOfAnotherPlaceIsRefusedAndNothingChanges) {
    // 古韩镇's committee may not mediate a case at 东周村: a team holding it could never hold a session.
    const County& k = fixtures::xiangyuan();
    PolicySet p = k.policies();
    p.assignment = std::make_shared<ToOneActor>(person(k, "xiangyuan.guhan.mediation"));
    Engine e(k.jurisdictions, k.roster, p);
    Report r;
    r.jurisdiction = place(k, "xiangyuan.houbao.dongzhou");
    const ActorId here = person(k, "xiangyuan.houbao.dongzhou.mediation");
    const CaseId id = e.report(here, r).value().case_id;
    ASSERT_TRUE(e.submit(id, here, Accept{}).ok());
    try {
        (void)e.submit(id, here, Assign{});
        ADD_FAILURE() << "a mediator of another town was assigned";
    } catch (const Exception& ex) {
        EXPECT_EQ(ex.code(), ErrorCode::invalid_argument);
        EXPECT_NE(std::string(ex.what()).find("may not mediate case 1"), std::string::npos) << ex.what();
    }
    EXPECT_EQ(e.at(id).state, State::accepted);
    EXPECT_TRUE(e.at(id).mediators.empty());
    EXPECT_EQ(e.journal().size(), 2u);
}
