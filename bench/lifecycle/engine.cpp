// The lifecycle scenario, fengqiao's side: the engine as most integrators run it — runtime policies
// (PolicySet::minimal()), every command authorized, assessed, journalled (MemoryJournal) and
// committed before submit() returns.
#include <benchmark/benchmark.h>

#include <utility>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "bench/support/lifecycle_script.hpp"
#include "bench/support/options.hpp"

namespace fengqiao::bench {
namespace {

void lifecycle_engine(benchmark::State& state) {
    const fixtures::SmallCounty county;
    const LifecycleScript script = make_lifecycle_script(cases_or(10'000, 100), county);
    std::size_t refused = 0;
    for (auto _ : state) {
        state.PauseTiming();
        auto engine = std::make_unique<Engine>(county.engine());
        std::vector<ScriptStep> steps = script.steps;  // the caller's commands, moved in below
        std::vector<CaseId> ids;
        ids.reserve(script.cases);
        state.ResumeTiming();
        for (ScriptStep& s : steps) {
            if (s.command.index() == 0) {
                auto r = engine->report(county.centre, std::get<Report>(std::move(s.command)));
                refused += r ? 0 : 1;
                ids.push_back(r ? r->case_id : CaseId{});
            } else {
                refused += engine->submit(ids[s.case_index], county.centre, std::move(s.command)) ? 0 : 1;
            }
        }
        state.PauseTiming();
        engine.reset();
        steps.clear();
        state.ResumeTiming();
    }
    if (refused != 0) state.SkipWithError("the engine refused a command of the script");
    state.counters["cases"] = static_cast<double>(script.cases);
    state.counters["commands"] = static_cast<double>(script.steps.size());
    state.counters["per_command"] = benchmark::Counter(static_cast<double>(script.steps.size()),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
}
BENCHMARK(lifecycle_engine)->Name("lifecycle/fengqiao_engine")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fengqiao::bench
