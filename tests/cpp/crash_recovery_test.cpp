// Crash recovery: a writer killed at random moments loses nothing it acknowledged, stores nothing
// twice, and leaves a file whose cases (as recovered, and as stored with their records) equal a
// replay of its journal. What is checked, and why, is
// described in docs/durability.md.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;
using fixtures::TempDir;

namespace {

// What the writer reported on its pipe: a command it was told was stored (the call returned).
struct Ack {
    std::string request_id;
    std::uint64_t sequence = 0;
    CaseId case_id;
    Command command;  // filled in from the file once the record is known to be there
};

PolicySet policies() {
    auto p = PolicySet::minimal();
    auto esc = std::make_shared<fixtures::ScriptedEscalation>();
    esc->on_failure = EscalationDecision::Kind::escalate;
    esc->on_risk = EscalationDecision::Kind::escalate;
    p.escalation = esc;
    p.deadline = std::make_shared<fixtures::EveryStateDeadline>(days(3), std::chrono::hours(12));
    return p;
}

std::shared_ptr<SqliteJournal> open_journal(const std::string& path, Durability d) {
    SqliteJournalOptions options;
    options.durability = d;
    return std::make_shared<SqliteJournal>(path, options);
}

void say(int fd, const std::string& line) {
    // One write per line, shorter than PIPE_BUF, so a kill never leaves half a line.
    const std::string out = line + "\n";
    if (::write(fd, out.data(), out.size()) != static_cast<ssize_t>(out.size())) ::_exit(4);
}

Command next_command(State s, std::mt19937_64& rng) {
    auto pick = [&rng](unsigned n) { return static_cast<unsigned>(rng() % n); };
    if (pick(25) == 0) return Withdraw{"撤回"};
    if (pick(25) == 0) return RaiseRisk{static_cast<RiskGrade>(pick(4)), "observed"};
    switch (s) {
        case State::reported: return pick(10) == 0 ? Command(Refer{ReferralRoute::police, "p"}) : Command(Accept{});
        case State::accepted: return Assign{};
        case State::mediating:
            if (pick(3) == 0) return HoldSession{"s"};
            if (pick(2) == 0) return ReachAgreement{"t", true};
            return Fail{"f"};
        case State::agreed: return pick(2) == 0 ? Command(ApplyConfirmation{}) : Command(StartFollowUp{});
        case State::confirming: return ConfirmationGranted{};
        case State::follow_up: return RecordFulfilment{pick(5) != 0, "v"};
        case State::failed: return pick(3) == 0 ? Command(Refer{ReferralRoute::litigation, "r"}) : Command(Escalate{});
        case State::referred: return Close{Outcome::decided_elsewhere, "c"};
        default: return Accept{};
    }
}

// The writer: recovers the file, proves earlier acknowledgements still hold, then issues commands
// until it is killed, reporting every acknowledged one.
[[noreturn]] void writer(const std::string& path, Durability durability, std::uint64_t seed, int round,
                         const std::vector<Ack>& earlier, int fd) {
    try {
        const SmallCounty k;
        auto journal = open_journal(path, durability);
        Engine e = k.engine(policies(), {nullptr, journal});
        std::mt19937_64 rng(seed);
        // Retried requests are answered from the journal, not applied again.
        for (int i = 0; i < 5 && !earlier.empty(); ++i) {
            const Ack& a = earlier[rng() % earlier.size()];
            const auto again = e.submit(a.case_id, k.centre, a.command, a.request_id);
            if (!again.ok() || again->sequence != a.sequence) {
                say(fd, "E retried request " + a.request_id + " got " +
                            (again.ok() ? "record " + std::to_string(again->sequence) : again.error().message) +
                            " instead of record " + std::to_string(a.sequence));
                ::_exit(3);
            }
        }
        std::vector<CaseId> open;
        for (const Case& c : e.cases()) {
            if (c.open()) open.push_back(c.id);
        }
        say(fd, "R");
        for (std::uint64_t n = 0;; ++n) {
            const std::string prefix = "r" + std::to_string(round) + "-" + std::to_string(n);
            std::vector<Request> batch;
            const std::size_t size = rng() % 8 == 0 ? 2 + rng() % 12 : 1;
            for (std::size_t i = 0; i < size; ++i) {
                const std::string id = prefix + "-" + std::to_string(i);
                if (open.size() < 20 || rng() % 5 == 0) {
                    batch.push_back({CaseId{}, k.centre, SmallCounty::report_at(k.village_a1), id});
                } else {
                    const CaseId c = open[rng() % open.size()];
                    batch.push_back({c, k.centre, next_command(e.at(c).state, rng), id});
                }
            }
            const auto results = size == 1 ? std::vector<Result<Receipt>>{e.submit(batch.front())}
                                           : e.submit_batch(batch);
            for (std::size_t i = 0; i < results.size(); ++i) {
                if (!results[i].ok()) continue;
                say(fd, "A " + batch[i].request_id + " " + std::to_string(results[i]->sequence) + " " +
                            std::to_string(results[i]->case_id.value()));
                if (batch[i].case_id.valid()) continue;
                open.push_back(results[i]->case_id);
            }
            if (rng() % 50 == 0) e.advance(std::chrono::hours(1 + static_cast<int>(rng() % 72)));
            open.erase(std::remove_if(open.begin(), open.end(), [&e](CaseId c) { return !e.at(c).open(); }),
                       open.end());
            if (durability == Durability::on_checkpoint && rng() % 40 == 0) {
                journal->checkpoint();
                say(fd, "C");
            }
        }
    } catch (const std::exception& ex) {
        say(fd, std::string("E ") + ex.what());
        ::_exit(3);
    }
}

struct Round {
    std::vector<Ack> durable;  // acknowledged, and the durability setting promises they are stored
    std::vector<Ack> maybe;    // acknowledged after the last checkpoint (on_checkpoint only)
    std::string error;
    bool killed = false;
};

// Starts a writer, kills it @p delay after it is ready, and collects what it reported.
Round run_round(const std::string& path, Durability durability, std::uint64_t seed, int round,
                const std::vector<Ack>& earlier, std::chrono::microseconds delay) {
    int fds[2];
    if (::pipe(fds) != 0) return Round{{}, {}, "cannot create a pipe", false};
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(fds[0]);
        writer(path, durability, seed, round, earlier, fds[1]);
    }
    ::close(fds[1]);
    Round out;
    std::string pending;
    bool ready = false, killed = false;
    char buf[4096];
    for (;;) {
        if (ready && !killed) {
            std::this_thread::sleep_for(delay);
            ::kill(pid, SIGKILL);
            killed = true;
        }
        const ssize_t n = ::read(fds[0], buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        pending.append(buf, static_cast<std::size_t>(n));
        for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos; pending.erase(0, nl + 1)) {
            const std::string line = pending.substr(0, nl);
            if (line == "R") {
                ready = true;
            } else if (line == "C") {
                out.durable.insert(out.durable.end(), out.maybe.begin(), out.maybe.end());
                out.maybe.clear();
            } else if (line.rfind("A ", 0) == 0) {
                std::istringstream in(line.substr(2));
                Ack a;
                std::uint32_t c = 0;
                in >> a.request_id >> a.sequence >> c;
                a.case_id = CaseId{c};
                (durability == Durability::on_checkpoint ? out.maybe : out.durable).push_back(a);
            } else if (line.rfind("E ", 0) == 0) {
                out.error = line.substr(2);
            }
        }
    }
    ::close(fds[0]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    out.killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
    if (!out.killed && out.error.empty()) out.error = "the writer ended by itself (status " + std::to_string(status) + ")";
    return out;
}

}  // namespace

TEST(CrashRecovery, AWriterKilledAtRandomLosesNothingItAcknowledgedAndStoresNothingTwice) {
    const std::uint64_t seed = 20251129;
    SCOPED_TRACE("seed " + std::to_string(seed));
    constexpr int kills = 24;
    const SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("crash.db");
    std::mt19937_64 rng(seed);
    std::vector<Ack> acknowledged;  // every acknowledgement still owed by the file
    std::size_t checked = 0;
    for (int round = 0; round < kills; ++round) {
        const auto durability = static_cast<Durability>(round % 3);
        SCOPED_TRACE("round " + std::to_string(round) + ", durability " + std::string(to_string(durability)));
        const auto delay = std::chrono::microseconds(1'000 + rng() % 40'000);
        Round r = run_round(path, durability, rng(), round, acknowledged, delay);
        ASSERT_TRUE(r.error.empty()) << r.error;
        ASSERT_TRUE(r.killed);

        Engine reopened = k.engine(policies(), {nullptr, open_journal(path, Durability::every_batch)});
        std::map<std::string, JournalRecord> by_request;
        reopened.journal().for_each([&](const JournalRecord& rec) {
            if (rec.kind != RecordKind::applied || rec.request_id.empty()) return;
            const bool first = by_request.emplace(rec.request_id, rec).second;
            ASSERT_TRUE(first) << "request " << rec.request_id << " is stored twice (again in record " << rec.sequence
                               << ")";
        });
        acknowledged.insert(acknowledged.end(), r.durable.begin(), r.durable.end());
        for (Ack& a : acknowledged) {
            const auto it = by_request.find(a.request_id);
            ASSERT_NE(it, by_request.end()) << "acknowledged request " << a.request_id << " (record " << a.sequence
                                            << ") is missing after the kill";
            ASSERT_EQ(it->second.sequence, a.sequence) << "request " << a.request_id;
            ASSERT_EQ(it->second.case_id, a.case_id) << "request " << a.request_id;
            a.command = it->second.command;
        }
        for (Ack& a : r.maybe) {  // written only if a checkpoint came after; then owed from now on
            const auto it = by_request.find(a.request_id);
            if (it == by_request.end()) continue;
            ASSERT_EQ(it->second.sequence, a.sequence) << "request " << a.request_id;
            a.command = it->second.command;
            acknowledged.push_back(a);
        }
        checked += r.durable.size();

        Engine replayed = k.engine(PolicySet::minimal());
        replayed.replay(reopened.journal());
        ASSERT_EQ(replayed.cases(), reopened.cases());
        for (std::size_t i = 0; i < reopened.size(); ++i) {
            ASSERT_EQ(replayed.file(CaseId::from_index(i)), reopened.file(CaseId::from_index(i)));
        }
        const auto stored = static_cast<SqliteJournal&>(reopened.journal()).stored_cases();
        ASSERT_EQ(stored.size(), reopened.size());
        for (const auto& s : stored) {
            ASSERT_EQ(s.state, reopened.at(s.state.id));
            ASSERT_EQ(s.file, reopened.file(s.state.id));
        }
        const auto verdict = verify_journal(path);
        ASSERT_TRUE(verdict.intact) << verdict.message;
    }
    EXPECT_GT(checked, 100u) << "the writers were killed before they acknowledged much";
    std::printf("%d kills, %zu acknowledged commands checked\n", kills, acknowledged.size());
}

// A writer killed while a checkpoint copies the write-ahead log into the main file can leave that file
// with the new first page (whose header counts the pages to come) but without the pages themselves. The
// log still holds every committed page, so the file is whole: it must open, and verify, with every record.
TEST(CrashRecovery, AWriterKilledInTheMiddleOfACheckpointLeavesAFileThatOpensWhole) {
    const SmallCounty k;
    TempDir dir;
    const std::string path = dir.file("crash.db");
    {
        Engine e = k.engine(policies(), {nullptr, open_journal(path, Durability::every_command)});
        for (int i = 0; i < 5; ++i) ASSERT_TRUE(e.submit(CaseId{}, k.centre, SmallCounty::report_at(k.village_a1)).ok());
    }
    const std::string before = fixtures::read_bytes(path);  // checkpointed on close: no log left

    std::string log, after;
    std::uint64_t records = 0;
    {
        auto journal = open_journal(path, Durability::every_command);
        Engine e = k.engine(policies(), {nullptr, journal});
        std::vector<Request> batch;
        for (int i = 0; i < 400; ++i) {
            auto report = SmallCounty::report_at(k.village_a1);
            report.summary.assign(200, static_cast<char>('a' + i % 26));  // the file grows by many pages
            batch.push_back({CaseId{}, k.centre, report, {}});
        }
        for (const auto& r : e.submit_batch(batch)) ASSERT_TRUE(r.ok());
        records = journal->size();
        log = fixtures::read_bytes(path + "-wal");  // what a killed writer leaves: every commit in the log
        ASSERT_FALSE(log.empty());
    }
    after = fixtures::read_bytes(path);
    const std::size_t page = 4096;
    ASSERT_GT(after.size(), before.size() + 2 * page) << "the writes did not grow the file";

    // The checkpoint had written the first page (new header) and nothing after it.
    fixtures::write_bytes(path, after.substr(0, page) + before.substr(page));
    fixtures::write_bytes(path + "-wal", log);

    const auto verdict = verify_journal(path);
    EXPECT_TRUE(verdict.intact) << verdict.message;
    EXPECT_EQ(verdict.records, records);
    auto journal = open_journal(path, Durability::every_command);
    EXPECT_EQ(journal->size(), records);
    Engine reopened = k.engine(policies(), {nullptr, journal});
    EXPECT_EQ(reopened.size(), 405u);
}
