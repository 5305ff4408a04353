// The jurisdiction tree: any depth, ancestor and subtree lookups, clear errors.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

using namespace fengqiao;

TEST(Jurisdiction, AncestorsRunFromParentToRoot) {
    fixtures::SmallCounty k;
    const auto up = k.tree.ancestors(k.grid_a1);
    ASSERT_EQ(up.size(), 3u);
    EXPECT_EQ(up[0], k.village_a1);
    EXPECT_EQ(up[1], k.town_a);
    EXPECT_EQ(up[2], k.county);
    EXPECT_TRUE(k.tree.ancestors(k.county).empty());
}

TEST(Jurisdiction, WithinIsAncestorOrSelf) {
    fixtures::SmallCounty k;
    EXPECT_TRUE(k.tree.within(k.grid_a1, k.county));
    EXPECT_TRUE(k.tree.within(k.village_a1, k.village_a1));
    EXPECT_FALSE(k.tree.within(k.village_b1, k.town_a));
    EXPECT_FALSE(k.tree.within(k.town_a, k.village_a1));
    EXPECT_FALSE(k.tree.within(JurisdictionId{999}, k.county));
}

TEST(Jurisdiction, SubtreeListsParentsBeforeChildren) {
    fixtures::SmallCounty k;
    const auto sub = k.tree.subtree(k.town_a);
    ASSERT_EQ(sub.size(), 4u);
    EXPECT_EQ(sub[0], k.town_a);
    EXPECT_EQ(sub[1], k.village_a1);
    EXPECT_EQ(sub[2], k.grid_a1);
    EXPECT_EQ(sub[3], k.village_a2);
    EXPECT_EQ(k.tree.subtree(k.county).size(), k.tree.size());
}

TEST(Jurisdiction, TiersGroupKindsForStatistics) {
    fixtures::SmallCounty k;
    EXPECT_EQ(k.tree.tier(k.grid_a1), Tier::village);
    EXPECT_EQ(k.tree.tier(k.village_a1), Tier::village);
    EXPECT_EQ(k.tree.tier(k.town_a), Tier::township);
    EXPECT_EQ(k.tree.tier(k.county), Tier::county);
    EXPECT_EQ(tier_of(JurisdictionKind::development_zone), Tier::township);
    EXPECT_EQ(k.tree.nearest_of_tier(k.grid_a1, Tier::township), k.town_a);
    EXPECT_FALSE(k.tree.nearest_of_tier(k.county, Tier::province).valid());
}

TEST(Jurisdiction, PathShowsUtf8NamesFromTheRoot) {
    fixtures::SmallCounty k;
    EXPECT_EQ(k.tree.path(k.grid_a1), "测试县 / 甲镇 / 甲一村 / 甲一村网格1");
    EXPECT_EQ(k.tree.find_code("C-B-1"), k.village_b1);
    EXPECT_FALSE(k.tree.find_code("nope").valid());
}

TEST(Jurisdiction, ProvinceDeepTreeWorksTheSame) {
    JurisdictionTree t;
    auto node = t.add({}, JurisdictionKind::province, "14", "山西省");
    const JurisdictionKind kinds[] = {JurisdictionKind::city, JurisdictionKind::county, JurisdictionKind::town,
                                      JurisdictionKind::village, JurisdictionKind::grid};
    for (auto kind : kinds) node = t.add(node, kind, "n" + std::to_string(t.size()), "x");
    EXPECT_EQ(t.at(node).depth, 5);
    EXPECT_EQ(t.ancestors(node).size(), 5u);
    EXPECT_TRUE(t.within(node, t.root()));
}

TEST(Jurisdiction, BadAdditionsAreRefusedWithTheReason) {
    JurisdictionTree t;
    const auto root = t.add({}, JurisdictionKind::county, "X", "某县");
    try {
        t.add(root, JurisdictionKind::town, "X", "重复");
        FAIL() << "duplicate code accepted";
    } catch (const Exception& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("code 'X' is already used by '某县'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(t.add(JurisdictionId{42}, JurisdictionKind::town, "Y", "y"), Exception);
    EXPECT_THROW(t.add({}, JurisdictionKind::county, "Z", "second root"), Exception);
    EXPECT_THROW(t.add(root, JurisdictionKind::town, "", "no code"), Exception);
    EXPECT_THROW((void)t.at(JurisdictionId{7}), Exception);
    EXPECT_EQ(t.size(), 1u);
}

// Names and codes appear in journal records (policies' reasons, refusals): they must be UTF-8.
TEST(Jurisdiction, NamesAndCodesThatAreNotUtf8AreRefusedByTreeAndRoster) {
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "c", "县");
    try {
        (void)tree.add(county, JurisdictionKind::town, "c.t", "\xcf\xe7");  // 乡 in GBK
        FAIL() << "a GBK name was taken";
    } catch (const Exception& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("whose name is not UTF-8 (byte 0)"), std::string::npos) << e.what();
    }
    EXPECT_EQ(tree.size(), 1u);
    Roster roster;
    EXPECT_THROW((void)roster.add("\xb5\xf7\xbd\xe2\xd4\xb1", Role::peoples_mediator, county), Exception);
    EXPECT_EQ(roster.size(), 0u);
}

// A kind or a role cast from an integrator's own codes must be one the library knows: the policies
// index tables by them.
TEST(Jurisdiction, KindsAndRolesOutsideTheirEnumerationsAreRefusedByTreeAndRoster) {
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "c", "县");
    try {
        (void)tree.add(county, static_cast<JurisdictionKind>(200), "c.x", "某地");
        FAIL() << "kind 200 was taken";
    } catch (const Exception& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("kind value 200 is not a jurisdiction kind (expected one of: "),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(tree.size(), 1u);
    Roster roster;
    try {
        (void)roster.add("新人", static_cast<Role>(16), county);
        FAIL() << "role 16 was taken";
    } catch (const Exception& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        EXPECT_NE(std::string(e.what()).find("cannot register actor '新人': role value 16 is not a role"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_EQ(roster.size(), 0u);
}
