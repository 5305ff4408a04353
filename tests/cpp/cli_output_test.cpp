// What the command-line tool writes: never over one of its own inputs, never half a file, and never a
// success when its output could not be written.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include <fengqiao/fengqiao.hpp>
#include <fengqiao/sim/simulator.hpp>

#include "support/cli.hpp"
#include "support/sql.hpp"
#include "support/temp_dir.hpp"

using fengqiao::fixtures::run_cli;
using fengqiao::fixtures::TempDir;

namespace {

const std::string source_dir = FENGQIAO_SOURCE_DIR;

std::string simulate(const TempDir& dir, int days) {
    const std::string db = dir.file("run.db");
    const auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days " + std::to_string(days) +
                                 " --db '" + db + "'",
                             dir, source_dir);
    EXPECT_EQ(run.status, 0) << run.err;
    return db;
}

int exit_status(const std::string& command) {
    const int raw = std::system(command.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

}  // namespace

TEST(CliOutput, AnExportIsNeverWrittenOverTheJournalOrTheCountyItReads) {
    TempDir dir;
    const std::string db = simulate(dir, 20);
    const std::string before = fengqiao::fixtures::read_bytes(db);
    auto run = run_cli("export --db '" + db + "' --output '" + db + "'", dir, source_dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("is the input"), std::string::npos) << run.err;
    EXPECT_EQ(fengqiao::fixtures::read_bytes(db), before);

    const std::string county = dir.file("county.json");
    std::filesystem::copy_file(source_dir + "/data/xiangyuan.json", county);
    const std::string county_text = fengqiao::fixtures::read_bytes(county);
    run = run_cli("export --db '" + db + "' --county '" + county + "' --output '" + county + "'", dir, source_dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(fengqiao::fixtures::read_bytes(county), county_text);
}

TEST(CliOutput, AFailedExportLeavesThePreviousFileAndNoPartOfTheNewOne) {
    TempDir dir;
    const std::string db = simulate(dir, 20);
    const std::string out = dir.file("export.jsonl");
    fengqiao::fixtures::write_bytes(out, "the previous export\n");
    // A record in the middle of the file that cannot be decoded: the export stops there.
    fengqiao::fixtures::execute_sql(db, "UPDATE journal SET body = x'ff00ff' WHERE seq = 100");
    const auto run = run_cli("export --db '" + db + "' --output '" + out + "'", dir, source_dir);
    EXPECT_EQ(run.status, 1) << run.err;
    EXPECT_NE(run.err.find("record 100"), std::string::npos) << run.err;
    EXPECT_EQ(fengqiao::fixtures::read_bytes(out), "the previous export\n");
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

TEST(CliOutput, AnExportToTheStandardOutputOfADamagedJournalWritesNoRecord) {
    // A reader at the other end of a pipe (`export | replay`) must not take the records before the
    // damage for the whole journal.
    TempDir dir;
    const std::string db = simulate(dir, 20);
    fengqiao::fixtures::execute_sql(db, "DELETE FROM journal WHERE seq = 100");
    const auto run = run_cli("export --db '" + db + "'", dir, source_dir);
    EXPECT_EQ(run.status, 1) << run.err;
    EXPECT_EQ(run.out, "");
    EXPECT_NE(run.err.find("100"), std::string::npos) << run.err;
}

TEST(CliOutput, ACasesFileHasOneRowPerCaseWithTheLevelsItReached) {
    TempDir dir;
    const auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 120 --json --cases-csv '" +
                                 dir.file("cases.csv") + "'",
                             dir, source_dir);
    ASSERT_EQ(run.status, 0) << run.err;
    std::istringstream in(fengqiao::fixtures::read_bytes(dir.file("cases.csv")));
    const auto fields = [](const std::string& line) {
        std::vector<std::string> out;
        std::istringstream cells(line);
        for (std::string cell; std::getline(cells, cell, ',');) out.push_back(cell);
        return out;
    };
    std::string line;
    ASSERT_TRUE(std::getline(in, line));
    const auto header = fields(line);
    const auto column = [&](const std::string& name) {
        const auto at = std::find(header.begin(), header.end(), name);
        EXPECT_NE(at, header.end()) << name << " is not a column: " << line;
        return static_cast<std::size_t>(at - header.begin());
    };
    const std::size_t level = column("final_level"), visited = column("levels_visited");
    std::size_t rows = 0, township = 0;
    while (std::getline(in, line)) {
        const auto row = fields(line);
        ASSERT_EQ(row.size(), header.size()) << line;
        ++rows;
        EXPECT_EQ(row[column("reached_" + row[level])], "1") << "a case reached the level it ended at: " << line;
        int reached = 0;
        for (const char* tier : {"village", "township", "county", "city", "province"}) {
            reached += row[column(std::string("reached_") + tier)] == "1";
        }
        EXPECT_LE(reached, std::stoi(row[visited])) << line;
        township += row[column("reached_township")] == "1";
    }
    EXPECT_EQ(rows, static_cast<std::size_t>(std::stoul(run.out.substr(run.out.find("\"reported\":") + 11))));
    EXPECT_GT(township, 0u);
}

TEST(CliOutput, ACasesFileThatCannotBeWrittenIsReportedBeforeTheRun) {
    TempDir dir;
    const auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 20 --cases-csv '" +
                                 dir.file("no/such/dir/cases.csv") + "'",
                             dir, source_dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.out, "") << "no report: the run did not start";
    EXPECT_NE(run.err.find("cases.csv"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("No such file or directory"), std::string::npos) << run.err;
}

TEST(CliOutput, OutputThatCannotBeWrittenIsAFailure) {
    ASSERT_TRUE(std::filesystem::exists("/dev/full"));
    EXPECT_EQ(exit_status("'" FENGQIAO_CLI "' version > /dev/full 2>/dev/null"), 1);
    EXPECT_EQ(exit_status("'" FENGQIAO_CLI "' diagram --mermaid > /dev/full 2>/dev/null"), 1);
    EXPECT_EQ(exit_status("cd '" + source_dir +
                          "' && '" FENGQIAO_CLI "' simulate --scenario data/scenarios/xiangyuan.json --days 5 "
                          "> /dev/full 2>/dev/null"),
              1);
}

TEST(CliOutput, ACasesFileIsNeverWrittenOverTheCountyOrTheJournalTheRunCreates) {
    TempDir dir;
    // The scenario names its county as a file beside it: a cases file given that name is refused.
    std::filesystem::create_directories(dir.file("data/scenarios"));
    std::filesystem::copy_file(source_dir + "/data/scenarios/xiangyuan.json", dir.file("data/scenarios/xiangyuan.json"));
    std::filesystem::copy_file(source_dir + "/data/xiangyuan.json", dir.file("data/xiangyuan.json"));
    const std::string county_text = fengqiao::fixtures::read_bytes(dir.file("data/xiangyuan.json"));
    auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 2 --cases-csv data/xiangyuan.json",
                       dir, dir.path().string());
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("is the input"), std::string::npos) << run.err;
    EXPECT_EQ(fengqiao::fixtures::read_bytes(dir.file("data/xiangyuan.json")), county_text);

    // The journal does not exist yet, and is named differently: still the same file.
    run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 2 --db new.db --cases-csv ./new.db", dir,
                  dir.path().string());
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("is the input"), std::string::npos) << run.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("new.db")));
}

TEST(CliOutput, ARunThatFailsRemovesTheJournalItCreated) {
    TempDir dir;
    // A file-size limit stops the run part-way through writing its journal, as a full disk would.
    const auto limited_run = [&](const std::string& db) {
        const std::string command = "cd '" + dir.path().string() + "' && (ulimit -f 200; '" FENGQIAO_CLI
                                    "' simulate --scenario '" + source_dir + "/data/scenarios/xiangyuan.json' --db " +
                                    db + ") > out 2> err";
        const int status = exit_status(command);
        return std::make_pair(status, fengqiao::fixtures::read_bytes(dir.file("err")));
    };
    auto [status, err] = limited_run("late.db");
    EXPECT_EQ(status, 1);
    EXPECT_NE(err.find("the run did not complete; late.db, which the run had started, was removed"),
              std::string::npos)
        << err;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        EXPECT_FALSE(std::filesystem::exists(dir.file(std::string("late.db") + suffix))) << suffix;
    }
    // An empty file given for the journal (made by mktemp, say) is left empty again.
    fengqiao::fixtures::write_bytes(dir.file("empty.db"), "");
    std::tie(status, err) = limited_run("empty.db");
    EXPECT_EQ(status, 1);
    EXPECT_NE(err.find("empty.db, which the run had started, was emptied again"), std::string::npos) << err;
    EXPECT_TRUE(std::filesystem::exists(dir.file("empty.db")));
    EXPECT_EQ(fengqiao::fixtures::read_bytes(dir.file("empty.db")), "");
    EXPECT_FALSE(std::filesystem::exists(dir.file("empty.db-wal")));
    // A retry is not refused for a half-written file.
    const auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 2 --db '" + dir.file("late.db") + "'",
                             dir, source_dir);
    EXPECT_EQ(run.status, 0) << run.err;
}

TEST(CliOutput, ASimulationsJsonHasTheReportsFiguresAndRunsAnyReplication) {
    TempDir dir;
    const auto run = run_cli("simulate --scenario data/scenarios/xiangyuan.json --days 120 --seed 4 --replication 2 --json",
                             dir, source_dir);
    ASSERT_EQ(run.status, 0) << run.err;
    const auto j = nlohmann::json::parse(run.out);
    EXPECT_EQ(j.at("seed"), 4);
    EXPECT_EQ(j.at("replication"), 2);
    // Replication 2 of seed 4 is the run Python's run(seed=4, replications=3) gives as its third.
    fengqiao::sim::RunOptions o;
    o.seed = 4;
    o.replication = 2;
    o.days = 120;
    const auto same = fengqiao::sim::run(fengqiao::sim::load_scenario(source_dir + "/data/scenarios/xiangyuan.json"), o);
    EXPECT_EQ(j.at("journal").at("sha256"), same.journal_digest);
    // Where the queue formed, and how busy each place's mediators were: the readable report's figures.
    std::size_t waited = 0;
    for (const auto& [tier, n] : j.at("waited_for_mediator_by_tier").items()) waited += n.get<std::size_t>();
    EXPECT_EQ(waited, j.at("waited_for_mediator").get<std::size_t>());
    EXPECT_EQ(waited, same.summary.waited_for_mediator);
    ASSERT_EQ(j.at("utilization").size(), same.utilization.size());
    for (const auto& u : j.at("utilization")) {
        EXPECT_GE(u.at("busy").get<double>(), 0.0);
        EXPECT_LE(u.at("busy").get<double>(), 1.0);
        EXPECT_GT(u.at("mediators").get<int>(), 0);
        EXPECT_FALSE(u.at("jurisdiction").get<std::string>().empty());
    }
    const auto bad = run_cli("simulate --scenario data/scenarios/xiangyuan.json --replication -1", dir, source_dir);
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--replication takes a whole number from 0 to 4294967295, got '-1'"), std::string::npos)
        << bad.err;
}
