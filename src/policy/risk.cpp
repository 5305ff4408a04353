#include <algorithm>

#include "fengqiao/policy/risk.hpp"

namespace fengqiao {

unsigned FengqiaoRisk::points(const Case& c) const noexcept {
    const auto& s = settings_;
    unsigned p = 0;
    if (c.threat) p += s.threat;
    if (c.violence_history) p += s.violence_history;
    p += std::min<unsigned>(static_cast<unsigned>(c.failures) * s.per_failure, s.max_failure_points);
    p += std::min<unsigned>(static_cast<unsigned>(c.repeats) * s.per_repeat, s.max_repeat_points);
    p += c.parties >= s.mass_parties ? 2 : c.parties >= s.many_parties ? 1 : 0;
    p += c.claimed_amount >= s.huge_amount ? 2 : c.claimed_amount >= s.large_amount ? 1 : 0;
    return p;
}

RiskGrade FengqiaoRisk::assess(const Case& c, const Command& command) const {
    const unsigned p = points(c);
    const RiskGrade scored = p >= settings_.red      ? RiskGrade::red
                             : p >= settings_.orange ? RiskGrade::orange
                             : p >= settings_.yellow ? RiskGrade::yellow
                                                     : RiskGrade::blue;
    RiskGrade declared = c.risk;
    if (const auto* raise = std::get_if<RaiseRisk>(&command)) declared = std::max(declared, raise->grade);
    return std::max(scored, declared);
}

}  // namespace fengqiao
