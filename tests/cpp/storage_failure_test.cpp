// A full disk or a file the process may not write is reported as a StorageError, never a crash, and
// the engine's memory stays at what the file holds.
#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <fengqiao/fengqiao.hpp>

#include "support/child_process.hpp"
#include "support/county.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;
using fixtures::TempDir;

namespace {

std::shared_ptr<SqliteJournal> open_journal(const std::string& path) {
    SqliteJournalOptions options;
    options.durability = Durability::every_batch;
    return std::make_shared<SqliteJournal>(path, options);
}

std::uint64_t bytes_on_disk(const std::string& path) {
    std::uint64_t total = 0;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::error_code ec;
        const auto n = std::filesystem::file_size(path + suffix, ec);
        if (!ec) total += n;
    }
    return total;
}

// What a child found; the parent reads it back after the child has exited.
void note(const std::string& path, std::uint64_t records) { std::ofstream(path) << records; }
std::uint64_t noted(const std::string& path) {
    std::uint64_t n = 0;
    std::ifstream(path) >> n;
    return n;
}

}  // namespace

TEST(StorageFailure, AFullDiskIsReportedAndMemoryStaysAtWhatWasStored) {
    SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("cases.db");
    const int code = fixtures::run_in_child([&] {
        Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(path)});
        for (int i = 0; i < 20; ++i) (void)fixtures::drive_to(e, k, State::mediating);
        // Writing past the limit fails as a full disk does (EFBIG rather than ENOSPC); the signal a
        // process gets for it by default would kill it instead.
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        getrlimit(RLIMIT_FSIZE, &limit);
        const rlim_t unlimited = limit.rlim_cur;
        limit.rlim_cur = bytes_on_disk(path) + 16 * 1024;
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 10;
        for (int i = 0; i < 100'000; ++i) {
            const auto cases = e.cases();
            const auto size = e.journal().size();
            try {
                (void)e.report(k.centre, SmallCounty::report_at(k.village_a1, Category::neighbour));
            } catch (const StorageError& ex) {
                std::fprintf(stderr, "reported as: %s\n", ex.what());
                if (std::string(ex.what()).find(path) == std::string::npos) return 11;
                if (e.cases() != cases || e.journal().size() != size) return 12;
                // Once there is room again, the engine goes on where the file stopped.
                limit.rlim_cur = unlimited;
                if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 10;
                if (!e.report(k.centre, SmallCounty::report_at(k.village_a1)).ok()) return 14;
                if (e.journal().size() != size + 1) return 15;
                note(dir.file("stored"), size + 1);
                return 0;
            }
        }
        return 13;  // never ran out of space
    });
    ASSERT_EQ(code, 0) << "the child found the engine ahead of its file or the error unnamed (code " << code << ")";
    Engine reopened = k.engine(PolicySet::minimal(), {nullptr, open_journal(path)});
    EXPECT_EQ(reopened.journal().size(), noted(dir.file("stored")));
    EXPECT_GT(reopened.size(), 20u);
}

TEST(StorageFailure, AFileTheProcessMayNotWriteIsReportedAndNothingIsLost) {
    SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("cases.db");
    {
        Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(path)});
        for (int i = 0; i < 5; ++i) (void)fixtures::drive_to(e, k, State::accepted);
    }
    const std::string bytes = fixtures::read_bytes(path);
    ::chmod(dir.path().c_str(), 0777);
    ::chmod(path.c_str(), 0444);
    const int code = fixtures::run_in_child([&] {
        // Root may write any file; drop to an unprivileged user so the permission counts.
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) return 10;
        try {
            Engine e = k.engine(PolicySet::minimal(), {nullptr, open_journal(path)});
            const auto cases = e.cases();
            try {
                (void)e.submit(CaseId{1}, k.centre, Assign{{k.mediator_a1}});
            } catch (const StorageError& ex) {
                std::fprintf(stderr, "reported as: %s\n", ex.what());
                return e.cases() == cases && e.journal().size() == 10 ? 0 : 12;
            }
            return 13;  // the write was accepted
        } catch (const StorageError& ex) {
            std::fprintf(stderr, "reported at open as: %s\n", ex.what());
            const std::string what = ex.what();
            return what.find("cannot write journal '" + path + "': Permission denied") != std::string::npos ? 0 : 11;
        }
    });
    EXPECT_EQ(code, 0);
    ::chmod(path.c_str(), 0644);
    EXPECT_EQ(fixtures::read_bytes(path), bytes);
    Engine reopened = k.engine(PolicySet::minimal(), {nullptr, open_journal(path)});
    EXPECT_EQ(reopened.size(), 5u);
    EXPECT_EQ(reopened.at(CaseId{1}).state, State::accepted);
}

TEST(StorageFailure, ASecondEngineOnOneMemoryJournalIsRefusedAndTheJournalKeepsItsOrder) {
    SmallCounty k;
    auto journal = std::make_shared<MemoryJournal>();
    Engine first = k.engine(PolicySet::minimal(), {nullptr, journal});
    Engine second = k.engine(PolicySet::minimal(), {nullptr, journal});
    ASSERT_TRUE(first.report(k.centre, SmallCounty::report_at(k.village_a1)).ok());
    try {
        (void)second.report(k.centre, SmallCounty::report_at(k.village_b1));
        ADD_FAILURE() << "two engines wrote record 1";
    } catch (const StorageError& e) {
        EXPECT_NE(std::string(e.what()).find("another engine"), std::string::npos) << e.what();
    }
    EXPECT_EQ(journal->size(), 1u);
    EXPECT_EQ(second.size(), 0u) << "the refused engine keeps no case the journal lacks";
    Engine replayed = k.engine(PolicySet::minimal());
    replayed.replay(*journal);
    EXPECT_EQ(replayed.cases(), first.cases());
}

TEST(StorageFailure, AJournalThatCannotBeCreatedIsRefusedWithTheReason) {
    TempDir dir;
    const auto refusal = [](const std::string& path) -> std::string {
        try {
            (void)SqliteJournal(path);
        } catch (const StorageError& e) {
            return e.what();
        }
        return "opened";
    };
    const std::string missing = dir.file("no-such-dir/cases.db");
    EXPECT_NE(refusal(missing).find("cannot create journal '" + missing + "': directory '" + dir.file("no-such-dir") +
                                    "': No such file or directory"),
              std::string::npos)
        << refusal(missing);
    fixtures::write_bytes(dir.file("plain"), "not a directory");
    const std::string under_file = dir.file("plain/cases.db");
    EXPECT_NE(refusal(under_file).find("is not a directory"), std::string::npos) << refusal(under_file);
    // As an unprivileged user: a directory the process may not write.
    ::chmod(dir.path().c_str(), 0755);
    ::mkdir(dir.file("closed").c_str(), 0555);
    const std::string closed = dir.file("closed/cases.db");
    const int code = fixtures::run_in_child([&] {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) return 10;
        const std::string what = refusal(closed);
        std::fprintf(stderr, "refused as: %s\n", what.c_str());
        return what.find("in directory '" + dir.file("closed") + "': Permission denied") != std::string::npos ? 0 : 11;
    });
    EXPECT_EQ(code, 0);
    EXPECT_FALSE(std::filesystem::exists(closed));
}
