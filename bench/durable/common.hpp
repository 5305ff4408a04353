// What the durable-journal benchmarks share: the county's lifecycle script as engine requests, and
// a scratch directory for journal files.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "bench/support/lifecycle_script.hpp"

namespace fengqiao::bench {

/// The lifecycle script as requests in arrival order. Case k of the script is the engine's
/// CaseId::from_index(k), so a batch may report a case and act on it.
inline std::vector<Request> lifecycle_requests(std::size_t cases, const fixtures::SmallCounty& county) {
    LifecycleScript script = make_lifecycle_script(cases, county);
    std::vector<Request> out;
    out.reserve(script.steps.size());
    for (ScriptStep& s : script.steps) {
        out.push_back({CaseId::from_index(s.case_index), county.centre, std::move(s.command), {}});
    }
    return out;
}

/// Submits @p requests in batches of @p batch (one submit() each when @p batch is 1); returns how
/// many were refused.
inline std::size_t submit_in_batches(Engine& engine, const std::vector<Request>& requests, std::size_t batch) {
    std::size_t refused = 0;
    std::vector<Request> chunk;
    for (std::size_t i = 0; i < requests.size(); i += batch) {
        const std::size_t end = std::min(requests.size(), i + batch);
        if (batch == 1) {
            refused += engine.submit(requests[i]) ? 0 : 1;
            continue;
        }
        chunk.assign(requests.begin() + static_cast<std::ptrdiff_t>(i), requests.begin() + static_cast<std::ptrdiff_t>(end));
        for (const auto& r : engine.submit_batch(chunk)) refused += r ? 0 : 1;
    }
    return refused;
}

/// A directory for journal files, removed with them at the end.
class ScratchDir {
public:
    ScratchDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "fengqiao-bench-XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a scratch directory");
        path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    /// A journal path inside the directory, with no file (nor write-ahead log) there yet.
    [[nodiscard]] std::string fresh(const std::string& name) const {
        const std::string p = (path_ / name).string();
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p + suffix);
        return p;
    }

private:
    std::filesystem::path path_;
};

}  // namespace fengqiao::bench
