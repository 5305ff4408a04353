// The memory scenario: what an open case costs to keep. Every case is reported, accepted and assigned
// (so it is mediating, with a team, a deadline and a warning armed), with no parties and no summary,
// so what is measured is the fixed cost of a case, not its text.
//
// Two runs: one whose journal discards records (the engine's own state only) and one with the
// MemoryJournal (which keeps every record for the life of the engine). Each figure is an RSS delta
// (pages the process actually touched, read from /proc/self/statm), next to what the engine's case
// vector reserves (capacity x sizeof(Case)).
#include <benchmark/benchmark.h>

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <memory>

#include <fengqiao/fengqiao.hpp>

#include "bench/support/options.hpp"
#include "tests/support/county.hpp"

namespace fengqiao::bench {
namespace {

/// Takes records and keeps none: the engine's memory without any journal's.
class DiscardingJournal final : public Journal {
public:
    void append(const JournalRecord&, const Case&, const CaseFile&) override { ++size_; }
    void commit() override {}
    void rollback() override {}
    [[nodiscard]] std::uint64_t size() const override { return size_; }
    void for_each(const std::function<void(const JournalRecord&)>&) const override {}
    [[nodiscard]] std::vector<JournalRecord> history(CaseId) const override { return {}; }

private:
    std::uint64_t size_ = 0;
};

std::size_t resident_bytes() {
    malloc_trim(0);  // give freed pages back first, so the next delta counts live memory only
    unsigned long pages_total = 0;
    unsigned long pages_resident = 0;
    std::FILE* f = std::fopen("/proc/self/statm", "r");
    if (f == nullptr) return 0;
    const int got = std::fscanf(f, "%lu %lu", &pages_total, &pages_resident);
    std::fclose(f);
    return got == 2 ? pages_resident * static_cast<std::size_t>(sysconf(_SC_PAGESIZE)) : 0;
}

// Open cases of the engine, everything but the journal; shared by the two runs so the second can
// tell its journal's share.
double hot_bytes_per_case = 0;

void open_cases(benchmark::State& state, bool keep_journal) {
    const fixtures::SmallCounty county;
    const std::size_t cases = cases_or(1'000'000, 1'000);
    const JurisdictionId villages[] = {county.village_a1, county.village_a2, county.village_b1};
    for (auto _ : state) {
        const std::size_t rss_before = resident_bytes();
        EngineOptions options;
        if (!keep_journal) options.journal = std::make_shared<DiscardingJournal>();
        auto engine = std::make_unique<Engine>(county.engine(PolicySet::minimal(), options));
        for (std::size_t i = 0; i < cases; ++i) {
            Report r;
            r.jurisdiction = villages[i % 3];
            r.category = Category::neighbour;
            const CaseId id = engine->report(county.centre, std::move(r)).value().case_id;
            (void)engine->submit(id, county.centre, Accept{}).value();
            (void)engine->submit(id, county.centre, Assign{}).value();
        }
        const std::size_t rss_after = resident_bytes();
        const double n = static_cast<double>(cases);
        const double per_case = static_cast<double>(rss_after - rss_before) / n;
        state.counters["cases"] = n;
        state.counters["open"] = static_cast<double>(engine->statistics().open);
        state.counters["case_record_bytes"] = sizeof(Case);
        state.counters["case_vector_bytes_per_case"] =
            static_cast<double>(engine->cases().capacity() * sizeof(Case)) / n;
        state.counters["timers_per_case"] = static_cast<double>(engine->pending_timers()) / n;
        if (keep_journal) {
            const auto& journal = static_cast<const MemoryJournal&>(engine->journal());
            const double records = static_cast<double>(journal.size());
            state.counters["records"] = records;
            state.counters["record_bytes"] = sizeof(JournalRecord);
            state.counters["rss_bytes_per_case"] = per_case;
            if (hot_bytes_per_case > 0) {
                state.counters["journal_rss_bytes_per_record"] = (per_case - hot_bytes_per_case) * n / records;
            }
        } else {
            hot_bytes_per_case = per_case;
            state.counters["rss_bytes_per_case"] = per_case;
        }
        state.PauseTiming();
        engine.reset();
        state.ResumeTiming();
    }
}

BENCHMARK_CAPTURE(open_cases, hot, false)->Name("memory/open_cases/hot")->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_CAPTURE(open_cases, journal, true)
    ->Name("memory/open_cases/with_memory_journal")
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace fengqiao::bench
