// Audit integrity: each stored record is chained by hash to its case's previous record, and
// verification (verify_journal, `fengqiao verify`) names the first record altered or removed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <random>
#include <tuple>

#include <fengqiao/fengqiao.hpp>

#include "store/record_codec.hpp"
#include "store/sha256.hpp"
#include "support/cli.hpp"
#include "support/county.hpp"
#include "support/sql.hpp"
#include "support/temp_dir.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;
using fixtures::TempDir;

namespace {

// Case 1: records 1-6 (to closed); case 2: records 7-10 (to agreed); case 3: records 11-12 (referred).
std::string sample(const TempDir& dir, const SmallCounty& k) {
    const std::string path = dir.file("audit.db");
    SqliteJournalOptions options;
    options.durability = Durability::every_batch;
    Engine e = k.engine(PolicySet::minimal(), {nullptr, std::make_shared<SqliteJournal>(path, options)});
    (void)fixtures::drive_to(e, k, State::closed);
    (void)fixtures::drive_to(e, k, State::agreed);
    (void)fixtures::drive_to(e, k, State::referred);
    return path;
}

void replace_terms(std::string& body) {
    const auto at = body.find("terms");
    ASSERT_NE(at, std::string::npos);
    body.replace(at, 5, "TERMZ");
}

std::string hash_of(const std::string& path, std::int64_t seq) {
    std::string h;
    fixtures::rewrite_blob(path, "journal", "hash", "seq", seq, [&h](std::string& b) { h = b; });
    return h;
}

// The journal's digest over records 1..last: SHA-256 of their hashes, concatenated.
Digest digest_of(const std::string& path, std::int64_t last) {
    store::Sha256 sha;
    for (std::int64_t seq = 1; seq <= last; ++seq) {
        const std::string h = hash_of(path, seq);
        sha.update(h.data(), h.size());
    }
    return sha.finish();
}

// Rewrites the journal's head as someone covering their tracks would.
void rewrite_head(const std::string& path, std::int64_t last) {
    const Digest d = digest_of(path, last);
    fixtures::execute_sql(path, "UPDATE head SET last_record = " + std::to_string(last) + " WHERE id = 1");
    fixtures::rewrite_blob(path, "head", "digest", "id", 1, [&d](std::string& b) {
        b.assign(reinterpret_cast<const char*>(d.data()), d.size());
    });
}

// Alters an agreement's terms and gives the record the hash its new content would chain to, as someone
// who knows the scheme would; the copy of the terms in the case's stored text is altered to match.
void alter_and_rehash(const std::string& path, std::int64_t seq, std::int64_t previous) {
    const std::string before = previous == 0 ? std::string(32, '\0') : hash_of(path, previous);
    std::string body;
    fixtures::rewrite_blob(path, "journal", "body", "seq", seq, [&body](std::string& b) {
        replace_terms(b);
        body = b;
    });
    fixtures::rewrite_blob(path, "journal", "file", "seq", seq, replace_terms);
    store::Sha256 h;
    h.update(before.data(), before.size());
    h.update(body.data(), body.size());
    const auto digest = h.finish();
    fixtures::rewrite_blob(path, "journal", "hash", "seq", seq, [&digest](std::string& b) {
        b.assign(reinterpret_cast<const char*>(digest.data()), digest.size());
    });
}

std::string refusal(const std::string& path, const SmallCounty& k) {
    try {
        Engine e = k.engine(PolicySet::minimal(), {nullptr, std::make_shared<SqliteJournal>(path)});
    } catch (const JournalCorrupt& ex) {
        return ex.what();
    }
    return "opened without complaint";
}

}  // namespace

TEST(AuditChain, AnUntouchedJournalVerifiesAsIntact) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    const auto v = verify_journal(path);
    EXPECT_TRUE(v.intact) << v.message;
    EXPECT_EQ(v.records, 12u);
    EXPECT_EQ(v.cases, 3u);
    EXPECT_EQ(v.first_bad, 0u);
    EXPECT_EQ(to_hex(v.digest), to_hex(digest_of(path, 12)));
    EXPECT_NE(v.message.find(to_hex(v.digest)), std::string::npos) << v.message;
}

TEST(AuditChain, EachRecordsHashChainsToItsCasesPreviousRecord) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    SqliteJournalOptions options;
    options.read_only = true;
    SqliteJournal j(path, options);
    std::vector<ChainLink> links;
    j.for_each_linked([&links](const JournalRecord&, const ChainLink& l) { links.push_back(l); });
    ASSERT_EQ(links.size(), 12u);
    EXPECT_EQ(links[0].previous, 0u);   // case 1's first record
    EXPECT_EQ(links[4].previous, 4u);   // record 5 follows record 4 of case 1
    EXPECT_EQ(links[6].previous, 0u);   // case 2 starts its own chain
    EXPECT_EQ(links[10].previous, 0u);  // and case 3
    EXPECT_EQ(links[11].previous, 11u);
}

TEST(AuditChain, AnAlteredRecordIsReportedByItsNumber) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    fixtures::rewrite_blob(path, "journal", "body", "seq", 4, replace_terms);
    const auto v = verify_journal(path);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad, 4u) << v.message;
    EXPECT_NE(v.message.find("record 4 (case 1, 'agree') was altered"), std::string::npos) << v.message;
    const std::string bytes = fixtures::read_bytes(path);
    EXPECT_NE(refusal(path, k).find("record 4"), std::string::npos) << refusal(path, k);
    EXPECT_EQ(fixtures::read_bytes(path), bytes) << "a refused journal must be left as it was";
}

TEST(AuditChain, AnAlteredHashIsReported) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    fixtures::rewrite_blob(path, "journal", "hash", "seq", 9, [](std::string& h) { h[0] = static_cast<char>(~h[0]); });
    const auto v = verify_journal(path);
    EXPECT_EQ(v.first_bad, 9u) << v.message;
}

TEST(AuditChain, ARehashedAlterationIsCaughtAtTheCasesNextRecord) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    alter_and_rehash(path, 4, 3);
    const auto v = verify_journal(path);
    EXPECT_FALSE(v.intact);
    EXPECT_EQ(v.first_bad, 5u) << v.message;
    EXPECT_NE(v.message.find("record 4 before it in the case was altered"), std::string::npos) << v.message;
}

TEST(AuditChain, ARehashedAlterationOfACasesLastRecordIsCaughtByTheJournalsDigest) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    alter_and_rehash(path, 10, 9);  // case 2's last record: no later record of the case chains to it
    const auto v = verify_journal(path);
    EXPECT_FALSE(v.intact);
    EXPECT_NE(v.message.find("altered and its hash recomputed"), std::string::npos) << v.message;
    EXPECT_NE(refusal(path, k), "opened without complaint");
}

TEST(AuditChain, ARemovedRecordIsReportedByItsNumber) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    fixtures::execute_sql(path, "DELETE FROM journal WHERE seq = 8");
    const auto v = verify_journal(path);
    EXPECT_EQ(v.first_bad, 8u) << v.message;
    EXPECT_NE(v.message.find("record 8 is missing"), std::string::npos) << v.message;
    EXPECT_NE(refusal(path, k).find("missing"), std::string::npos) << refusal(path, k);
}

TEST(AuditChain, ARemovedLastRecordIsReported) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    fixtures::execute_sql(path, "DELETE FROM journal WHERE seq = 12");
    const auto v = verify_journal(path);
    EXPECT_EQ(v.first_bad, 12u) << v.message;
    EXPECT_NE(v.message.find("record 12 was removed (the journal's head says it ends at record 12"),
              std::string::npos)
        << v.message;
    EXPECT_NE(refusal(path, k).find("ends at record 11, but its head says it ends at record 12"), std::string::npos)
        << refusal(path, k);
}

TEST(AuditChain, ARecordMovedToAnotherCaseIsReported) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    fixtures::execute_sql(path, "UPDATE journal SET case_id = 2 WHERE seq = 6");
    const auto v = verify_journal(path);
    EXPECT_EQ(v.first_bad, 6u) << v.message;
}

TEST(AuditChain, TheColumnsQueriesReadAndTheStoredCaseStateMustAgreeWithTheRecord) {
    SmallCounty k;
    TempDir dir;
    // What someone editing the readable columns would change: the `cases` view and SQL queries read them.
    for (const char* change : {"state = 'closed'", "time = time + 86400", "time = 'abc'", "kind = 'refused'",
                               "command = 'withdraw'", "state = NULL"}) {
        SCOPED_TRACE(change);
        const std::string path = sample(dir, k);
        fixtures::execute_sql(path, std::string("UPDATE journal SET ") + change + " WHERE seq = 9");
        const auto v = verify_journal(path);
        EXPECT_FALSE(v.intact);
        EXPECT_EQ(v.first_bad, 9u) << v.message;
        EXPECT_NE(v.message.find("column disagrees with its content"), std::string::npos) << v.message;
        EXPECT_NE(refusal(path, k), "opened without complaint") << "recovery checks the columns too";
        std::filesystem::remove(path);
    }
    // The case as stored with a record (what stored_cases() returns) must be what the record made it.
    const std::string path = sample(dir, k);
    fixtures::execute_sql(path, "UPDATE journal SET snapshot = (SELECT snapshot FROM journal WHERE seq = 8) "
                                "WHERE seq = 10");
    const auto v = verify_journal(path);
    EXPECT_EQ(v.first_bad, 10u) << v.message;
    EXPECT_NE(v.message.find("the case state stored with it"), std::string::npos) << v.message;
}

TEST(AuditChain, TheCaseStateStoredWithARecordKeepsWhatItsReportSaid) {
    // Case 2: report (record 7), accept (8), assign (9), agreement (10). What a case keeps of its report
    // (category, channel, origin, parties, claim, time) is fixed by the report, in every later snapshot.
    SmallCounty k;
    TempDir dir;
    const auto edit_snapshot = [](const std::string& path, std::int64_t seq, const std::function<void(Case&)>& change) {
        fixtures::rewrite_blob(path, "journal", "snapshot", "seq", seq, [&change](std::string& b) {
            Case c = store::decode_case(b);
            change(c);
            b.clear();
            store::encode_case(c, b);
        });
    };
    int n = 0;
    for (const auto& [seq, field, change] : std::vector<std::tuple<std::int64_t, std::string, std::function<void(Case&)>>>{
             {7, "(category)", [](Case& c) { c.category = Category::land_homestead; }},
             {7, "(claimed amount)", [](Case& c) { c.claimed_amount += 100; }},
             {9, "(category, channel, origin, parties, claim or time reported)", [](Case& c) { c.parties = 7; }},
             {10, "(category, channel, origin, parties, claim or time reported)",
              [](Case& c) { c.reported_at -= days(1); }}}) {
        SCOPED_TRACE(field);
        const std::string path = dir.file("facts-" + std::to_string(++n) + ".db");
        std::filesystem::rename(sample(dir, k), path);
        edit_snapshot(path, seq, change);
        const auto v = verify_journal(path);
        EXPECT_FALSE(v.intact);
        EXPECT_EQ(v.first_bad, static_cast<std::uint64_t>(seq)) << v.message;
        EXPECT_NE(v.message.find("the case state stored with it " + field + " disagrees with the case's report"),
                  std::string::npos)
            << v.message;
    }
}

TEST(AuditChain, TheFreeTextStoredWithARecordMustBeWhatTheRecordsSay) {
    // Case 2: report (record 7, summary 测试纠纷), accept (8), assign (9), agreement (10, terms "terms").
    // Its text, as stored_cases() returns it, must be the report's and the agreement's.
    SmallCounty k;
    TempDir dir;
    const auto replace = [](const std::string& from, const std::string& to) {
        return [from, to](std::string& b) {
            const auto at = b.find(from);
            ASSERT_NE(at, std::string::npos) << from;
            b.replace(at, from.size(), to);
        };
    };
    const struct {
        std::int64_t seq;
        std::function<void(const std::string&)> tamper;
        const char* said;
    } cases[] = {
        {7, [&](const std::string& p) { fixtures::rewrite_blob(p, "journal", "file", "seq", 7, replace("测试", "改过")); },
         "another summary than the report"},
        {7, [&](const std::string& p) { fixtures::rewrite_blob(p, "journal", "file", "seq", 7, replace("甲", "丙")); },
         "other parties than the report"},
        {10, [&](const std::string& p) { fixtures::rewrite_blob(p, "journal", "file", "seq", 10, replace("terms", "TERMZ")); },
         "other terms than the agreement"},
        {10, [&](const std::string& p) { fixtures::rewrite_blob(p, "journal", "file", "seq", 10, replace("测试", "改过")); },
         "another summary than the report"},
        {8, [](const std::string& p) { fixtures::execute_sql(p, "UPDATE journal SET file = (SELECT file FROM journal WHERE seq = 7) WHERE seq = 8"); },
         "a record of 'accept' changes no text"},
        {7, [](const std::string& p) { fixtures::execute_sql(p, "UPDATE journal SET file = NULL WHERE seq = 7"); },
         "is missing"},
    };
    int n = 0;
    for (const auto& c : cases) {
        SCOPED_TRACE(c.said);
        const std::string path = dir.file("text-" + std::to_string(++n) + ".db");
        std::filesystem::rename(sample(dir, k), path);
        ASSERT_TRUE(verify_journal(path).intact);
        c.tamper(path);
        const auto v = verify_journal(path);
        EXPECT_FALSE(v.intact);
        EXPECT_EQ(v.first_bad, static_cast<std::uint64_t>(c.seq)) << v.message;
        EXPECT_NE(v.message.find("the case's free text stored with it"), std::string::npos) << v.message;
        EXPECT_NE(v.message.find(c.said), std::string::npos) << v.message;
    }
}

TEST(AuditChain, AKeptDigestRevealsTamperingThatAlsoRewroteTheHead) {
    // Whoever rewrites the journal's head as well leaves consistent chains; a digest kept from an
    // earlier verification is what shows it.
    SmallCounty k;
    for (const bool truncate : {true, false}) {
        SCOPED_TRACE(truncate ? "the newest record removed" : "a case's last record altered and re-hashed");
        TempDir dir;
        const std::string path = sample(dir, k);
        const auto kept = verify_journal(path);
        if (truncate) {
            fixtures::execute_sql(path, "DELETE FROM journal WHERE seq = 12");
            rewrite_head(path, 11);
        } else {
            alter_and_rehash(path, 10, 9);
            rewrite_head(path, 12);
        }
        const auto later = verify_journal(path);
        ASSERT_TRUE(later.intact) << later.message;
        EXPECT_NE(later.digest, kept.digest);
    }
}

TEST(AuditChain, RandomDamageToARecordIsReportedAtThatRecordAndNeverCrashes) {
    const std::uint64_t seed = 77031;
    SCOPED_TRACE("seed " + std::to_string(seed));
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    { SqliteJournal settle(path); }  // fold the write-ahead log in, so the file alone holds everything
    const std::string pristine = fixtures::read_bytes(path);
    std::mt19937_64 rng(seed);
    for (int round = 0; round < 150; ++round) {
        fixtures::write_bytes(path, pristine);
        const auto seq = static_cast<std::int64_t>(1 + rng() % 12);
        // Every kind of damage changes the body; one draw per statement keeps the sequence of
        // draws, and so the damage, the same with every compiler.
        fixtures::rewrite_blob(path, "journal", "body", "seq", seq, [&rng](std::string& b) {
            const auto kind = rng() % 4;
            if (kind == 0) {  // one bit flipped
                const auto at = rng() % b.size();
                const auto bit = rng() % 8;
                b[at] = static_cast<char>(b[at] ^ (1 << bit));
            } else if (kind == 1) {  // cut short
                b.resize(rng() % b.size());
            } else if (kind == 2) {  // bytes added
                const auto n = 1 + rng() % 40;
                b += std::string(n, static_cast<char>(rng()));
            } else {  // a run of up to eight bytes scrambled, each one changed
                const auto start = rng() % b.size();
                const auto run = std::min<std::size_t>(8, b.size());
                for (std::size_t i = 0; i < run; ++i) {
                    const auto at = (start + i) % b.size();
                    const auto mask = 1 + rng() % 255;
                    b[at] = static_cast<char>(b[at] ^ mask);
                }
            }
        });
        const auto v = verify_journal(path);
        ASSERT_FALSE(v.intact) << "round " << round << ": damage to record " << seq << " went unnoticed";
        ASSERT_EQ(v.first_bad, static_cast<std::uint64_t>(seq)) << "round " << round << ": " << v.message;
    }
}

TEST(AuditChain, TheVerifyCommandPrintsTheFirstBadRecordAndFails) {
    SmallCounty k;
    TempDir dir;
    const std::string path = sample(dir, k);
    auto run = fixtures::run_cli("verify '" + path + "'", dir);
    EXPECT_EQ(run.status, 0) << run.out << run.err;
    EXPECT_NE(run.out.find("12 records in 3 hash chains, all intact"), std::string::npos) << run.out;
    fixtures::rewrite_blob(path, "journal", "body", "seq", 4, replace_terms);
    run = fixtures::run_cli("verify '" + path + "'", dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.out.find("first bad record: 4"), std::string::npos) << run.out;
    run = fixtures::run_cli("verify '" + dir.file("missing.db") + "'", dir);
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find("missing.db"), std::string::npos) << run.err;
}

// The hashes are SHA-256 itself: the one-shot form used for each record's chain hash gives what the
// incremental one gives, at every length around the block and padding boundaries, and the standard's
// value for "abc".
TEST(AuditChain, RecordHashesAreSha256AtEveryLength) {
    std::string text;
    for (int i = 0; i < 700; ++i) text.push_back(static_cast<char>('a' + (i * 7) % 26));
    for (std::size_t n = 0; n <= text.size(); ++n) {
        for (std::size_t cut : {std::size_t{0}, std::size_t{32}, n / 2}) {
            if (cut > n) continue;
            store::Sha256 h;
            h.update(text.data(), n);
            const auto whole = h.finish();
            ASSERT_EQ(store::Sha256::of(text.data(), cut, text.data() + cut, n - cut), whole) << n << " " << cut;
        }
    }
    const auto abc = store::Sha256::of("ab", 2, "c", 1);
    EXPECT_EQ(to_hex(abc), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
