// The shipped Xiangyuan county file, loaded once per test program.
#pragma once

#include <string>

#include <fengqiao/fengqiao.hpp>

namespace fengqiao::fixtures {

inline const County& xiangyuan() {
    static const County county = load_county(FENGQIAO_SOURCE_DIR "/data/xiangyuan.json");
    return county;
}

inline JurisdictionId place(const County& k, const std::string& code) {
    const auto id = k.jurisdictions.find_code(code);
    if (!id.valid()) throw std::runtime_error("no jurisdiction " + code);
    return id;
}

inline ActorId person(const County& k, const std::string& code) {
    const auto id = k.roster.find_code(code);
    if (!id.valid()) throw std::runtime_error("no actor " + code);
    return id;
}

}  // namespace fengqiao::fixtures
