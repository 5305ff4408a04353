// Durable appends: the lifecycle script submitted in batches (group commit) to an engine whose
// journal is a SQLite file, against the same batches on a MemoryJournal. Each run ends with a
// checkpoint, so every command is on stable storage when the clock stops. The counters are taken from
// wall-clock time (waiting for the disk is part of the cost), not from the CPU time in "Time".
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include "bench/durable/common.hpp"
#include "bench/support/options.hpp"

namespace fengqiao::bench {
namespace {

void append(benchmark::State& state, bool sqlite, Durability durability, std::size_t batch) {
    const fixtures::SmallCounty county;
    // One commit per command is slow enough that a tenth of the cases gives a steady figure.
    const std::size_t cases = cases_or(20'000, 100);
    const std::vector<Request> requests = lifecycle_requests(batch == 1 ? std::max<std::size_t>(cases / 10, 10) : cases, county);
    const ScratchDir dir;
    std::size_t refused = 0;
    std::chrono::steady_clock::duration wall{};
    for (auto _ : state) {
        state.PauseTiming();
        std::shared_ptr<SqliteJournal> file;
        std::shared_ptr<Journal> journal = std::make_shared<MemoryJournal>();
        if (sqlite) {
            SqliteJournalOptions options;
            options.durability = durability;
            journal = file = std::make_shared<SqliteJournal>(dir.fresh("append.db"), options);
        }
        auto engine = std::make_unique<Engine>(county.engine(PolicySet::minimal(), {nullptr, journal}));
        state.ResumeTiming();
        const auto start = std::chrono::steady_clock::now();
        refused += submit_in_batches(*engine, requests, batch);
        if (file) file->checkpoint();
        wall += std::chrono::steady_clock::now() - start;
        state.PauseTiming();
        engine.reset();
        journal.reset();
        file.reset();
        state.ResumeTiming();
    }
    if (refused != 0) state.SkipWithError("the engine refused a command of the script");
    state.counters["commands"] = static_cast<double>(requests.size());
    state.counters["batch"] = static_cast<double>(batch);
    const double seconds = std::chrono::duration<double>(wall).count();
    const double commands = static_cast<double>(requests.size()) * static_cast<double>(state.iterations());
    state.counters["per_command"] = seconds / commands;
    state.counters["commands_per_second"] = commands / seconds;
}

// The figure: every commit synced, 1,000 commands per commit.
BENCHMARK_CAPTURE(append, sqlite, true, Durability::every_command, 1000)
    ->Name("durable/sqlite_append")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(append, memory, false, Durability::every_command, 1000)
    ->Name("durable/memory_append")
    ->Unit(benchmark::kMillisecond);
// The other durability settings, and what batching buys.
BENCHMARK_CAPTURE(append, every_batch, true, Durability::every_batch, 1000)
    ->Name("durable/sqlite_append_every_batch")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(append, on_checkpoint, true, Durability::on_checkpoint, 1000)
    ->Name("durable/sqlite_append_on_checkpoint")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(append, unbatched, true, Durability::every_batch, 1)
    ->Name("durable/sqlite_append_unbatched_every_batch")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(append, unbatched_every_command, true, Durability::every_command, 1)
    ->Name("durable/sqlite_append_unbatched")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(append, batch_100, true, Durability::every_command, 100)
    ->Name("durable/sqlite_append_batch100")
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fengqiao::bench
