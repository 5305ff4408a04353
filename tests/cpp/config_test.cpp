// County files: every kind of bad configuration is refused with its JSON path; nothing is half-loaded.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

namespace {

// A small valid county; each test breaks one thing.
std::string county(const std::string& jurisdictions, const std::string& actors = R"([
    {"code": "v.m", "name": "村调委会", "role": "peoples_mediator", "jurisdiction": "c.t.v"}])",
                   const std::string& extra = "") {
    return R"({"format": "fengqiao-county/1", "name": "测试县", "jurisdictions": )" + jurisdictions +
           R"(, "actors": )" + actors + extra + "}";
}

const std::string good_tree = R"([
    {"code": "c", "name": "测试县", "kind": "county"},
    {"code": "c.t", "name": "甲镇", "kind": "town", "parent": "c"},
    {"code": "c.t.v", "name": "甲村", "kind": "village", "parent": "c.t", "population": 800}])";

// The path and message of the ConfigError that parsing @p text throws.
std::pair<std::string, std::string> error_of(const std::string& text) {
    try {
        (void)parse_county(text, "test.json");
    } catch (const ConfigError& e) {
        return {e.path(), e.what()};
    }
    return {"", "no error"};
}

#define EXPECT_CONFIG_ERROR(text, expected_path, expected_words)                                   \
    do {                                                                                           \
        const auto [path, what] = error_of(text);                                                  \
        EXPECT_EQ(path, expected_path) << what;                                                    \
        EXPECT_NE(what.find(expected_words), std::string::npos) << what;                           \
        EXPECT_NE(what.find("test.json"), std::string::npos) << "the message names the file: " << what; \
    } while (0)

}  // namespace

TEST(Config, AValidCountyLoads) {
    const County c = parse_county(county(good_tree));
    EXPECT_EQ(c.name, "测试县");
    EXPECT_EQ(c.jurisdictions.size(), 3u);
    EXPECT_EQ(c.jurisdictions.path(c.jurisdictions.find_code("c.t.v")), "测试县 / 甲镇 / 甲村");
    EXPECT_EQ(c.jurisdictions.at(c.jurisdictions.find_code("c.t.v")).population, 800u);
    EXPECT_EQ(c.roster.at(c.roster.find_code("v.m")).name, "村调委会");
    EXPECT_EQ(c.settings.version, "fengqiao-1");
    EXPECT_TRUE(c.policies().escalation);
}

TEST(Config, ChildrenMayComeBeforeTheirParents) {
    const County c = parse_county(county(R"([
        {"code": "c.t.v", "name": "甲村", "kind": "village", "parent": "c.t"},
        {"code": "c.t", "name": "甲镇", "kind": "town", "parent": "c"},
        {"code": "c", "name": "测试县", "kind": "county"}])"));
    EXPECT_EQ(c.jurisdictions.root(), c.jurisdictions.find_code("c"));
    EXPECT_TRUE(c.jurisdictions.within(c.jurisdictions.find_code("c.t.v"), c.jurisdictions.root()));
}

TEST(Config, MalformedJsonGivesLineAndColumn) {
    const auto [path, what] = error_of("{\n  \"format\": \"fengqiao-county/1\",\n  \"name\": ,\n}");
    EXPECT_NE(what.find("line 3"), std::string::npos) << what;
    EXPECT_NE(what.find("not valid JSON"), std::string::npos) << what;
}

TEST(Config, AFileThatCannotBeReadIsNamedWithTheReason) {
    const auto why = [](const std::string& path) -> std::string {
        try {
            (void)load_county(path);
        } catch (const StorageError& e) {
            return e.what();
        }
        return "loaded";
    };
    EXPECT_NE(why("/tmp").find("'/tmp': it is a directory"), std::string::npos) << why("/tmp");
    EXPECT_NE(why("/no/such/county.json").find("No such file or directory"), std::string::npos);
}

TEST(Config, AKeyGivenTwiceIsRefusedAtItsPath) {
    EXPECT_CONFIG_ERROR(R"({"format": "fengqiao-county/1", "name": "x", "name": "y", "jurisdictions": [], "actors": []})",
                        "/name", "the key 'name' appears twice");
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "t", "name": "镇", "kind": "town", "parent": "c", "parent": "t"}])", "[]"),
                        "/jurisdictions/1/parent", "appears twice");
}

TEST(Config, MissingFieldIsNamed) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "kind": "county"}])", "[]"), "/jurisdictions/0",
                        "missing required field 'name'");
    EXPECT_CONFIG_ERROR(R"({"format": "fengqiao-county/1", "name": "x", "actors": []})", "/",
                        "missing required field 'jurisdictions'");
}

TEST(Config, WrongTypeSaysWhatWasExpected) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": 5, "kind": "county"}])", "[]"), "/jurisdictions/0/name",
                        "expected a string, got an integer 5");
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "x", "kind": "county", "population": "many"}])", "[]"),
                        "/jurisdictions/0/population", "expected a whole number");
    EXPECT_CONFIG_ERROR(county(R"({"code": "c"})", "[]"), "/jurisdictions", "expected an array");
}

TEST(Config, UnknownNamesListTheChoices) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "x", "kind": "villge"}])", "[]"), "/jurisdictions/0/kind",
                        "unknown jurisdiction kind 'villge' (expected one of: province, city, county");
    EXPECT_CONFIG_ERROR(county(good_tree, R"([{"name": "x", "role": "judge", "jurisdiction": "c"}])"),
                        "/actors/0/role", "unknown role 'judge'");
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "x", "kind": "county", "parnet": "y"}])", "[]"),
                        "/jurisdictions/0/parnet", "unknown key 'parnet'");
}

TEST(Config, UnknownParentIsRefused) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "t", "name": "镇", "kind": "town", "parent": "nowhere"}])", "[]"),
                        "/jurisdictions/1/parent", "unknown parent 'nowhere'");
}

TEST(Config, ACycleOfParentsIsRefused) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "a", "name": "甲", "kind": "town", "parent": "b"},
                                   {"code": "b", "name": "乙", "kind": "town", "parent": "a"}])", "[]"),
                        "/jurisdictions/1/parent", "cycle: a → b → a (");
    // The walk is shown once round, from the node named by the path.
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "a", "name": "甲", "kind": "town", "parent": "c2"},
                                   {"code": "b", "name": "乙", "kind": "town", "parent": "a"},
                                   {"code": "c2", "name": "丙", "kind": "town", "parent": "b"}])", "[]"),
                        "/jurisdictions/1/parent", "cycle: a → c2 → b → a (");
    EXPECT_CONFIG_ERROR(county(R"([{"code": "a", "name": "甲", "kind": "town", "parent": "a"}])", "[]"),
                        "/jurisdictions/0/parent", "its own parent");
}

TEST(Config, CodesAreAscii) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "东周", "name": "东周村", "kind": "county"}])", "[]"), "/jurisdictions/0/code",
                        "holds a non-ASCII character");
    EXPECT_CONFIG_ERROR(county(good_tree, R"([{"code": "grid a", "name": "x", "role": "grid_worker", "jurisdiction": "c"}])"),
                        "/actors/0/code", "holds a space");
}

TEST(Config, DuplicateCodesAreRefused) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "c", "name": "镇", "kind": "town", "parent": "c"}])", "[]"),
                        "/jurisdictions/1/code", "duplicate code 'c'");
    EXPECT_CONFIG_ERROR(county(good_tree, R"([{"code": "m", "name": "甲", "role": "auditor", "jurisdiction": "c"},
                                              {"code": "m", "name": "乙", "role": "auditor", "jurisdiction": "c"}])"),
                        "/actors/1/code", "duplicate actor code 'm'");
}

TEST(Config, ASecondRootIsRefused) {
    EXPECT_CONFIG_ERROR(county(R"([{"code": "c", "name": "县", "kind": "county"},
                                   {"code": "d", "name": "另一县", "kind": "county"}])", "[]"),
                        "/jurisdictions/1", "already the root");
}

TEST(Config, ActorsMustBeScopedToAKnownJurisdiction) {
    EXPECT_CONFIG_ERROR(county(good_tree, R"([{"name": "x", "role": "auditor", "jurisdiction": "mars"}])"),
                        "/actors/0/jurisdiction", "unknown jurisdiction 'mars'");
}

TEST(Config, NegativeDurationsAreRefused) {
    const std::string policies = R"(, "policies": {"version": "v", "deadline": {"rules": [
        {"state": "mediating", "days": -3, "source": "x"}]}})";
    EXPECT_CONFIG_ERROR(county(good_tree, "[]", policies), "/policies/deadline/rules/0/days", "cannot be negative");
    EXPECT_CONFIG_ERROR(county(good_tree, "[]", R"(, "policies": {"version": "v", "deadline": {"warning_lead_days": -1}})"),
                        "/policies/deadline/warning_lead_days", "from 0 to 3650");
}

TEST(Config, CalendarDatesAreChecked) {
    EXPECT_CONFIG_ERROR(county(good_tree, "[]", R"(, "calendar": {"holidays": ["2025-02-30"]})"),
                        "/calendar/holidays/0", "expected a date as YYYY-MM-DD");
    EXPECT_CONFIG_ERROR(
        county(good_tree, "[]", R"(, "calendar": {"suspensions": [{"from": "2025-03-10", "to": "2025-03-01", "reason": "x"}]})"),
        "/calendar/suspensions/0/to", "ends before it starts");
    EXPECT_CONFIG_ERROR(
        county(good_tree, "[]", R"(, "calendar": {"holidays": ["2025-01-28", "2025-01-29"], "working_days": ["2025-01-26", "2025-01-29"]})"),
        "/calendar/working_days/1", "2025-01-29 is listed as a holiday too");
}

TEST(Config, PolicyParametersAreRead) {
    const County c = parse_county(county(good_tree, "[]", R"(, "policies": {
        "version": "county-2",
        "escalation": {"min_sessions": 2, "handled_by": {"medical": "peoples_mediator"}, "top_route": {"neighbour": "petition"}},
        "assignment": {"joint_team_min_amount_yuan": 5000},
        "risk": {"red": 9},
        "authorization": {"grid_worker": ["report"]}})"));
    EXPECT_EQ(c.settings.version, "county-2");
    EXPECT_EQ(c.settings.escalation.min_sessions, 2u);
    ASSERT_EQ(c.settings.escalation.handled_by.size(), 1u);
    EXPECT_EQ(c.settings.escalation.handled_by[0].first, Category::medical);
    EXPECT_EQ(c.settings.escalation.top_route[static_cast<std::size_t>(Category::neighbour)], ReferralRoute::petition);
    EXPECT_EQ(c.settings.assignment.joint_team_min_amount, 500'000);
    EXPECT_EQ(c.settings.risk.red, 9);
    EXPECT_FALSE(c.settings.authorization.allows(Role::grid_worker, CommandKind::raise_risk));
    EXPECT_EQ(c.policies().version, "county-2");
    EXPECT_CONFIG_ERROR(county(good_tree, "[]", R"(, "policies": {"version": "v", "authorization": {"grid_worker": ["expire"]}})"),
                        "/policies/authorization/grid_worker/0", "issued by the engine");
}

TEST(Config, AMissingFileIsAStorageError) {
    EXPECT_THROW((void)load_county("/nonexistent/county.json"), StorageError);
}

TEST(Config, AScenarioFileGivenAsACountyIsNamedAsOne) {
    EXPECT_CONFIG_ERROR(R"({"format": "fengqiao-scenario/1", "name": "x", "county": "c.json", "arrivals": {}})", "/format",
                        "(this is a scenario file");
}

TEST(Config, TheWrongFormatIsRefused) {
    EXPECT_CONFIG_ERROR(R"({"format": "fengqiao-county/9", "name": "x", "jurisdictions": [], "actors": []})", "/format",
                        "expected \"fengqiao-county/1\"");
}

TEST(Config, ABlankCountyNameAndASpecialtyListedTwiceAreRefused) {
    const auto named = [](const std::string& name) {
        std::string text = county(good_tree);
        return text.replace(text.find("\"测试县\""), std::string("\"测试县\"").size(), "\"" + name + "\"");
    };
    for (const std::string blank : {"", "   ", "\\n", "\u3000"}) {
        EXPECT_CONFIG_ERROR(named(blank), "/name", "expected the county's name, got a blank one");
    }
    EXPECT_CONFIG_ERROR(named("襄垣县\\n第二行"), "/name", "on one line");
    EXPECT_CONFIG_ERROR(county(good_tree, R"([{"name": "甲", "role": "peoples_mediator", "jurisdiction": "c.t.v",
                                               "specialties": ["neighbour", "land_homestead", "neighbour"]}])"),
                        "/actors/0/specialties/2", "category 'neighbour' is listed twice");
}
