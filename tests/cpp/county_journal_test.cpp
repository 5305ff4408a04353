// A SQLite journal belongs to the county that wrote it: County::engine() records the county in a new
// journal, refuses a journal of another county, reads it with the county grown by actors or places
// appended since, and reads a simulation's journal with the mediators the simulation added.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <fengqiao/fengqiao.hpp>

#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::TempDir;

namespace {

County xiangyuan() { return load_county(std::string(FENGQIAO_SOURCE_DIR) + "/data/xiangyuan.json"); }

std::shared_ptr<SqliteJournal> open(const std::string& path, bool read_only = false) {
    SqliteJournalOptions o;
    o.read_only = read_only;
    return std::make_shared<SqliteJournal>(path, o);
}

ActorId actor(const County& k, const char* code) {
    const ActorId id = k.roster.find_code(code);
    EXPECT_TRUE(id.valid()) << code;
    return id;
}

// One case reported at Guhan town and taken up by the county centre.
CaseId report_at_guhan(Engine& e, const County& k) {
    Report r;
    r.jurisdiction = k.jurisdictions.find_code("xiangyuan.guhan");
    r.category = Category::neighbour;
    const CaseId id = e.report(actor(k, "xiangyuan.centre"), r).value().case_id;
    (void)e.submit(id, actor(k, "xiangyuan.centre"), Accept{}).value();
    return id;
}

}  // namespace

TEST(CountyJournal, ANewJournalRecordsItsCountyAndAJournalOfAnotherCountyIsRefused) {
    TempDir dir;
    const std::string path = dir.file("cases.db");
    const County k = xiangyuan();
    {
        Engine e = k.engine({nullptr, open(path)});
        (void)report_at_guhan(e, k);
    }
    EXPECT_EQ(open(path, true)->attribute(county_attribute), county_identity(k));

    County other = k;  // an actor of another code at the same id: another county as far as the journal can tell
    other.roster = Roster();
    for (Actor a : k.roster.actors()) {
        if (a.code == "xiangyuan.centre") a.code = "xiangyuan.service-centre";
        other.roster.add(std::move(a));
    }
    try {
        (void)other.engine({nullptr, open(path)});
        FAIL() << "a journal of another county was opened";
    } catch (const Exception& e) {
        EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
        const std::string what = e.what();
        EXPECT_NE(what.find("was written for the county " + county_identity(k)), std::string::npos) << what;
        EXPECT_NE(what.find("not for " + county_identity(other)), std::string::npos) << what;
    }
    // Nothing stored was lost, and the county that wrote it still reads it.
    const Engine again = k.engine({nullptr, open(path)});
    EXPECT_EQ(again.size(), 1u);
    EXPECT_EQ(again.journal().size(), 2u);
}

// A mediator added while the engine runs (Engine::add_actor()) and then to the county file keeps the
// journal readable: the county has grown, and every id in the journal still names what it named.
TEST(CountyJournal, AJournalIsReadWithItsCountyGrownButNotWithOneReordered) {
    TempDir dir;
    const std::string path = dir.file("cases.db");
    const County k = xiangyuan();
    Actor helper;
    helper.code = "xiangyuan.guhan.helper";
    helper.name = "古韩镇帮办";
    helper.role = Role::peoples_mediator;
    helper.jurisdiction = k.jurisdictions.find_code("xiangyuan.guhan");
    CaseId id;
    {
        Engine e = k.engine({nullptr, open(path)});
        const ActorId added = e.add_actor(helper);
        id = report_at_guhan(e, k);
        (void)e.submit(id, actor(k, "xiangyuan.centre"), Assign{{added}}).value();
        (void)e.submit(id, added, HoldSession{"第一次"}).value();
    }
    // The county file as it was cannot name the new mediator: refused, with the reason.
    try {
        (void)k.engine({nullptr, open(path)});
        FAIL() << "a journal naming an actor the roster lacks was read";
    } catch (const JournalCorrupt& e) {
        EXPECT_NE(std::string(e.what()).find("add_actor()"), std::string::npos) << e.what();
    }
    // The county file with the mediator appended reads it, and again and again.
    County grown = k;
    grown.roster.add(helper);
    for (int i = 0; i < 2; ++i) {
        const Engine back = grown.engine({nullptr, open(path)});
        ASSERT_EQ(back.at(id).mediators.size(), 1u);
        EXPECT_EQ(back.roster()[back.at(id).mediators[0]].code, "xiangyuan.guhan.helper");
        EXPECT_EQ(back.journal().size(), 4u);
    }
    EXPECT_EQ(open(path, true)->attribute(county_attribute), county_identity(k)) << "the record is kept as written";
    // Inserted before the others instead, it would move every id after it: refused.
    County reordered = k;
    reordered.roster = Roster();
    reordered.roster.add(helper);
    for (Actor a : k.roster.actors()) reordered.roster.add(std::move(a));
    EXPECT_THROW((void)reordered.engine({nullptr, open(path)}), Exception);
}

TEST(CountyJournal, AJournalWrittenWithExtraMediatorsIsReadWithThem) {
    TempDir dir;
    const std::string path = dir.file("what-if.db");
    const County k = xiangyuan();
    CaseId id;
    {
        // As `fengqiao simulate --db` writes it: the list first, then the roster it gives.
        auto journal = open(path);
        record_extra_mediators(*journal, {{"xiangyuan.guhan", 2}});
        County staffed = k;
        EXPECT_EQ(bind_to_county(*journal, staffed), CountyBinding::recorded);
        ASSERT_EQ(staffed.roster.size(), k.roster.size() + 2);
        Engine e = staffed.engine({nullptr, journal});
        id = report_at_guhan(e, staffed);
        (void)e.submit(id, actor(staffed, "xiangyuan.centre"), Assign{{actor(staffed, "xiangyuan.guhan.extra-2")}})
            .value();
    }
    // Read back with the county file alone.
    const Engine back = k.engine({nullptr, open(path)});
    ASSERT_EQ(back.roster().size(), k.roster.size() + 2);
    ASSERT_EQ(back.at(id).mediators.size(), 1u);
    EXPECT_EQ(back.roster()[back.at(id).mediators[0]].code, "xiangyuan.guhan.extra-2");
    EXPECT_EQ(back.journal().size(), 3u);

    // Bound twice (a tool checks the county, then builds its engine with County::engine()): the
    // mediators are added once.
    County checked = k;
    EXPECT_EQ(bind_to_county(*open(path, true), checked), CountyBinding::matched);
    EXPECT_EQ(checked.engine({nullptr, open(path, true)}).roster().size(), k.roster.size() + 2);

    // An engine over the bare roster cannot read it: the journal names mediators it lacks.
    EXPECT_THROW(Engine(k.jurisdictions, k.roster, k.policies(), {nullptr, open(path)}), JournalCorrupt);
}

TEST(CountyJournal, ADamagedListOfExtraMediatorsIsNamedAndTheJournalKept) {
    TempDir dir;
    const County k = xiangyuan();
    const struct {
        const char* stored;
        const char* said;
    } cases[] = {
        {"[[\"xiangyuan.guhan\", 999999]]", "gives 999999 mediators at 'xiangyuan.guhan'"},
        {"[[\"xiangyuan.guhan\", 1], [\"xiangyuan.guhan\", 1]]", "does not fit the county"},
        {"[[\"xiangyuan.nowhere\", 1]]", "does not fit the county"},
        {"not a list", "cannot be read"},
    };
    int n = 0;
    for (const auto& c : cases) {
        const std::string path = dir.file("damaged-" + std::to_string(++n) + ".db");
        open(path)->set_attribute(extra_mediators_attribute, c.stored);
        try {
            (void)k.engine({nullptr, open(path)});
            FAIL() << c.stored;
        } catch (const JournalCorrupt& e) {
            const std::string what = e.what();
            EXPECT_NE(what.find("its list of extra mediators"), std::string::npos) << what;
            EXPECT_NE(what.find(c.said), std::string::npos) << what;
        }
        EXPECT_EQ(open(path, true)->attribute(extra_mediators_attribute), c.stored);
        EXPECT_EQ(open(path, true)->attribute(county_attribute), "");
    }
}

TEST(CountyJournal, AJournalListingMediatorsButNamingTheCountyWithoutThemIsReadWithThem) {
    // A run that lists the mediators after recording the bare county, and stops before it names the
    // staffed one, leaves such a journal; records written later name the added mediators.
    TempDir dir;
    const std::string path = dir.file("interrupted.db");
    const County k = xiangyuan();
    CaseId id;
    {
        auto journal = open(path);
        journal->set_attribute(county_attribute, county_identity(k));
        record_extra_mediators(*journal, {{"xiangyuan.guhan", 2}});
        Engine e = k.engine({nullptr, journal});
        ASSERT_EQ(e.roster().size(), k.roster.size() + 2);
        id = report_at_guhan(e, k);
        (void)e.submit(id, actor(k, "xiangyuan.centre"), Assign{{e.roster().find_code("xiangyuan.guhan.extra-2")}})
            .value();
    }
    const Engine back = k.engine({nullptr, open(path, true)});
    ASSERT_EQ(back.at(id).mediators.size(), 1u);
    EXPECT_EQ(back.roster()[back.at(id).mediators[0]].code, "xiangyuan.guhan.extra-2");
    EXPECT_EQ(back.journal().size(), 3u);
}

TEST(CountyJournal, APlaceListedWithNoMediatorsDoesNotHideThatTheCountyIsStaffedAlready) {
    TempDir dir;
    const std::string path = dir.file("first-none.db");
    const County k = xiangyuan();
    {
        auto journal = open(path);
        record_extra_mediators(*journal, {{"xiangyuan.guhan", 0}, {"xiangyuan.wangqiao", 3}});
        County staffed = k;
        EXPECT_EQ(bind_to_county(*journal, staffed), CountyBinding::recorded);
        EXPECT_EQ(staffed.roster.size(), k.roster.size() + 3);
    }
    // Bound twice, as a tool that checks the county and then builds its engine does.
    County checked = k;
    EXPECT_EQ(bind_to_county(*open(path, true), checked), CountyBinding::matched);
    const Engine e = checked.engine({nullptr, open(path, true)});
    EXPECT_EQ(e.roster().size(), k.roster.size() + 3);
    EXPECT_TRUE(e.roster().find_code("xiangyuan.wangqiao.extra-3").valid());
}
