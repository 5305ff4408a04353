// The in-memory journal gives back exactly what it was given, per record and per case, and forgets
// exactly what a rollback discards.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"
#include "support/every_record.hpp"
#include "support/random_workload.hpp"
#include "support/records.hpp"

using namespace fengqiao;
using fixtures::SmallCounty;

TEST(MemoryJournal, EveryKindOfRecordIsReadBackExactly) {
    SmallCounty k;
    const auto records = fixtures::every_kind_of_record(k);
    MemoryJournal j;
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (i % 2 == 0) {
            j.append(records[i], Case{}, CaseFile{});
        } else {
            j.adopt(JournalRecord(records[i]), Case{}, CaseFile{});
        }
    }
    j.commit();
    const auto back = records_of(j);
    ASSERT_EQ(back.size(), records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(first_difference(back[i], records[i]), "") << "record " << i + 1;
        EXPECT_EQ(first_difference(j.record(i), records[i]), "") << "record " << i + 1;
    }
    // Case 1's chain holds every record but the refused report, which names no case.
    const auto history = j.history(CaseId{1});
    ASSERT_EQ(history.size(), records.size() - 1);
    EXPECT_EQ(history.front().sequence, 1U);
    EXPECT_EQ(history.back().command_kind(), CommandKind::withdraw);
}

TEST(MemoryJournal, ARollbackForgetsTheRecordsTheirTextsAndTheirPlaceInTheCaseChain) {
    SmallCounty k;
    const auto records = fixtures::every_kind_of_record(k);
    MemoryJournal j;
    for (std::size_t i = 0; i < 5; ++i) j.append(records[i], Case{}, CaseFile{});
    j.commit();
    for (std::size_t i = 5; i < records.size(); ++i) j.append(records[i], Case{}, CaseFile{});
    j.rollback();
    EXPECT_EQ(j.size(), 5U);
    EXPECT_EQ(j.history(CaseId{1}).size(), 5U);
    // The same sequence numbers again, with other texts: nothing of the discarded ones shows through.
    for (std::size_t i = 5; i < records.size(); ++i) {
        JournalRecord r = records[i];
        r.reason = "second try " + std::to_string(i);
        j.append(r, Case{}, CaseFile{});
    }
    j.commit();
    const auto back = records_of(j);
    ASSERT_EQ(back.size(), records.size());
    EXPECT_EQ(back[0].reason, records[0].reason);
    EXPECT_EQ(back[6].reason, "second try 6");
    EXPECT_EQ(first_difference(back[0], records[0]), "");
}

TEST(MemoryJournal, LongTextsAndManyRecordsAcrossBlocksAreKept) {
    MemoryJournal j;
    const std::string long_text(3 << 20, 'x');  // longer than one text buffer
    for (std::uint64_t i = 1; i <= 10'000; ++i) {
        JournalRecord r;
        r.sequence = i;
        r.case_id = CaseId{static_cast<std::uint32_t>(1 + i % 7)};
        r.case_sequence = static_cast<std::uint32_t>(i);
        r.command = HoldSession{i == 5'000 ? long_text : "note " + std::to_string(i)};
        r.reason = i % 3 == 0 ? std::string() : "reason " + std::to_string(i);
        j.adopt(std::move(r), Case{}, CaseFile{});
        if (i % 1'000 == 0) j.commit();
    }
    EXPECT_EQ(std::get<HoldSession>(j.record(4'999).command).note, long_text);
    EXPECT_EQ(std::get<HoldSession>(j.record(9'999).command).note, "note 10000");
    EXPECT_EQ(j.record(8'999).reason, "");
    EXPECT_EQ(j.record(9'997).reason, "reason 9998");
    const auto history = j.history(CaseId{3});  // i % 7 == 2
    ASSERT_FALSE(history.empty());
    for (const auto& r : history) EXPECT_EQ(r.sequence % 7, 2U);
}

TEST(MemoryJournal, AnEngineReplayedFromItEqualsTheOneThatWroteIt) {
    SmallCounty k;
    auto journal = std::make_shared<MemoryJournal>();
    EngineOptions options;
    options.journal = journal;
    Engine writer = k.engine(PolicySet::minimal(), options);
    fixtures::run_random_workload(writer, 7, 2'000, k.centre, k.mediator_b1, {k.village_a1, k.village_b1, k.town_a});
    Engine reader = k.engine();
    reader.replay(*journal);
    EXPECT_EQ(reader.cases(), writer.cases());
    EXPECT_EQ(records_of(reader.journal()), records_of(*journal));
}
