// `fengqiao stats`: a journal file reopened shows the cases that were written to it.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <string>

#include <fengqiao/fengqiao.hpp>

#include "support/cli.hpp"
#include "support/sql.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::TempDir;

namespace {

const std::string source_dir = FENGQIAO_SOURCE_DIR;

// The first whole number after @p label in @p text, or -1 when the label or a number is missing.
long number_after(const std::string& text, const std::string& label) {
    const auto at = text.find(label);
    if (at == std::string::npos) return -1;
    std::size_t i = at + label.size();
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) == 0) ++i;
    if (i == text.size()) return -1;
    long n = 0;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])) != 0; ++i) n = n * 10 + (text[i] - '0');
    return n;
}

// Simulates @p days of Xiangyuan into @p db with the shipped scenario; returns the report.
std::string simulate(const TempDir& dir, const std::string& db, int days) {
    const auto run = fixtures::run_cli("simulate --scenario data/scenarios/xiangyuan.json --days " +
                                           std::to_string(days) + " --db '" + db + "'",
                                       dir, source_dir);
    EXPECT_EQ(run.status, 0) << run.err;
    return run.out;
}

}  // namespace

TEST(StatsCli, AReopenedSimulationJournalShowsTheCasesTheReportCounted) {
    TempDir dir;
    const std::string db = dir.file("year.db");
    const std::string report = simulate(dir, db, 90);
    const auto stats = fixtures::run_cli("stats --db '" + db + "'", dir, source_dir);
    ASSERT_EQ(stats.status, 0) << stats.err;
    const long reported = number_after(report, "Reported");
    ASSERT_GT(reported, 100) << report;
    EXPECT_EQ(number_after(stats.out, "cases "), reported) << stats.out;
    EXPECT_EQ(number_after(stats.out, "cases " + std::to_string(reported) + ": "),
              number_after(report, "disputes; "))
        << "open cases\n" << report << stats.out;
    const std::string levels = "resolved by level: village ";
    ASSERT_NE(stats.out.find(levels), std::string::npos) << stats.out;
    EXPECT_EQ(number_after(stats.out, levels), number_after(report, "resolved in the village or community"))
        << report << stats.out;
    const std::string township = levels + std::to_string(number_after(stats.out, levels)) + " township ";
    ASSERT_NE(stats.out.find(township), std::string::npos) << stats.out;
    EXPECT_EQ(number_after(stats.out, township), number_after(report, "resolved in the township")) << report << stats.out;
    EXPECT_EQ(number_after(stats.out, "journal " + db + ": "), number_after(report, "Journal: "))
        << "records\n" << report << stats.out;
}

TEST(StatsCli, ItNeverChangesTheFile) {
    TempDir dir;
    const std::string db = dir.file("year.db");
    (void)simulate(dir, db, 30);
    const std::string before = fixtures::read_bytes(db);
    ASSERT_EQ(fixtures::run_cli("stats --db '" + db + "'", dir, source_dir).status, 0);
    EXPECT_EQ(fixtures::read_bytes(db), before);
}

TEST(StatsCli, AJournalIsReadOnlyWithTheCountyThatWroteIt) {
    TempDir dir;
    const std::string db = dir.file("year.db");
    (void)simulate(dir, db, 10);
    std::string other = fixtures::read_bytes(source_dir + "/data/xiangyuan.json");
    const std::string code = "\"xiangyuan.houbao.dongzhou.grid\"";
    other.replace(other.find(code), code.size(), "\"xiangyuan.houbao.dongzhou.grid-2\"");
    fixtures::write_bytes(dir.file("other.json"), other);
    const auto run = fixtures::run_cli("stats --db '" + db + "' --county '" + dir.file("other.json") + "'", dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("was written for the county 襄垣县"), std::string::npos) << run.err;
}

TEST(StatsCli, AJournalOfARunWithExtraMediatorsIsReadWithThem) {
    TempDir dir;
    fixtures::write_bytes(dir.file("more.json"),
                          fixtures::xiangyuan_scenario_adding(source_dir, "extra_mediators", R"({"xiangyuan.guhan": 2})"));
    const std::string db = dir.file("more.db");
    const auto run = fixtures::run_cli("simulate --scenario '" + dir.file("more.json") + "' --days 60 --db '" + db + "'",
                                       dir, source_dir);
    ASSERT_EQ(run.status, 0) << run.err;

    const auto stats = fixtures::run_cli("stats --db '" + db + "'", dir, source_dir);
    ASSERT_EQ(stats.status, 0) << stats.err;
    EXPECT_EQ(number_after(stats.out, "cases "), number_after(run.out, "Reported")) << run.out << stats.out;
    const auto exported = fixtures::run_cli("export --db '" + db + "'", dir, source_dir);
    ASSERT_EQ(exported.status, 0) << exported.err;
    EXPECT_NE(exported.out.find("\"xiangyuan.guhan.extra-2\""), std::string::npos)
        << "the added mediators are named by their codes in the export";

    // Read as written without a county (through the library, before it recorded one): the mediators
    // are still added once, not once per reader.
    const std::string bare = dir.file("bare.db");
    std::filesystem::copy_file(db, bare);
    fixtures::execute_sql(bare, "DELETE FROM meta WHERE key = 'county'");
    const auto unbound = fixtures::run_cli("stats --db '" + bare + "'", dir, source_dir);
    ASSERT_EQ(unbound.status, 0) << unbound.err;
    EXPECT_EQ(number_after(unbound.out, "cases "), number_after(run.out, "Reported")) << unbound.out;

    // A damaged list is named, and never builds a roster of billions.
    for (const char* list : {R"([["xiangyuan.guhan",-1]])", R"([["xiangyuan.guhan",4000000000]])",
                             R"([["xiangyuan.nowhere",1]])", R"(["oops"])"}) {
        fixtures::execute_sql(db, std::string("UPDATE meta SET value = '") + list + "' WHERE key = 'extra_mediators'");
        const auto damaged = fixtures::run_cli("stats --db '" + db + "'", dir, source_dir);
        EXPECT_EQ(damaged.status, 1) << list;
        EXPECT_NE(damaged.err.find("is damaged: its list of extra mediators"), std::string::npos) << damaged.err;
    }
}

TEST(StatsCli, ASimulationRefusesAnEmptyJournalOfAnotherStaffingAndLeavesItReadable) {
    TempDir dir;
    for (int n : {1, 2}) {
        fixtures::write_bytes(dir.file("guhan" + std::to_string(n) + ".json"),
                              fixtures::xiangyuan_scenario_adding(source_dir, "extra_mediators",
                                                                  R"({"xiangyuan.guhan": )" + std::to_string(n) + "}"));
    }
    const std::string db = dir.file("w.db");
    const auto empty = fixtures::run_cli("simulate --scenario '" + dir.file("guhan2.json") + "' --days 0 --db '" + db + "'",
                                         dir, source_dir);
    ASSERT_EQ(empty.status, 0) << empty.err;
    const auto other = fixtures::run_cli("simulate --scenario '" + dir.file("guhan1.json") + "' --days 30 --db '" + db + "'",
                                         dir, source_dir);
    EXPECT_EQ(other.status, 1);
    EXPECT_NE(other.err.find("was written for the county"), std::string::npos) << other.err;
    EXPECT_EQ(other.err.find("--county"), std::string::npos) << "simulate has no --county: " << other.err;
    // Nothing was written: the file still reads with the county file and its first staffing.
    const auto stats = fixtures::run_cli("stats --db '" + db + "'", dir, source_dir);
    EXPECT_EQ(stats.status, 0) << stats.err;
    EXPECT_EQ(stats.err.find("warning"), std::string::npos) << stats.err;
}

TEST(StatsCli, AJournalThatRecordsNoCountyIsReadWithAWarning) {
    TempDir dir;
    const std::string db = dir.file("year.db");
    (void)simulate(dir, db, 10);
    fixtures::execute_sql(db, "DELETE FROM meta WHERE key = 'county'");  // as a journal written through the library
    const auto run = fixtures::run_cli("stats --db '" + db + "'", dir, source_dir);
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_NE(run.err.find("does not record the county it was written for"), std::string::npos) << run.err;
}

TEST(StatsCli, BadCommandLinesAndMissingFilesAreNamed) {
    TempDir dir;
    const auto missing = fixtures::run_cli("stats --db '" + dir.file("none.db") + "'", dir, source_dir);
    EXPECT_EQ(missing.status, 1);
    EXPECT_NE(missing.err.find("none.db"), std::string::npos) << missing.err;
    EXPECT_NE(missing.err.find("no such file"), std::string::npos) << missing.err;
    const auto no_db = fixtures::run_cli("stats", dir, source_dir);
    EXPECT_EQ(no_db.status, 2);
    EXPECT_NE(no_db.err.find("--db FILE is required"), std::string::npos) << no_db.err;
    const auto unknown = fixtures::run_cli("stats --db x.db --colour", dir, source_dir);
    EXPECT_EQ(unknown.status, 2);
    EXPECT_NE(unknown.err.find("unexpected '--colour'"), std::string::npos) << unknown.err;
}
