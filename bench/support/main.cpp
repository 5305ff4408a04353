// Shared entry point: takes --cases=N and --smoke off the command line, then hands the rest to
// Google Benchmark. --smoke also shortens the minimum time, so the test suite's run takes seconds.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench/support/options.hpp"

namespace fengqiao::bench {

RunOptions& options() noexcept {
    static RunOptions o;
    return o;
}

std::size_t cases_or(std::size_t full_default, std::size_t smoke_default) noexcept {
    if (options().cases != 0) return options().cases;
    return options().smoke ? smoke_default : full_default;
}

}  // namespace fengqiao::bench

int main(int argc, char** argv) {
    using fengqiao::bench::options;
    std::vector<char*> args;
    static char smoke_time[] = "--benchmark_min_time=0.01";
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--cases=", 8) == 0) {
            options().cases = std::strtoull(argv[i] + 8, nullptr, 10);
        } else if (std::strcmp(argv[i], "--smoke") == 0) {
            options().smoke = true;
        } else {
            args.push_back(argv[i]);
        }
    }
    if (options().smoke) args.push_back(smoke_time);
    int n = static_cast<int>(args.size());
    args.push_back(nullptr);
    benchmark::Initialize(&n, args.data());
    if (benchmark::ReportUnrecognizedArguments(n, args.data())) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
