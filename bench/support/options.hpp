// Options every benchmark program takes on top of Google Benchmark's own flags, so the report
// script and the test suite drive all of them the same way.
#pragma once

#include <cstddef>

namespace fengqiao::bench {

/// Scale and mode of one run.
struct RunOptions {
    /// Cases the scenario runs (each program has its own default).
    std::size_t cases = 0;
    /// One short iteration on a few cases: proves the program builds and runs, measures nothing.
    bool smoke = false;
};

/// The options of this run (set by main before any benchmark starts).
RunOptions& options() noexcept;

/// The case count for this run: --cases=N if given, else @p smoke_default under --smoke, else
/// @p full_default.
std::size_t cases_or(std::size_t full_default, std::size_t smoke_default) noexcept;

}  // namespace fengqiao::bench
