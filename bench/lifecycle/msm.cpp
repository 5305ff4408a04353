// The lifecycle scenario, the limit: the same transition table as a bare Boost.MSM machine per case,
// fed the same commands in the same order. No policies, no journal, no checks beyond the table: the
// least any engine built on this table can do.
#include <benchmark/benchmark.h>

#include <variant>
#include <vector>

#include <fengqiao/lifecycle/machine_impl.hpp>

#include "bench/support/lifecycle_script.hpp"
#include "bench/support/options.hpp"

namespace fengqiao::bench {
namespace {

using BareMachine = msm_lifecycle::Machine;

void lifecycle_bare_msm(benchmark::State& state) {
    const fixtures::SmallCounty county;
    const LifecycleScript script = make_lifecycle_script(cases_or(10'000, 100), county);
    std::size_t refused = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<BareMachine> machines;
        state.ResumeTiming();
        for (const ScriptStep& s : script.steps) {
            if (s.command.index() == 0) {
                BareMachine& m = machines.emplace_back();
                // Without a policy to ask, every escalation finds its ancestor.
                m.escalation = EscalationAnswer::escalate;
                m.start();
            }
            BareMachine& m = machines[s.case_index];
            const auto handled = std::visit([&m](const auto& c) { return m.process_event(c); }, s.command);
            refused += handled == boost::msm::back::HANDLED_TRUE ? 0 : 1;
        }
        state.PauseTiming();
        machines = {};
        state.ResumeTiming();
    }
    if (refused != 0) state.SkipWithError("the machine refused a command of the script");
    state.counters["cases"] = static_cast<double>(script.cases);
    state.counters["commands"] = static_cast<double>(script.steps.size());
    state.counters["per_command"] = benchmark::Counter(static_cast<double>(script.steps.size()),
                                                      benchmark::Counter::kIsIterationInvariantRate |
                                                          benchmark::Counter::kInvert);
    state.counters["machine_bytes"] = sizeof(BareMachine);
}
BENCHMARK(lifecycle_bare_msm)->Name("lifecycle/bare_msm")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fengqiao::bench
