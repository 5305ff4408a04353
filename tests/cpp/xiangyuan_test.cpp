// The shipped Xiangyuan county file.
#include <gtest/gtest.h>

#include <map>

#include <fengqiao/fengqiao.hpp>

#include "support/xiangyuan.hpp"

using namespace fengqiao;
using fixtures::person;
using fixtures::place;

TEST(Xiangyuan, HasNineTownsAZoneTwoHundredThirtyFourVillagesAndNineCommunities) {
    const County& k = fixtures::xiangyuan();
    std::map<JurisdictionKind, int> kinds;
    for (const auto& j : k.jurisdictions.nodes()) ++kinds[j.kind];
    EXPECT_EQ(kinds[JurisdictionKind::county], 1);
    EXPECT_EQ(kinds[JurisdictionKind::town], 9);
    EXPECT_EQ(kinds[JurisdictionKind::development_zone], 1);
    EXPECT_EQ(kinds[JurisdictionKind::village], 234);
    EXPECT_EQ(kinds[JurisdictionKind::community], 9);
    EXPECT_EQ(k.jurisdictions.at(k.jurisdictions.root()).population, 260'000u);
}

TEST(Xiangyuan, RealNamesArePresentInUtf8) {
    const County& k = fixtures::xiangyuan();
    std::vector<std::string> towns;
    for (auto id : k.jurisdictions.children(k.jurisdictions.root())) towns.push_back(k.jurisdictions[id].name);
    for (const char* town : {"古韩镇", "王桥镇", "侯堡镇", "夏店镇", "虒亭镇", "西营镇", "王村镇", "下良镇", "善福镇"}) {
        EXPECT_NE(std::find(towns.begin(), towns.end(), town), towns.end()) << town;
    }
    EXPECT_EQ(k.jurisdictions.path(place(k, "xiangyuan.houbao.dongzhou")), "襄垣县 / 侯堡镇 / 东周村");
    EXPECT_EQ(k.jurisdictions.path(place(k, "xiangyuan.guhan.xihedi")), "襄垣县 / 古韩镇 / 西河底村");
}

TEST(Xiangyuan, EveryVillageAndCommunityHasAMediationOfficeAndEveryTownTheThreeChiefs) {
    const County& k = fixtures::xiangyuan();
    for (const auto& j : k.jurisdictions.nodes()) {
        std::map<Role, int> roles;
        for (auto a : k.roster.at_jurisdiction(j.id)) ++roles[k.roster[a].role];
        if (tier_of(j.kind) == Tier::village) {
            EXPECT_GE(roles[Role::peoples_mediator], 1) << j.name;
        }
        if (tier_of(j.kind) == Tier::township) {
            EXPECT_EQ(roles[Role::judicial_office], 1) << j.name;
            EXPECT_EQ(roles[Role::police_station], 1) << j.name;
            EXPECT_EQ(roles[Role::court_tribunal], 1) << j.name;
        }
    }
    for (const char* dept : {"xiangyuan.centre", "xiangyuan.petition", "xiangyuan.arbitration"}) {
        EXPECT_EQ(k.roster[person(k, dept)].jurisdiction, k.jurisdictions.root()) << dept;
    }
}

TEST(Xiangyuan, ACaseRunsThroughTheFengqiaoPolicies) {
    const County& k = fixtures::xiangyuan();
    Engine e = k.engine();
    const auto grid = person(k, "xiangyuan.guhan.xihedi.grid");
    const auto mediator = person(k, "xiangyuan.guhan.xihedi.mediation");
    Report r;
    r.jurisdiction = place(k, "xiangyuan.guhan.xihedi");
    r.category = Category::labour_wages;
    r.parties = {{"张某", Side::applicant, false}, {"某公司", Side::respondent, true}};
    const CaseId id = e.report(grid, r).value().case_id;
    (void)e.submit(id, mediator, Accept{}).value();
    (void)e.submit(id, mediator, Assign{}).value();
    EXPECT_EQ(e.at(id).deadline, k.calendar.add_calendar_days(e.now(), 15));  // labour mediation: 15 days
    (void)e.submit(id, mediator, HoldSession{"公司未到场"}).value();
    const auto failed = e.submit(id, mediator, Fail{"公司拒绝调解"}).value();
    // Labour disputes skip the town: the engine moves the case to the arbitration office at once.
    EXPECT_EQ(failed.follow_ups, 1u);
    EXPECT_EQ(e.at(id).state, State::accepted);
    EXPECT_EQ(e.at(id).jurisdiction, k.jurisdictions.root());
    (void)e.submit(id, person(k, "xiangyuan.centre"), Assign{}).value();
    EXPECT_EQ(e.at(id).mediators[0], person(k, "xiangyuan.arbitration"));
    EXPECT_EQ(e.policy_version(e.at(id)), "fengqiao-xiangyuan-2025.1");
}
