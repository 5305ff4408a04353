// The JSON-lines interface: commands and exported records in the canonical vocabulary, `fengqiao
// replay` writing one result per line, and an export that rebuilds the store it came from.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <tuple>
#include <set>

#include <fengqiao/fengqiao.hpp>

#include "support/cli.hpp"
#include "support/records.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::TempDir;

namespace {

// A county with codes on everything, as county files give them.
constexpr const char* county_json = R"({
 "format": "fengqiao-county/1", "name": "测试县",
 "jurisdictions": [
  {"code": "c", "name": "测试县", "kind": "county"},
  {"code": "c.a", "name": "甲镇", "kind": "town", "parent": "c"},
  {"code": "c.a.1", "name": "甲一村", "kind": "village", "parent": "c.a"},
  {"code": "c.b", "name": "乙镇", "kind": "town", "parent": "c"},
  {"code": "c.b.1", "name": "乙一村", "kind": "village", "parent": "c.b"}],
 "actors": [
  {"code": "centre", "name": "县综治中心", "role": "county_centre_staff", "jurisdiction": "c"},
  {"code": "grid.a1", "name": "甲一村网格员", "role": "grid_worker", "jurisdiction": "c.a.1"},
  {"code": "med.a1", "name": "甲一村调解员", "role": "peoples_mediator", "jurisdiction": "c.a.1"},
  {"code": "med.b1", "name": "乙一村调解员", "role": "peoples_mediator", "jurisdiction": "c.b.1"},
  {"code": "jud.a", "name": "甲镇司法所", "role": "judicial_office", "jurisdiction": "c.a", "body": true},
  {"code": "pol.a", "name": "甲镇派出所", "role": "police_station", "jurisdiction": "c.a", "body": true},
  {"code": "jud.c", "name": "县司法局", "role": "judicial_office", "jurisdiction": "c", "body": true}],
 "policies": {"version": "test-policies-1"}
})";

struct Fixture {
    TempDir dir;
    County county = parse_county(county_json, "county.json");
    JsonLines codec{county.jurisdictions, county.roster};
    std::string county_file = dir.file("county.json");

    Fixture() { fixtures::write_bytes(county_file, county_json); }
    JurisdictionId place(const char* code) const { return county.jurisdictions.find_code(code); }
    ActorId actor(const char* code) const { return county.roster.find_code(code); }
    std::string write(const std::string& name, const std::vector<std::string>& lines) const {
        std::string text;
        for (const auto& l : lines) text += l + "\n";
        fixtures::write_bytes(dir.file(name), text);
        return dir.file(name);
    }
    fixtures::CliRun cli(const std::string& arguments) const {
        return fixtures::run_cli(arguments + " --county '" + county_file + "'", dir);
    }
    /// A case reported, accepted and assigned into a.db, exported to a.jsonl: its three lines.
    std::vector<std::string> exported_case() const {
        const std::string commands = write("commands.jsonl", {
            R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.a.1"}})",
            R"({"command": "accept", "actor": "med.a1", "case": 1})",
            R"({"command": "assign", "actor": "med.a1", "case": 1})",
        });
        EXPECT_EQ(cli("replay --commands '" + commands + "' --db '" + dir.file("a.db") + "'").status, 0);
        EXPECT_EQ(cli("export --db '" + dir.file("a.db") + "' --output '" + dir.file("a.jsonl") + "'").status, 0);
        std::istringstream in(fixtures::read_bytes(dir.file("a.jsonl")));
        std::vector<std::string> lines;
        for (std::string l; std::getline(in, l);) lines.push_back(l);
        return lines;
    }
};

std::vector<Command> every_command(const Fixture& f) {
    Report rep;
    rep.jurisdiction = f.place("c.a.1");
    rep.category = Category::labour_wages;
    rep.channel = Channel::hotline;
    rep.claimed_amount = 4'860'000;
    rep.risk = RiskGrade::yellow;
    rep.parties = {{"张某等12人", Side::applicant, false}, {"某建筑公司", Side::respondent, true}};
    rep.unnamed_parties = 11;
    rep.summary = "拖欠工资 \"48,600元\"\n第二行\t\\";
    rep.threat = true;
    rep.violence_history = true;
    rep.repeat_of = CaseId{3};
    return {rep,
            Accept{},
            Reject{"已起诉"},
            Assign{{f.actor("jud.a"), f.actor("pol.a")}},
            HoldSession{"第一次调解"},
            ReachAgreement{"分两期支付", false},
            Fail{"拒不到场"},
            Expire{},
            Escalate{"请上级处理"},
            Refer{ReferralRoute::arbitration, "劳动仲裁"},
            ApplyConfirmation{},
            ConfirmationGranted{},
            ConfirmationDenied{"违反法律规定"},
            StartFollowUp{},
            RecordFulfilment{false, "未履行"},
            Close{Outcome::settled_elsewhere, "庭外和解"},
            Withdraw{"撤回"},
            RaiseRisk{RiskGrade::red, "扬言报复", true},
            RiskEscalation{}};
}

std::string message_of(const Fixture& f, const std::string& line, std::size_t number = 7) {
    try {
        (void)f.codec.decode(line, number);
    } catch (const MalformedLine& e) {
        EXPECT_EQ(e.line(), number);
        return e.what();
    }
    return "accepted";
}

}  // namespace

TEST(JsonCommands, EveryCommandRoundTripsThroughItsLine) {
    Fixture f;
    const auto commands = every_command(f);
    ASSERT_EQ(commands.size(), command_kind_count);
    const TimePoint t = VirtualClock::default_start() + std::chrono::hours(30);
    for (const Command& c : commands) {
        SCOPED_TRACE(std::string(to_string(kind_of(c))));
        const Request r{kind_of(c) == CommandKind::report ? CaseId{} : CaseId{42}, f.actor("med.a1"), c, "req-9"};
        const std::string text = f.codec.encode_command(r, t);
        const CommandLine back = f.codec.decode(text, 3);
        EXPECT_EQ(back.kind, CommandLine::Kind::command);
        EXPECT_EQ(back.line, 3u);
        EXPECT_EQ(back.time, t);
        EXPECT_EQ(back.request.case_id, r.case_id);
        EXPECT_EQ(back.request.actor, r.actor);
        EXPECT_EQ(back.request.request_id, "req-9");
        EXPECT_TRUE(back.request.command == c) << text;
    }
}

TEST(JsonCommands, EveryExportedRecordRoundTripsExactly) {
    Fixture f;
    const auto commands = every_command(f);
    const TimePoint t0 = VirtualClock::default_start();
    for (std::size_t i = 0; i < commands.size(); ++i) {
        JournalRecord r;
        r.sequence = 100 + i;
        r.case_id = CaseId{5};
        r.case_sequence = static_cast<std::uint32_t>(i + 1);
        r.kind = i % 4 == 3 ? RecordKind::refused : RecordKind::applied;
        r.from = static_cast<State>(i % state_count);
        r.to = static_cast<State>((i + 5) % state_count);
        r.risk_after = static_cast<RiskGrade>(i % 4);
        r.route_after = static_cast<ReferralRoute>(i % 6);
        r.time = t0 + std::chrono::minutes(static_cast<int>(97 * i));
        r.actor = i % 3 == 0 ? system_actor : f.actor("jud.a");
        r.jurisdiction_before = f.place("c.a.1");
        r.jurisdiction_after = f.place(i % 2 ? "c.a" : "c");
        r.deadline = i % 4 == 0 ? no_time : t0 + days(static_cast<int>(i));
        r.warn_at = i % 5 == 0 ? no_time : t0 + days(static_cast<int>(i)) - std::chrono::hours(7);
        r.command = commands[i];
        r.reason = i % 2 ? "原因 " + std::to_string(i) : "";
        r.request_id = i % 2 ? "" : "req-" + std::to_string(i);
        r.policy_version = i == 0 ? "test-policies-1" : "";
        const std::string text = f.codec.encode_record(r);
        const CommandLine back = f.codec.decode(text, i + 1);
        ASSERT_EQ(back.kind, CommandLine::Kind::record) << text;
        EXPECT_EQ(first_difference(back.record, r), "") << text;
    }
}

TEST(JsonCommands, AMalformedLineIsReportedWithItsNumberWhereAndWhatWouldBeAccepted) {
    Fixture f;
    const std::vector<std::pair<std::string, std::string>> cases{
        {R"({"command": "accept", "actor": "med.a1", "case": 1)", "line 7: not valid JSON at column"},
        {R"({"command": "accept", "actor": "med.a1", "case": 1e999})",
         "line 7: not valid JSON at column 54 (number overflow parsing '1e999'); each line holds one JSON object"},
        {R"({"command": "accept", "actor": "med.a1", "case": NaN})",
         "line 7: not valid JSON at column 50 (syntax error while parsing value - invalid literal; last read: "
         "'\"case\": N'); each line holds one JSON object"},
        {R"(["accept"])", "line 7: expected a JSON object"},
        {R"({"command": "acept", "actor": "med.a1", "case": 1})",
         "line 7: /command: unknown command 'acept' (expected one of: report, accept, reject"},
        {R"({"command": "accept", "actor": "med.a1", "case": 1, "cse": 2})", "line 7: /cse: unknown key 'cse'"},
        {R"({"command": "accept", "actor": "med.a1"})", "line 7: missing required field 'case'"},
        {R"({"command": "accept", "actor": "med.zz", "case": 1})", "line 7: /actor: unknown actor 'med.zz'"},
        {R"({"command": "accept", "actor": "med.a1", "case": 0})", "line 7: /case: expected a whole number from 1"},
        {R"({"command": "accept", "actor": "med.a1", "case": "1"})", "line 7: /case: expected a whole number"},
        {R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.z"}})",
         "line 7: /payload/jurisdiction: unknown jurisdiction 'c.z'"},
        {R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.a.1", "category": "noise"}})",
         "line 7: /payload/category: unknown category 'noise' (expected one of: marriage_family, neighbour"},
        {R"({"command": "report", "actor": "med.a1"})", "line 7: missing required field 'payload'"},
        {R"({"command": "refer", "actor": "med.a1", "case": 1, "payload": {}})",
         "line 7: /payload: missing required field 'route'"},
        {R"({"command": "assign", "actor": "med.a1", "case": 1, "payload": {"mediators": ["jud.a", "nobody"]}})",
         "line 7: /payload/mediators/1: unknown actor 'nobody'"},
        {R"({"command": "accept", "actor": "med.a1", "case": 1, "time": "March 1st"})",
         "line 7: /time: expected a time in ISO 8601"},
        {R"({"command": "accept", "actor": "med.a1", "case": 1, "payload": {"terms": "x"}})",
         "line 7: /payload/terms: unknown key 'terms'"},
        {R"({"command": "advance-clock", "time": "2025-02-01", "case": 1})",
         "line 7: /case: advance-clock takes only 'time'"},
        {R"({"command": "advance-clock"})", "line 7: missing required field 'time'"},
        {R"({"command": "accept", "actor": "system", "case": 1})", "line 7: /actor: unknown actor 'system'"},
    };
    for (const auto& [line, expected] : cases) {
        const std::string got = message_of(f, line);
        EXPECT_EQ(got.rfind(expected, 0), 0u) << "line:     " << line << "\nmessage:  " << got << "\nexpected: " << expected;
    }
}

TEST(JsonCommands, AReportThatNamesACaseIsMalformed) {
    // A report makes its case; a "case" on it is a mistake (a command meant for an existing case?).
    Fixture f;
    const std::string line = R"({"command": "report", "actor": "grid.a1", "case": 5, "payload": {"jurisdiction": "c.a.1"}})";
    const std::string what = message_of(f, line);
    EXPECT_NE(what.find("/case"), std::string::npos) << what;
    EXPECT_NE(what.find("a report makes a new case and names none"), std::string::npos) << what;
}

TEST(JsonCommands, AKeyGivenTwiceIsMalformed) {
    Fixture f;
    for (const auto& [text, pointer] : std::vector<std::pair<std::string, std::string>>{
             {R"({"command": "accept", "actor": "med.a1", "case": 1, "case": 2})", "/case"},
             {R"({"command": "report", "actor": "grid.a1", "payload": {"jurisdiction": "c.a.1", "parties": [{"name": "王某"}, {"name": "李某", "side": "applicant", "side": "respondent"}]}})",
              "/payload/parties/1/side"}}) {
        try {
            (void)f.codec.decode(text, 7);
            ADD_FAILURE() << "accepted: " << text;
        } catch (const MalformedLine& e) {
            EXPECT_EQ(e.pointer(), pointer) << e.what();
            EXPECT_NE(std::string(e.what()).find("appears twice"), std::string::npos) << e.what();
        }
    }
}

TEST(JsonCommands, ReplayWritesOneResultPerLine) {
    Fixture f;
    const std::string file = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "2025-03-01T09:00:00+08:00", "request_id": "in-1", "payload": {"jurisdiction": "c.a.1", "category": "neighbour", "parties": [{"name": "王某"}, {"name": "李某", "side": "respondent"}]}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1})",
        "",
        R"({"command": "close", "actor": "centre", "case": 1, "payload": {"outcome": "abandoned"}})",
        R"({"command": "assign", "actor": "med.a1", "case": 1, "time": "2025-03-02", "payload": {"mediators": ["med.a1"]}})",
        R"({"command": "session", "actor": "med.a1", "case": 1, "payload": {"note": "一方未到"}})",
        R"({"command": "fail", "actor": "med.a1", "case": 1, "payload": {"reason": "拒不到场"}})",
        R"({"command": "assign", "actor": "jud.a", "case": 1, "payload": {"mediators": ["jud.a", "pol.a"]}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1, "time": "2025-01-01"})",
        R"({"command": "advance-clock", "time": "2025-06-01T00:00:00+08:00"})",
    });
    const auto run = f.cli("replay --commands '" + file + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    const auto out = run.lines();
    ASSERT_EQ(out.size(), 9u) << run.out;
    std::vector<nlohmann::json> r;
    for (const auto& l : out) r.push_back(nlohmann::json::parse(l));
    EXPECT_EQ(r[0]["line"], 1);
    EXPECT_EQ(r[0]["result"], "accepted");
    EXPECT_EQ(r[0]["case"], 1);
    EXPECT_EQ(r[0]["state"], "reported");
    EXPECT_EQ(r[0]["jurisdiction"], "c.a.1");
    EXPECT_EQ(r[1]["state"], "accepted");
    EXPECT_EQ(r[2]["line"], 4) << "blank lines keep their numbers";
    EXPECT_EQ(r[2]["result"], "rejected");
    EXPECT_EQ(r[2]["error"], "invalid_transition");
    EXPECT_EQ(r[2]["message"], "case 1 is accepted, which does not take 'close' (it takes: assign, withdraw, raise-risk)");
    EXPECT_EQ(r[3]["state"], "mediating");
    EXPECT_EQ(r[4]["command"], "session");
    // After a session, the Fengqiao policies send a failed village case up to the town at once: the
    // result shows where the case is after that follow-up.
    EXPECT_EQ(r[5]["command"], "fail");
    EXPECT_EQ(r[5]["state"], "accepted");
    EXPECT_EQ(r[5]["jurisdiction"], "c.a");
    EXPECT_EQ(r[5]["follow_ups"], 1);
    EXPECT_EQ(r[6]["state"], "mediating");
    EXPECT_EQ(r[7]["result"], "rejected");
    EXPECT_NE(r[7]["message"].get<std::string>().find("before the clock"), std::string::npos);
    EXPECT_EQ(r[8]["command"], "advance-clock");
    EXPECT_GT(r[8]["records"].get<int>(), 0) << "the town's time limit expired on the way";
}

TEST(JsonCommands, ANewStoresClockStartsAtItsFirstLinesTime) {
    // Cases from before the clock's usual start (2025-01-01) are read as of their own time.
    Fixture f;
    const std::string db = f.dir.file("2024.db");
    const std::string old = f.write("2024.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "2024-06-01T09:00:00+08:00", "payload": {"jurisdiction": "c.a.1"}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1, "time": "2024-06-02"})",
    });
    const auto run = f.cli("replay --strict --commands '" + old + "' --db '" + db + "'");
    ASSERT_EQ(run.status, 0) << run.out << run.err;
    Engine e = f.county.engine({std::make_shared<VirtualClock>(), std::make_shared<SqliteJournal>(db, SqliteJournalOptions{})});
    ASSERT_EQ(e.size(), 1u);
    EXPECT_EQ(format_time(e.at(CaseId{1}).reported_at), "2024-06-01T01:00:00Z");
    // The store now has a time of its own, its last record's: an earlier line is out of order.
    const std::string earlier = f.write("earlier.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "2024-05-01", "payload": {"jurisdiction": "c.a.1"}})",
    });
    const auto late = f.cli("replay --commands '" + earlier + "' --db '" + db + "'");
    ASSERT_EQ(late.lines().size(), 1u) << late.out;
    EXPECT_NE(late.out.find("before the clock (2024-06-01T16:00:00Z)"), std::string::npos) << late.out;
}

TEST(JsonCommands, ALineAPolicyCannotCompleteIsRejectedAndTheRunGoesOn) {
    // Mediation begun on the last day of 9999 would be due after the engine's clock ends.
    Fixture f;
    const std::string file = f.write("late.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "9999-12-31T10:00:00Z", "payload": {"jurisdiction": "c.a.1"}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1})",
        R"({"command": "assign", "actor": "med.a1", "case": 1})",
        R"({"command": "withdraw", "actor": "med.a1", "case": 1, "payload": {"reason": "双方和解"}})",
    });
    const auto run = f.cli("replay --commands '" + file + "' --db '" + f.dir.file("late.db") + "'");
    EXPECT_EQ(run.status, 0) << run.err;
    const auto out = run.lines();
    ASSERT_EQ(out.size(), 4u) << run.out << run.err;
    const auto third = nlohmann::json::parse(out[2]);
    EXPECT_EQ(third["line"], 3);
    EXPECT_EQ(third["result"], "rejected");
    EXPECT_NE(third["message"].get<std::string>().find("deadline"), std::string::npos) << out[2];
    EXPECT_EQ(nlohmann::json::parse(out[3])["state"], "withdrawn") << "the case was left as it was: accepted";
    EXPECT_NE(run.err.find("3 lines accepted, 1 rejected"), std::string::npos) << run.err;
}

TEST(JsonCommands, ARepeatedRequestIsAnsweredWithItsFirstResultEvenAfterARestart) {
    Fixture f;
    const std::string commands = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "2025-03-01T09:00:00+08:00", "request_id": "in-1", "payload": {"jurisdiction": "c.a.1", "category": "neighbour"}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1, "time": "2025-03-02", "request_id": "in-2"})",
    });
    const std::string db = f.dir.file("cases.db");
    auto first = f.cli("replay --commands '" + commands + "' --db '" + db + "'");
    ASSERT_EQ(first.status, 0) << first.err;
    // The same file again, as a client retrying after a restart: the clock is past both lines' times.
    auto again = f.cli("replay --commands '" + commands + "' --db '" + db + "' --strict");
    ASSERT_EQ(again.status, 0) << again.out << again.err;
    const auto a = first.lines(), b = again.lines();
    ASSERT_EQ(b.size(), 2u) << again.out;
    for (std::size_t i = 0; i < 2; ++i) {
        const auto x = nlohmann::json::parse(a[i]), y = nlohmann::json::parse(b[i]);
        for (const char* key : {"result", "command", "case", "sequence", "from", "state", "jurisdiction", "risk"}) {
            EXPECT_EQ(y[key], x[key]) << "line " << i + 1 << ": " << key;
        }
    }
    Engine e = f.county.engine({nullptr, std::make_shared<SqliteJournal>(db)});
    EXPECT_EQ(e.size(), 1u);
    EXPECT_EQ(e.journal().size(), 2u) << "nothing was applied twice";
}

TEST(JsonCommands, CommandsAreReadFromAFileOrTheStandardInputButNotFromADirectory) {
    Fixture f;
    const std::string commands = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "payload": {"jurisdiction": "c.a.1"}})",
    });
    auto run = f.cli("replay --commands - < '" + commands + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(nlohmann::json::parse(run.lines().at(0))["result"], "accepted");
    run = f.cli("replay --commands '" + f.dir.file("") + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("it is a directory"), std::string::npos) << run.err;
    run = f.cli("replay --commands '" + f.dir.file("none.jsonl") + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("none.jsonl': No such file or directory"), std::string::npos) << run.err;
    run = fixtures::run_cli("replay --commands", f.dir);
    EXPECT_EQ(run.status, 2);
    EXPECT_NE(run.err.find("--commands needs a value"), std::string::npos) << run.err;
}

TEST(JsonCommands, AMalformedLineStopsTheRunUnlessToldToKeepGoing) {
    Fixture f;
    const std::string file = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.a.1"}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1, "bogus": true})",
        R"({"command": "accept", "actor": "med.a1", "case": 1})",
    });
    auto run = f.cli("replay --commands '" + file + "'");
    EXPECT_EQ(run.status, 1);
    auto out = run.lines();
    ASSERT_EQ(out.size(), 2u) << run.out;
    EXPECT_EQ(nlohmann::json::parse(out[1])["result"], "malformed");
    EXPECT_EQ(nlohmann::json::parse(out[1])["pointer"], "/bogus");
    EXPECT_NE(run.err.find("line 2: /bogus: unknown key 'bogus'"), std::string::npos) << run.err;

    run = f.cli("replay --keep-going --commands '" + file + "'");
    EXPECT_EQ(run.status, 1) << "malformed lines still fail the run";
    out = run.lines();
    ASSERT_EQ(out.size(), 3u) << run.out;
    EXPECT_EQ(nlohmann::json::parse(out[2])["state"], "accepted");

    // An export whose first line is damaged: its records are not rebuilt, and each says why.
    std::vector<std::string> exported = f.exported_case();
    exported[0].pop_back();
    run = f.cli("replay --keep-going --commands '" + f.write("damaged.jsonl", exported) + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("line 2: an exported journal record, but the file's first line (line 1) is malformed"),
              std::string::npos)
        << run.err;
    EXPECT_EQ(run.err.find("line 3:"), std::string::npos) << "a journal cannot skip a record: the run stops\n" << run.err;

    // Exported records after a command: the first stops the run, also with --keep-going.
    exported = f.exported_case();
    exported.insert(exported.begin(), R"({"command": "advance-clock", "time": "2025-01-10"})");
    run = f.cli("replay --keep-going --commands '" + f.write("late-records.jsonl", exported) + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_EQ(run.lines().size(), 2u) << run.out;
    EXPECT_NE(run.err.find("stopped at an exported record out of place"), std::string::npos) << run.err;
}

TEST(JsonCommands, StrictFailsARunWithRejectedCommands) {
    Fixture f;
    const std::string file = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.a.1"}})",
        R"({"command": "close", "actor": "med.a1", "case": 1, "payload": {"outcome": "abandoned"}})",
    });
    EXPECT_EQ(f.cli("replay --commands '" + file + "'").status, 0);
    EXPECT_EQ(f.cli("replay --strict --commands '" + file + "'").status, 1);
}

TEST(JsonCommands, AnExportReplayedIntoAnEmptyStoreReproducesIt) {
    Fixture f;
    const std::string commands = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "grid.a1", "time": "2025-03-01T09:00:00+08:00", "request_id": "in-1", "payload": {"jurisdiction": "c.a.1", "category": "labour_wages", "claimed_amount": 4860000, "parties": [{"name": "张某"}, {"name": "某公司", "side": "respondent", "organisation": true}], "summary": "欠薪"}})",
        R"({"command": "accept", "actor": "med.a1", "case": 1})",
        R"({"command": "assign", "actor": "med.a1", "case": 1})",
        R"({"command": "session", "actor": "med.a1", "case": 1})",
        R"({"command": "fail", "actor": "med.a1", "case": 1, "payload": {"reason": "公司拒绝到场"}})",
        R"({"command": "withdraw", "actor": "med.b1", "case": 1})",
        R"({"command": "escalate", "actor": "med.a1", "case": 1})",
        R"({"command": "assign", "actor": "jud.a", "case": 1})",
        R"({"command": "report", "actor": "med.b1", "time": "2025-03-05", "payload": {"jurisdiction": "c.b.1", "risk": "orange"}})",
        R"({"command": "raise-risk", "actor": "med.b1", "case": 2, "payload": {"grade": "red", "reason": "扬言报复", "threat": true}})",
        R"({"command": "advance-clock", "time": "2025-07-01"})",
    });
    auto run = f.cli("replay --commands '" + commands + "' --db '" + f.dir.file("a.db") + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    run = f.cli("export --db '" + f.dir.file("a.db") + "' --output '" + f.dir.file("a.jsonl") + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    const std::string exported = fixtures::read_bytes(f.dir.file("a.jsonl"));
    ASSERT_GT(std::count(exported.begin(), exported.end(), '\n'), 10) << exported;
    EXPECT_NE(exported.find("\"command\":\"expire\""), std::string::npos) << "a deadline fired";
    EXPECT_NE(exported.find("\"kind\":\"refused\""), std::string::npos) << "a refusal is recorded";

    run = f.cli("replay --commands '" + f.dir.file("a.jsonl") + "' --db '" + f.dir.file("b.db") + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(nlohmann::json::parse(run.lines().front())["result"], "rebuilt");
    run = f.cli("export --db '" + f.dir.file("b.db") + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, exported) << "the rebuilt store exports the same lines, hashes included";

    Engine a = f.county.engine({nullptr, std::make_shared<SqliteJournal>(f.dir.file("a.db"))});
    Engine b = f.county.engine({nullptr, std::make_shared<SqliteJournal>(f.dir.file("b.db"))});
    EXPECT_EQ(a.cases(), b.cases());
    EXPECT_EQ(a.now(), b.now());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a.file(CaseId::from_index(i)), b.file(CaseId::from_index(i)));
}

TEST(JsonCommands, ExportedRecordsRebuildOnlyAnEmptyStoreAndNeverSkipARecord) {
    Fixture f;
    std::vector<std::string> lines = f.exported_case();
    auto run = f.cli("replay --commands '" + f.dir.file("a.jsonl") + "' --db '" + f.dir.file("a.db") + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("only be rebuilt into an empty store"), std::string::npos) << run.err;

    lines.erase(lines.begin() + 1);
    const std::string gap = f.write("gap.jsonl", lines);
    run = f.cli("replay --commands '" + gap + "' --db '" + f.dir.file("c.db") + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("line 2: journal record 3: expected record 2"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("nothing was rebuilt"), std::string::npos) << run.err;
    EXPECT_EQ(SqliteJournal(f.dir.file("c.db")).size(), 0u);
}

TEST(JsonCommands, AnExportedRecordChangedAfterExportIsNotRebuilt) {
    Fixture f;
    const std::vector<std::string> lines = f.exported_case();
    ASSERT_EQ(lines.size(), 3u);

    // Fields the engine's own checks cannot judge: a time moved forward, a risk grade.
    const auto with_text = [](std::string line, const std::string& key, const std::string& value) {
        const std::string head = "\"" + key + "\":\"";
        const auto at = line.find(head) + head.size();
        return line.replace(at, line.find('"', at) - at, value);
    };
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"time", "2030-01-01T00:00:00Z"}, {"risk_after", "red"}}) {
        std::vector<std::string> copy = lines;
        copy[1] = with_text(copy[1], key, value);
        ASSERT_NE(copy[1], lines[1]);
        const std::string db = f.dir.file(key + ".db");
        const auto run = f.cli("replay --commands '" + f.write(key + ".jsonl", copy) + "' --db '" + db + "'");
        EXPECT_EQ(run.status, 1) << key;
        EXPECT_NE(run.err.find("line 2: record 2 is not the record its export hashed"), std::string::npos) << run.err;
        EXPECT_NE(run.err.find("nothing was rebuilt"), std::string::npos) << run.err;
        EXPECT_EQ(SqliteJournal(db).size(), 0u);
    }

    // A record line without its place in the chain (written by hand) is taken as it is.
    std::vector<std::string> bare = lines;
    for (auto& l : bare) l = l.substr(0, l.find(",\"previous\"")) + "}";
    const auto run = f.cli("replay --commands '" + f.write("bare.jsonl", bare) + "' --db '" + f.dir.file("bare.db") + "'");
    EXPECT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(SqliteJournal(f.dir.file("bare.db")).size(), 3u);

    // A line edited and stripped of its hash cannot be checked itself; the case's next record then
    // does not chain to it, and the message names both lines.
    std::vector<std::string> stripped = lines;
    stripped[1] = with_text(stripped[1].substr(0, stripped[1].find(",\"previous\"")) + "}", "time", "2030-01-01T00:00:00Z");
    const auto edited = f.cli("replay --commands '" + f.write("stripped.jsonl", stripped) + "' --db '" + f.dir.file("stripped.db") + "'");
    EXPECT_EQ(edited.status, 1);
    EXPECT_NE(edited.err.find("line 3: record 3 is not the record its export hashed: the line, or line 2 (record 2, the "
                              "case's previous one, whose line carries no hash to check it by), was changed after export"),
              std::string::npos)
        << edited.err;
}

TEST(JsonCommands, AStaffingLineIsReadWithTheCountysCodes) {
    const Fixture f;
    const CommandLine line = f.codec.decode(R"({"extra_mediators": [{"jurisdiction": "c.b", "count": 2}, {"jurisdiction": "c.a.1", "count": 1}]})", 1);
    ASSERT_EQ(line.kind, CommandLine::Kind::staffing);
    const std::vector<std::pair<std::string, std::uint32_t>> expected{{"c.b", 2}, {"c.a.1", 1}};
    EXPECT_EQ(line.extra_mediators, expected) << "in the order given, not sorted";
    EXPECT_EQ(JsonLines::encode_staffing(expected),
              R"({"extra_mediators":[{"jurisdiction":"c.b","count":2},{"jurisdiction":"c.a.1","count":1}]})");
    EXPECT_EQ(f.codec.decode(JsonLines::encode_staffing(expected), 1).extra_mediators, expected);

    const auto malformed = [&](const std::string& text) -> std::pair<std::string, std::string> {
        try {
            (void)f.codec.decode(text, 1);
        } catch (const MalformedLine& e) {
            return {e.pointer(), e.what()};
        }
        return {"", "accepted"};
    };
    auto [where, what] = malformed(R"({"extra_mediators": [{"jurisdiction": "c.z", "count": 2}]})");
    EXPECT_EQ(where, "/extra_mediators/0/jurisdiction");
    EXPECT_NE(what.find("unknown jurisdiction 'c.z'"), std::string::npos) << what;
    std::tie(where, what) = malformed(R"({"extra_mediators": [{"jurisdiction": "c.b", "count": 1}, {"jurisdiction": "c.b", "count": 1}]})");
    EXPECT_NE(what.find("jurisdiction 'c.b' is named twice"), std::string::npos) << what;
    std::tie(where, what) = malformed(R"({"extra_mediators": [{"jurisdiction": "c.b", "count": 10001}]})");
    EXPECT_EQ(where, "/extra_mediators/0/count") << what;
    std::tie(where, what) = malformed(R"({"extra_mediators": {"c.b": 2}})");
    EXPECT_NE(what.find("expected a list of"), std::string::npos) << what;
    std::tie(where, what) = malformed(R"({"extra_mediators": [], "command": "accept"})");
    EXPECT_NE(what.find("'command'"), std::string::npos) << what;
}

TEST(JsonCommands, AnExportOfASimulationWithExtraMediatorsRebuildsWithTheCountyFileAlone) {
    TempDir dir;
    const std::string source_dir = FENGQIAO_SOURCE_DIR;
    fixtures::write_bytes(dir.file("more.json"),
                          fixtures::xiangyuan_scenario_adding(source_dir, "extra_mediators", R"({"xiangyuan.guhan": 2})"));
    const auto cli = [&](const std::string& arguments) { return fixtures::run_cli(arguments, dir, source_dir); };
    const std::string a = dir.file("a.db"), b = dir.file("b.db");
    auto run = cli("simulate --scenario '" + dir.file("more.json") + "' --days 90 --db '" + a + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    run = cli("export --db '" + a + "' --output '" + dir.file("a.jsonl") + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    const std::string exported = fixtures::read_bytes(dir.file("a.jsonl"));
    const std::string staffing = R"({"extra_mediators":[{"jurisdiction":"xiangyuan.guhan","count":2}]})";
    ASSERT_EQ(exported.substr(0, exported.find('\n')), staffing);
    ASSERT_NE(exported.find("\"xiangyuan.guhan.extra-2\""), std::string::npos) << "the run used an added mediator";

    // Into a new store (one that an earlier run left empty, naming the county without the added
    // mediators), and in memory: every record rebuilt, and the new store exports the same lines.
    fixtures::write_bytes(dir.file("nothing.jsonl"), "");
    ASSERT_EQ(cli("replay --commands '" + dir.file("nothing.jsonl") + "' --db '" + b + "'").status, 0);
    run = cli("replay --commands '" + dir.file("a.jsonl") + "' --db '" + b + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(std::count(run.out.begin(), run.out.end(), '\n'), std::count(exported.begin(), exported.end(), '\n') - 1);
    EXPECT_EQ(run.out.find("\"malformed\""), std::string::npos) << run.out.substr(0, 400);
    run = cli("export --db '" + b + "'");
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(run.out, exported) << "the rebuilt store lists the same mediators and exports the same lines";
    EXPECT_EQ(cli("stats --db '" + b + "'").status, 0);
    run = cli("replay --commands '" + dir.file("a.jsonl") + "'");
    EXPECT_EQ(run.status, 0) << run.err;

    // Into a store written with other mediators: refused before anything is applied.
    const std::uint64_t held = SqliteJournal(b).size();
    fixtures::write_bytes(dir.file("one.jsonl"),
                          R"({"extra_mediators":[{"jurisdiction":"xiangyuan.guhan","count":1}]})"
                          "\n"
                          R"({"command": "accept", "actor": "xiangyuan.centre", "case": 1})"
                          "\n");
    run = cli("replay --commands '" + dir.file("one.jsonl") + "' --db '" + b + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("line 1: the file's extra mediators (xiangyuan.guhan: 1) are not those"), std::string::npos)
        << run.err;
    EXPECT_NE(run.err.find("(xiangyuan.guhan: 2); nothing was applied"), std::string::npos) << run.err;
    EXPECT_EQ(SqliteJournal(b).size(), held);

    // Anywhere but first, a staffing line is malformed.
    const std::string first_record = exported.substr(exported.find('\n') + 1);
    fixtures::write_bytes(dir.file("late.jsonl"),
                          first_record.substr(0, first_record.find('\n') + 1) + staffing + "\n");
    run = cli("replay --commands '" + dir.file("late.jsonl") + "'");
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("line 2: a staffing line (extra_mediators) after other lines"), std::string::npos) << run.err;
}

TEST(JsonCommands, AStoreIsReadOnlyWithTheCountyThatWroteIt) {
    Fixture f;
    const std::string commands = f.write("commands.jsonl", {
        R"({"command": "report", "actor": "med.a1", "payload": {"jurisdiction": "c.a.1"}})",
    });
    ASSERT_EQ(f.cli("replay --commands '" + commands + "' --db '" + f.dir.file("a.db") + "'").status, 0);
    std::string other = county_json;
    other.replace(other.find("\"med.b1\""), 8, "\"med.b2\"");
    fixtures::write_bytes(f.dir.file("other.json"), other);
    const auto run = fixtures::run_cli(
        "export --db '" + f.dir.file("a.db") + "' --county '" + f.dir.file("other.json") + "'", f.dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("was written for the county 测试县"), std::string::npos) << run.err;
}

TEST(JsonCommands, TheDefaultCountyIsTheShippedXiangyuanFile) {
    TempDir dir;
    fixtures::write_bytes(dir.file("c.jsonl"),
                          R"({"command": "report", "actor": "xiangyuan.houbao.dongzhou.grid", "payload": {"jurisdiction": "xiangyuan.houbao.dongzhou", "category": "neighbour"}})"
                          "\n"
                          R"({"command": "accept", "actor": "xiangyuan.houbao.dongzhou.mediation", "case": 1})"
                          "\n");
    const auto run = fixtures::run_cli("replay --commands '" + dir.file("c.jsonl") + "'", dir, FENGQIAO_SOURCE_DIR);
    ASSERT_EQ(run.status, 0) << run.err;
    EXPECT_EQ(nlohmann::json::parse(run.lines().back())["state"], "accepted");
    const auto elsewhere = fixtures::run_cli("replay --commands '" + dir.file("c.jsonl") + "'", dir, dir.path().string());
    EXPECT_EQ(elsewhere.status, 1);
    EXPECT_NE(elsewhere.err.find("give --county FILE"), std::string::npos) << elsewhere.err;
}

TEST(JsonCommands, TheJsonSchemaKnowsTheWholeVocabulary) {
    std::ifstream in(FENGQIAO_SOURCE_DIR "/docs/schema/fengqiao-lines.schema.json");
    ASSERT_TRUE(in) << "docs/schema/fengqiao-lines.schema.json is missing";
    const auto schema = nlohmann::json::parse(in);
    std::set<std::string> names;
    for (const auto& n : schema["$defs"]["commandName"]["enum"]) names.insert(n.get<std::string>());
    for (auto kind : enum_values<CommandKind>()) {
        EXPECT_EQ(names.count(std::string(to_string(kind))), 1u) << to_string(kind) << " is not in the schema";
    }
    const auto& payloads = schema["$defs"]["payloads"];
    for (auto kind : enum_values<CommandKind>()) {
        EXPECT_TRUE(payloads.contains(std::string(to_string(kind)))) << "no payload schema for " << to_string(kind);
    }
}
