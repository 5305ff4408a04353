// Reopening: an engine recovers every case, request id and timer from a SQLite journal of about a
// million records (replaying it, and verifying sequence and hash chains on the way); and the same
// file checked by verify_journal. Counters are taken from wall-clock time, not from "Time" (CPU).
#include <benchmark/benchmark.h>

#include <chrono>
#include <memory>

#include "bench/durable/common.hpp"
#include "bench/support/options.hpp"

namespace fengqiao::bench {
namespace {

// About 6.3 commands per case in the lifecycle script: 160,000 cases give about a million records.
struct Store {
    ScratchDir dir;
    std::string path;
    std::uint64_t records = 0;
    std::size_t cases = 0;
};

// Written once per program run, before the first measurement.
const Store& store() {
    static const std::unique_ptr<Store> s = [] {
        auto out = std::make_unique<Store>();
        const fixtures::SmallCounty county;
        out->path = out->dir.fresh("reopen.db");
        SqliteJournalOptions options;
        options.durability = Durability::on_checkpoint;
        auto journal = std::make_shared<SqliteJournal>(out->path, options);
        Engine engine = county.engine(PolicySet::minimal(), {nullptr, journal});
        (void)submit_in_batches(engine, lifecycle_requests(cases_or(160'000, 200), county), 5000);
        journal->checkpoint();
        out->records = journal->size();
        out->cases = engine.size();
        return out;
    }();
    return *s;
}

void reopen(benchmark::State& state) {
    const Store& s = store();
    const fixtures::SmallCounty county;
    std::size_t recovered = 0;
    std::chrono::steady_clock::duration wall{};
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        auto engine = std::make_unique<Engine>(
            county.engine(PolicySet::minimal(), {nullptr, std::make_shared<SqliteJournal>(s.path)}));
        recovered = engine->size();
        wall += std::chrono::steady_clock::now() - start;
        state.PauseTiming();
        engine.reset();
        state.ResumeTiming();
    }
    if (recovered != s.cases) state.SkipWithError("the reopened engine lost cases");
    const double seconds = std::chrono::duration<double>(wall).count() / static_cast<double>(state.iterations());
    state.counters["records"] = static_cast<double>(s.records);
    state.counters["seconds"] = seconds;
    state.counters["per_record"] = seconds / static_cast<double>(s.records);
}
BENCHMARK(reopen)->Name("durable/sqlite_reopen")->Unit(benchmark::kMillisecond);

void verify(benchmark::State& state) {
    const Store& s = store();
    bool intact = true;
    std::chrono::steady_clock::duration wall{};
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        intact = verify_journal(s.path).intact && intact;
        wall += std::chrono::steady_clock::now() - start;
    }
    if (!intact) state.SkipWithError("the journal did not verify");
    const double seconds = std::chrono::duration<double>(wall).count() / static_cast<double>(state.iterations());
    state.counters["records"] = static_cast<double>(s.records);
    state.counters["seconds"] = seconds;
    state.counters["per_record"] = seconds / static_cast<double>(s.records);
}
BENCHMARK(verify)->Name("durable/sqlite_verify")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fengqiao::bench
