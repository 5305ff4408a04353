// The SQLite journal: what an engine acknowledged is in the file, a reopened engine continues where
// it stopped, and a file that is not sound is refused without being touched.
#include <gtest/gtest.h>

#include <algorithm>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"
#include "support/every_record.hpp"
#include "support/random_workload.hpp"
#include "support/records.hpp"
#include "support/sql.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;
using fixtures::TempDir;
using fixtures::every_kind_of_record;

namespace {

PolicySet busy_policies() {
    // Deadlines everywhere and escalation on failure, so timers and automatic moves are in the journal.
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_failure = EscalationDecision::Kind::escalate;
    esc->on_risk = EscalationDecision::Kind::escalate;
    p.escalation = esc;
    p.deadline = std::make_shared<fixtures::EveryStateDeadline>(days(12), days(2));
    return p;
}

// Syncing every commit to stable storage is what every_command adds and what no test here can observe;
// every_batch keeps the tests fast on a busy disk and still survives a crash of the process.
std::shared_ptr<SqliteJournal> open_journal(const std::string& path, Durability d = Durability::every_batch) {
    SqliteJournalOptions options;
    options.durability = d;
    return std::make_shared<SqliteJournal>(path, options);
}

// The random workload carries every case to its end; a few more are left open, with deadlines.
void run_workload(Engine& e, std::uint64_t seed, std::size_t cases, const SmallCounty& k) {
    fixtures::run_random_workload(e, seed, cases, k.centre, k.mediator_b1,
                                  {k.village_a1, k.village_a2, k.village_b1, k.grid_a1, k.town_a});
    for (State s : {State::reported, State::accepted, State::mediating, State::agreed, State::follow_up}) {
        (void)fixtures::drive_to(e, k, s);
    }
}

void expect_same_cases(const Engine& a, const Engine& b) {
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        const CaseId id = CaseId::from_index(i);
        ASSERT_EQ(a.at(id), b.at(id)) << "case " << id.value();
        ASSERT_EQ(a.file(id), b.file(id)) << "case " << id.value();
    }
    for (const auto& actor : a.roster().actors()) ASSERT_EQ(a.open_cases_of(actor.id), b.open_cases_of(actor.id));
}

}  // namespace

TEST(SqliteJournal, EveryKindOfRecordIsReadBackExactly) {
    SmallCounty k;
    TempDir dir;
    const auto records = every_kind_of_record(k);
    {
        auto j = open_journal(dir.file("j.db"));
        Case c;
        c.id = CaseId{1};
        for (const auto& r : records) {
            if (r.case_id.valid()) c.version = r.case_sequence;
            j->append(r, c, CaseFile{});
        }
        j->commit();
    }
    auto j = open_journal(dir.file("j.db"));
    const auto back = records_of(*j);
    ASSERT_EQ(back.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(first_difference(back[i], records[i]), "") << "record " << i + 1;
    }
    const auto history = j->history(CaseId{1});
    ASSERT_EQ(history.size(), records.size() - 1);  // all but the refused report
    EXPECT_EQ(history.back(), records[records.size() - 2]);
}

TEST(SqliteJournal, ReopeningTheFileRecoversEveryCaseAndContinuesItsTimers) {
    SmallCounty k;
    TempDir dir;
    const std::uint64_t seed = 4242;
    SCOPED_TRACE("seed " + std::to_string(seed));
    // The same workload in memory gives the engine the file's engine would have been had it lived on.
    Engine memory = k.engine(busy_policies());
    run_workload(memory, seed, 400, k);
    {
        Engine stored = k.engine(busy_policies(), {nullptr, open_journal(dir.file("cases.db"))});
        run_workload(stored, seed, 400, k);
        ASSERT_EQ(stored.journal().size(), memory.journal().size());
    }
    Engine reopened = k.engine(busy_policies(), {nullptr, open_journal(dir.file("cases.db"))});
    expect_same_cases(memory, reopened);
    EXPECT_EQ(reopened.now(), memory.now());
    EXPECT_GT(memory.statistics().open, 0u);
    // Deadlines still pending fire in both, alike.
    memory.advance(days(40));
    reopened.advance(days(40));
    expect_same_cases(memory, reopened);
    EXPECT_EQ(reopened.journal().size(), memory.journal().size());
    EXPECT_EQ(records_of(reopened.journal()), records_of(memory.journal()));
}

TEST(SqliteJournal, TheStoreKeepsEachCaseAsItsLatestRecordLeftIt) {
    SmallCounty k;
    TempDir dir;
    auto journal = open_journal(dir.file("cases.db"));
    Engine e = k.engine(busy_policies(), {nullptr, journal});
    run_workload(e, 77, 200, k);
    const auto stored = journal->stored_cases();
    ASSERT_EQ(stored.size(), e.size());
    for (const auto& s : stored) {
        ASSERT_EQ(s.state, e.at(s.state.id)) << "case " << s.state.id.value();
        ASSERT_EQ(s.file, e.file(s.state.id));
        ASSERT_EQ(s.last_record, e.history(s.state.id).back().sequence);
    }
}

TEST(SqliteJournal, RequestIdsStayIdempotentAcrossRestarts) {
    SmallCounty k;
    TempDir dir;
    CaseId id;
    Receipt first;
    {
        Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(dir.file("cases.db"))});
        id = e.report(k.centre, SmallCounty::report_at(k.village_a1), "intake-1").value().case_id;
        first = e.submit(id, k.centre, Accept{}, "accept-1").value();
    }
    Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(dir.file("cases.db"))});
    const auto size = e.journal().size();
    const auto again = e.submit(id, k.centre, Accept{}, "accept-1");
    ASSERT_TRUE(again.ok()) << again.error().message;
    EXPECT_EQ(again->sequence, first.sequence);
    EXPECT_EQ(again->to, State::accepted);
    EXPECT_EQ(e.report(k.centre, SmallCounty::report_at(k.village_a1), "intake-1").value().case_id, id);
    EXPECT_EQ(e.journal().size(), size) << "a retried request must not be stored twice";
    const auto conflict = e.submit(id, k.centre, Withdraw{}, "accept-1");
    ASSERT_FALSE(conflict.ok());
    EXPECT_EQ(conflict.error().code, ErrorCode::request_conflict);
}

TEST(SqliteJournal, ABatchIsCommittedTogetherAndSurvivesAReopen) {
    SmallCounty k;
    TempDir dir;
    std::vector<Result<Receipt>> results;
    {
        Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(dir.file("cases.db"))});
        const CaseId id = fixtures::drive_to(e, k, State::reported);
        std::vector<Request> batch{{id, k.centre, Accept{}, "b-1"},
                                   {id, k.centre, Assign{{k.mediator_a1}}, "b-2"},
                                   {CaseId{}, k.centre, SmallCounty::report_at(k.village_b1), "b-3"},
                                   {id, k.centre, Accept{}, "b-4"}};  // refused: already accepted
        results = e.submit_batch(batch);
    }
    Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(dir.file("cases.db"))});
    EXPECT_EQ(e.size(), 2u);
    EXPECT_EQ(e.at(CaseId{1}).state, State::mediating);
    EXPECT_EQ(e.open_cases_of(k.mediator_a1), 1u);
    EXPECT_EQ(e.journal().size(), 4u);
    EXPECT_FALSE(results[3].ok());
}

TEST(SqliteJournal, ABatchOfHundredsOfCommandsIsStoredExactlyAsAnEngineInMemoryKeepsIt) {
    SmallCounty k;
    TempDir dir;
    // 150 reports and 150 acceptances in one batch: the journal inserts its rows several at a time,
    // and this batch is not a multiple of any of those sizes.
    std::vector<Request> batch;
    for (std::size_t i = 0; i < 150; ++i) {
        batch.push_back({CaseId{}, k.centre, SmallCounty::report_at(i % 2 ? k.village_a1 : k.village_b1),
                         "r-" + std::to_string(i)});
    }
    for (std::size_t i = 0; i < 150; ++i) batch.push_back({CaseId::from_index(i), k.centre, Accept{}, {}});
    Engine memory = k.engine(PolicySet::minimal());
    (void)memory.submit_batch(batch);
    for (Durability d : enum_values<Durability>()) {
        SCOPED_TRACE(std::string(to_string(d)));
        const std::string path = dir.file(std::string(to_string(d)) + ".db");
        {
            Engine stored = k.engine(PolicySet::minimal(), {nullptr, open_journal(path, d)});
            for (const auto& r : stored.submit_batch(batch)) ASSERT_TRUE(r.ok()) << r.error().message;
            EXPECT_EQ(stored.history(CaseId::from_index(149)).size(), 2u);
        }
        Engine reopened = k.engine(PolicySet::minimal(), {nullptr, open_journal(path, d)});
        expect_same_cases(memory, reopened);
        EXPECT_EQ(records_of(reopened.journal()), records_of(memory.journal()));
        EXPECT_TRUE(verify_journal(path).intact) << verify_journal(path).message;
    }
}

TEST(SqliteJournal, RecordsAppendedButNotCommittedCanBeReadAndAreDiscardedByARollback) {
    SmallCounty k;
    TempDir dir;
    const auto records_of_one_case = [&k](std::size_t n) {
        std::vector<JournalRecord> out;
        for (std::size_t i = 1; i <= n; ++i) {
            JournalRecord r;
            r.sequence = i;
            r.case_id = CaseId{1};
            r.case_sequence = static_cast<std::uint32_t>(i);
            r.actor = k.centre;
            r.command = i == 1 ? Command(SmallCounty::report_at(k.village_a1)) : Command(HoldSession{"第" + std::to_string(i) + "次"});
            out.push_back(std::move(r));
        }
        return out;
    };
    const std::string path = dir.file("j.db");
    {
        auto j = open_journal(path);
        Case c;  // the case as each record leaves it, with what it keeps of its report
        c.id = CaseId{1};
        const Report report = SmallCounty::report_at(k.village_a1);
        c.category = report.category;
        c.channel = report.channel;
        c.origin = report.jurisdiction;
        c.parties = static_cast<std::uint16_t>(report.parties.size() + report.unnamed_parties);
        c.claimed_amount = report.claimed_amount;
        for (const auto& r : records_of_one_case(100)) {
            c.version = r.case_sequence;
            j->append(r, c, CaseFile{});
        }
        EXPECT_EQ(j->history(CaseId{1}).size(), 100u) << "the open transaction's records are readable";
        j->rollback();
        EXPECT_EQ(j->size(), 0u);
        EXPECT_TRUE(j->history(CaseId{1}).empty());
        const auto kept = records_of_one_case(70);
        for (const auto& r : kept) {
            c.version = r.case_sequence;
            // The case's text, as the engine keeps it: the report's parties and summary.
            j->append(r, c, CaseFile{report.parties, report.summary, {}});
        }
        j->commit();
        EXPECT_EQ(records_of(*j), kept);
    }
    EXPECT_EQ(open_journal(path)->size(), 70u);
    EXPECT_TRUE(verify_journal(path).intact) << verify_journal(path).message;
}

TEST(SqliteJournal, EachDurabilitySettingKeepsWhatWasCommittedAcrossACleanClose) {
    SmallCounty k;
    for (Durability d : enum_values<Durability>()) {
        SCOPED_TRACE(std::string(to_string(d)));
        TempDir dir;
        std::vector<Case> before;
        {
            Engine e = k.engine(busy_policies(), {nullptr, open_journal(dir.file("cases.db"), d)});
            run_workload(e, 5, 40, k);
            before = e.cases();
        }
        Engine e = k.engine(busy_policies(), {nullptr, open_journal(dir.file("cases.db"), d)});
        EXPECT_EQ(e.cases(), before);
    }
}

TEST(SqliteJournal, OnCheckpointWritesNothingToTheFileUntilACheckpoint) {
    SmallCounty k;
    TempDir dir;
    auto journal = open_journal(dir.file("cases.db"), Durability::on_checkpoint);
    Engine e = k.engine(PolicySet::minimal(), {nullptr, journal});
    (void)fixtures::drive_to(e, k, State::mediating);
    SqliteJournalOptions reader;
    reader.read_only = true;
    EXPECT_EQ(SqliteJournal(dir.file("cases.db"), reader).size(), 0u) << "another process sees nothing yet";
    journal->checkpoint();
    EXPECT_EQ(SqliteJournal(dir.file("cases.db"), reader).size(), 3u);
}

TEST(SqliteJournal, CheckpointEveryWritesOnceEnoughRecordsArePending) {
    SmallCounty k;
    TempDir dir;
    SqliteJournalOptions options;
    options.durability = Durability::on_checkpoint;
    options.checkpoint_every = 4;
    auto journal = std::make_shared<SqliteJournal>(dir.file("cases.db"), options);
    Engine e = k.engine(PolicySet::minimal(), {nullptr, journal});
    SqliteJournalOptions reader;
    reader.read_only = true;
    (void)fixtures::drive_to(e, k, State::mediating);  // 3 records: below the threshold
    EXPECT_EQ(SqliteJournal(dir.file("cases.db"), reader).size(), 0u);
    (void)fixtures::drive_to(e, k, State::reported);  // the fourth
    EXPECT_EQ(SqliteJournal(dir.file("cases.db"), reader).size(), 4u);
}

TEST(SqliteJournal, AttributesAreKeptWithTheJournal) {
    TempDir dir;
    {
        auto j = open_journal(dir.file("cases.db"));
        EXPECT_EQ(j->attribute("county"), "");
        j->set_attribute("county", "襄垣县");
    }
    EXPECT_EQ(open_journal(dir.file("cases.db"))->attribute("county"), "襄垣县");
    EXPECT_NE(open_journal(dir.file("cases.db"))->attribute("created_by").find("fengqiao"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------------
// Files that are refused, and left as they were

namespace {

std::string write_sample(const TempDir& dir, const SmallCounty& k, std::size_t cases = 100) {
    const std::string path = dir.file("cases.db");
    Engine e = k.engine(busy_policies(), {nullptr, open_journal(path)});
    run_workload(e, 99, cases, k);
    return path;
}

std::string refusal(const std::string& path, const SmallCounty& k) {
    try {
        Engine e = k.engine(busy_policies(), {nullptr, open_journal(path)});
    } catch (const JournalCorrupt& ex) {
        return ex.what();
    }
    return "opened without complaint";
}

}  // namespace

TEST(SqliteJournal, AFileFromANewerSchemaIsRefusedAndLeftUntouched) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k);
    fixtures::execute_sql(path, "PRAGMA user_version = 2");
    const std::string bytes = fixtures::read_bytes(path);
    const std::string why = refusal(path, k);
    EXPECT_NE(why.find("schema version 2"), std::string::npos) << why;
    EXPECT_NE(why.find("newer fengqiao"), std::string::npos) << why;
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
}

TEST(SqliteJournal, AJournalAtRestIsReadInADirectoryTheReaderCannotWrite) {
    // As on a read-only medium, or an archive an auditor may only read: SQLite cannot create the
    // shared-memory file it wants beside the journal, and the journal is read all the same.
    SmallCounty k;
    TempDir dir;
    const std::string folder = dir.file("archive");
    std::filesystem::create_directory(folder);
    const std::string path = folder + "/cases.db";
    {
        Engine e = k.engine(busy_policies(), {nullptr, open_journal(path)});
        run_workload(e, 99, 30, k);
    }
    const std::string bytes = fixtures::read_bytes(path);
    std::filesystem::permissions(dir.file(""), std::filesystem::perms::owner_all | std::filesystem::perms::group_exec |
                                                   std::filesystem::perms::others_exec);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                                             std::filesystem::perms::group_exec | std::filesystem::perms::others_read |
                                             std::filesystem::perms::others_exec);
    std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::others_read);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    if (child == 0) {
        // root may write anywhere: read as nobody, who may not.
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        try {
            if (!verify_journal(path).intact) ::_exit(4);
            SqliteJournalOptions options;
            options.read_only = true;
            auto journal = std::make_shared<SqliteJournal>(path, options);
            const Engine e = k.engine(busy_policies(), {nullptr, journal});
            ::_exit(e.size() >= 30 ? 0 : 5);
        } catch (const std::exception& ex) {
            std::fprintf(stderr, "%s\n", ex.what());
            ::_exit(6);
        }
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0) << "3: cannot become nobody, 4: not intact, 5: cases missing, 6: refused";
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
    EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(SqliteJournal, ReadingAJournalAtRestLeavesNoFilesBesideIt) {
    // An auditor checks an archived journal: afterwards the folder holds what it held, byte for byte.
    SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("cases.db");
    std::size_t written = 0;
    {
        Engine e = k.engine(busy_policies(), {nullptr, open_journal(path)});
        run_workload(e, 7, 30, k);
        written = e.size();
    }
    ASSERT_FALSE(std::filesystem::exists(path + "-wal"));
    const std::string bytes = fixtures::read_bytes(path);
    const auto beside = [&] {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(dir.path())) names.push_back(entry.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    const auto before = beside();
    ASSERT_TRUE(verify_journal(path).intact);
    EXPECT_EQ(beside(), before) << "verify_journal() left files behind";
    {
        SqliteJournalOptions options;
        options.read_only = true;
        const Engine e = k.engine(busy_policies(), {nullptr, std::make_shared<SqliteJournal>(path, options)});
        EXPECT_EQ(e.size(), written);
    }
    EXPECT_EQ(beside(), before) << "a read-only SqliteJournal left files behind";
    EXPECT_EQ(fixtures::read_bytes(path), bytes);

    // Beside a writer at work, a reader sees what was committed and the writer goes on undisturbed.
    std::size_t total = 0;
    {
        auto writer = open_journal(path);
        Engine e = k.engine(busy_policies(), {nullptr, writer});
        run_workload(e, 8, 5, k);
        const auto v = verify_journal(path);
        EXPECT_TRUE(v.intact) << v.message;
        EXPECT_EQ(v.records, writer->size());
        const std::size_t seen = e.size();
        run_workload(e, 9, 5, k);
        EXPECT_GT(e.size(), seen);
        total = e.size();
    }
    EXPECT_EQ(k.engine(busy_policies(), {nullptr, open_journal(path)}).size(), total);
}

TEST(SqliteJournal, AReaderNeverFoldsAWritersLogIntoTheFile) {
    // A writer commits while a reader has the journal open, and leaves first: its commits wait in the
    // log for it, and the reader, closing last, must not write them into the file.
    SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("cases.db");
    {
        Engine e = k.engine(busy_policies(), {nullptr, open_journal(path)});
        run_workload(e, 3, 10, k);
    }
    const std::string bytes = fixtures::read_bytes(path);
    {
        SqliteJournalOptions options;
        options.read_only = true;
        const SqliteJournal reader(path, options);
        fixtures::execute_sql(path, "INSERT INTO meta (key, value) VALUES ('note', 'written while a reader read')");
        EXPECT_GT(std::filesystem::file_size(path + "-wal"), 0u);
    }
    EXPECT_EQ(fixtures::read_bytes(path), bytes) << "the reader folded the writer's log into the file";
    ASSERT_TRUE(std::filesystem::exists(path + "-wal"));
    EXPECT_GT(std::filesystem::file_size(path + "-wal"), 0u) << "the writer's commits are still in its log";
    EXPECT_EQ(SqliteJournal(path).attribute("note"), "written while a reader read");
}

TEST(SqliteJournal, AReaderReadsTheJournalAsOpenedWhileAWriterGoesOn) {
    // A dashboard or a nightly export reads while the case system writes: each commit of the writer
    // moves the journal's head past what the reader opened.
    SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("cases.db");
    Engine writer = k.engine(busy_policies(), {nullptr, open_journal(path)});
    run_workload(writer, 5, 10, k);
    SqliteJournalOptions options;
    options.read_only = true;
    const SqliteJournal reader(path, options);
    const std::uint64_t opened = reader.size();
    ASSERT_EQ(opened, writer.journal().size());
    run_workload(writer, 6, 10, k);
    ASSERT_GT(writer.journal().size(), opened);
    // Before, the reader compared the records it had read with a head of a later commit and
    // reported the records after it as removed.
    std::vector<JournalRecord> seen;
    ASSERT_NO_THROW(reader.for_each([&](const JournalRecord& r) { seen.push_back(r); }));
    ASSERT_EQ(seen.size(), opened);
    std::vector<JournalRecord> written;
    writer.journal().for_each([&](const JournalRecord& r) {
        if (r.sequence <= opened) written.push_back(r);
    });
    EXPECT_EQ(seen, written);
    EXPECT_EQ(reader.history(CaseId::from_index(0)), writer.history(CaseId::from_index(0)));
}

TEST(SqliteJournal, ATruncatedFileIsRefusedAndLeftUntouched) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k);
    std::string bytes = fixtures::read_bytes(path);
    ASSERT_GT(bytes.size(), 8192u);
    for (std::size_t keep : {bytes.size() / 2, bytes.size() - 4096, std::size_t{1000}, std::size_t{50}}) {
        SCOPED_TRACE("kept " + std::to_string(keep) + " of " + std::to_string(bytes.size()) + " bytes");
        fixtures::write_bytes(path, bytes.substr(0, keep));
        const std::string why = refusal(path, k);
        EXPECT_NE(why.find("truncated"), std::string::npos) << why;
        EXPECT_EQ(fixtures::read_bytes(path), bytes.substr(0, keep));
    }
    // Cut to nothing: verify says so (a writer would take the empty file for a new store).
    fixtures::write_bytes(path, "");
    const auto v = verify_journal(path);
    EXPECT_FALSE(v.intact);
    EXPECT_NE(v.message.find("is an empty file (0 bytes)"), std::string::npos) << v.message;
}

TEST(SqliteJournal, ADamagedFileIsRefusedAndLeftUntouched) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k, 400);
    std::string bytes = fixtures::read_bytes(path);
    // Scribble over the second half, where most record pages are; the size stays right.
    for (std::size_t i = bytes.size() / 2; i < bytes.size(); i += 7) bytes[i] = static_cast<char>(i * 31);
    fixtures::write_bytes(path, bytes);
    const std::string why = refusal(path, k);
    EXPECT_NE(why.find("cases.db"), std::string::npos) << why;
    EXPECT_NE(why, "opened without complaint");
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
}

TEST(SqliteJournal, AFileThatIsNotAJournalIsRefused) {
    SmallCounty k;
    TempDir dir;
    const std::string text = dir.file("notes.txt");
    fixtures::write_bytes(text, std::string(5000, 'x'));
    EXPECT_NE(refusal(text, k).find("not an SQLite database"), std::string::npos) << refusal(text, k);
    EXPECT_EQ(fixtures::read_bytes(text), std::string(5000, 'x'));

    const std::string other = dir.file("other.db");
    fixtures::execute_sql(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1)");
    const std::string bytes = fixtures::read_bytes(other);
    EXPECT_NE(refusal(other, k).find("another application"), std::string::npos) << refusal(other, k);
    EXPECT_EQ(fixtures::read_bytes(other), bytes);
}

TEST(SqliteJournal, ADirectoryIsNamedAsOne) {
    TempDir dir;
    try {
        (void)open_journal(dir.path().string());
        ADD_FAILURE() << "a directory was opened as a journal";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("it is a directory"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)verify_journal(dir.path().string()), StorageError);
}

TEST(SqliteJournal, APathThatWouldKeepNothingIsRefused) {
    // SQLite would open a private temporary database for these: records that seem stored, then vanish.
    for (const char* path : {"", ":memory:"}) {
        try {
            (void)open_journal(path);
            ADD_FAILURE() << "'" << path << "' was opened as a journal";
        } catch (const Exception& e) {
            EXPECT_EQ(e.code(), ErrorCode::invalid_argument);
            EXPECT_NE(std::string(e.what()).find("MemoryJournal"), std::string::npos) << e.what();
        }
    }
}

TEST(SqliteJournal, DamageToTheSchemaOrTheHeaderIsNamedAsDamage) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k);
    const std::string good = fixtures::read_bytes(path);
    // The first page after the 100-byte header holds the schema, which SQLite reads before any query.
    std::string bytes = good;
    for (std::size_t i = 100; i < 116; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5a);
    fixtures::write_bytes(path, bytes);
    std::string why = refusal(path, k);
    EXPECT_NE(why.find("is damaged (SQLite: "), std::string::npos) << why;
    EXPECT_EQ(why.find("SELECT"), std::string::npos) << why;  // no SQL text in the message
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
    // A schema version no fengqiao writes is damage, not a newer library's file.
    fixtures::write_bytes(path, good);
    fixtures::execute_sql(path, "PRAGMA user_version = 1515870811");
    why = refusal(path, k);
    EXPECT_NE(why.find("is damaged: its header gives journal schema version 1515870811"), std::string::npos) << why;
    EXPECT_EQ(why.find("newer"), std::string::npos) << why;
}

TEST(SqliteJournal, AJournalWithAGapInACasesSequenceIsRefused) {
    SmallCounty k;
    TempDir dir;
    Engine live = k.engine();
    (void)fixtures::drive_to(live, k, State::closed);  // six records of case 1
    // Store them without the third, numbered on as if nothing were missing: every hash is right,
    // but case 1 jumps from version 2 to version 4.
    const std::string path = dir.file("gap.db");
    {
        auto j = open_journal(path);
        std::uint64_t seq = 0;
        for (JournalRecord r : records_of(live.journal())) {
            if (r.sequence == 3) continue;
            r.sequence = ++seq;
            j->append(r, live.at(r.case_id), live.file(r.case_id));
            j->commit();
        }
    }
    const std::string bytes = fixtures::read_bytes(path);
    const std::string why = refusal(path, k);
    EXPECT_NE(why.find("gap"), std::string::npos) << why;
    EXPECT_NE(why.find("record 3"), std::string::npos) << why;
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
}

TEST(SqliteJournal, AJournalWrittenForAnotherCountyIsRefusedAndNotWrittenTo) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k);
    const std::string bytes = fixtures::read_bytes(path);
    JurisdictionTree small;
    small.add({}, JurisdictionKind::county, "X", "另一县");
    Roster nobody;
    auto journal = open_journal(path);
    EXPECT_THROW(Engine(small, nobody, PolicySet::minimal(), {nullptr, journal}), JournalCorrupt);
    Case c;
    EXPECT_THROW(journal->append(JournalRecord{}, c, CaseFile{}), StorageError);
    journal.reset();
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
}

TEST(SqliteJournal, AReadOnlyJournalReportsCommandsAsStorageErrorsAndKeepsMemoryAsStored) {
    SmallCounty k;
    TempDir dir;
    const std::string path = write_sample(dir, k);
    SqliteJournalOptions options;
    options.read_only = true;
    Engine e = k.engine(busy_policies(), {nullptr, std::make_shared<SqliteJournal>(path, options)});
    const auto cases = e.cases();
    const auto size = e.journal().size();
    CaseQuery q;
    q.open_only = true;
    const CaseId open = e.query(q).front();
    try {
        (void)e.submit(open, k.centre, Withdraw{"test"});
        FAIL() << "a read-only journal accepted a command";
    } catch (const StorageError& ex) {
        EXPECT_NE(std::string(ex.what()).find("read-only"), std::string::npos) << ex.what();
        EXPECT_NE(std::string(ex.what()).find(path), std::string::npos) << ex.what();
    }
    EXPECT_EQ(e.cases(), cases);
    EXPECT_EQ(e.journal().size(), size);
    EXPECT_THROW(SqliteJournal(dir.file("missing.db"), options), StorageError);
}
