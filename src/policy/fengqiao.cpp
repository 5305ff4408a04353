#include "fengqiao/policy/fengqiao.hpp"

namespace fengqiao {

FengqiaoSettings FengqiaoSettings::defaults() {
    FengqiaoSettings s;
    s.escalation.handled_by = {{Category::labour_wages, Role::arbitrator}, {Category::work_injury, Role::arbitrator}};
    return s;
}

PolicySet fengqiao_policies(const FengqiaoSettings& settings, const WorkingCalendar& calendar,
                            const JurisdictionTree& tree, const Roster& roster) {
    PolicySet p;
    p.escalation = std::make_shared<FengqiaoEscalation>(settings.escalation, tree, roster);
    p.assignment = std::make_shared<FengqiaoAssignment>(settings.assignment);
    p.deadline = std::make_shared<StatutoryDeadlines>(settings.deadline, calendar);
    p.risk = std::make_shared<FengqiaoRisk>(settings.risk);
    p.authorization = std::make_shared<RoleScopeAuthorization>(settings.authorization);
    p.version = settings.version;
    return p;
}

FengqiaoPolicies FengqiaoPolicies::make(const FengqiaoSettings& settings, const WorkingCalendar& calendar,
                                        const JurisdictionTree& tree, const Roster& roster) {
    return FengqiaoPolicies{FengqiaoEscalation(settings.escalation, tree, roster),
                            FengqiaoAssignment(settings.assignment),
                            StatutoryDeadlines(settings.deadline, calendar),
                            FengqiaoRisk(settings.risk),
                            RoleScopeAuthorization(settings.authorization),
                            settings.version};
}

}  // namespace fengqiao
