// An integrator's own escalation rule, plugged in two ways.
//
// Xiangyuan decides that property-management disputes, once a village fails, go straight to the county's
// property mediation committee; everything else follows the Fengqiao default. The same rule is used
// at runtime (PolicySet: swap one policy, keep the rest) and at compile time (BasicEngine with a struct
// of concrete policy types, so the engine calls it directly).
#include <iostream>
#include <memory>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

// The rule. `final` lets a compile-time engine call decide() without a virtual dispatch.
class PropertyDisputesToCounty final : public EscalationPolicy {
public:
    PropertyDisputesToCounty(const County& county)
        : fallback_(county.settings.escalation, county.jurisdictions, county.roster) {}

    EscalationDecision decide(const Case& c, Trigger why, const JurisdictionTree& tree) const override {
        const bool failed = why == Trigger::failed || why == Trigger::deadline_expired ||
                            why == Trigger::escalation_requested;
        if (c.category == Category::property_management && failed && tree.tier(c.jurisdiction) == Tier::village) {
            return EscalationDecision::escalate(tree.root(), "property disputes go to the county property committee");
        }
        return fallback_.decide(c, why, tree);
    }

private:
    FengqiaoEscalation fallback_;
};

// The compile-time set: concrete types, inlined.
struct XiangyuanPolicies {
    PropertyDisputesToCounty escalation;
    FengqiaoAssignment assignment;
    StatutoryDeadlines deadline;
    FengqiaoRisk risk;
    RoleScopeAuthorization authorization;
    std::string version;
};

template <class EngineT>
void run(EngineT& engine, const County& county, const char* style) {
    const ActorId mediator = county.roster.find_code("xiangyuan.houbao.dongzhou.mediation");
    Report r;
    r.jurisdiction = county.jurisdictions.find_code("xiangyuan.houbao.dongzhou");
    r.category = Category::property_management;
    r.parties = {{"业主刘某", Side::applicant, false}, {"某物业公司", Side::respondent, true}};
    const CaseId id = engine.report(mediator, r).value().case_id;
    (void)engine.submit(id, mediator, Accept{}).value();
    (void)engine.submit(id, mediator, Assign{}).value();
    (void)engine.submit(id, mediator, HoldSession{"物业拒绝降费"}).value();
    (void)engine.submit(id, mediator, Fail{"双方分歧大"}).value();
    const Case& c = engine.at(id);
    std::cout << style << ": case " << id.value() << " is " << to_string(c.state) << " at "
              << county.jurisdictions[c.jurisdiction].name << " — " << engine.history(id).back().reason
              << " (policies " << engine.policy_version(c) << ")\n";
}

int main() {
    const County county = load_county(FENGQIAO_DATA_DIR "/xiangyuan.json");

    // Runtime: replace one policy of the configured set.
    PolicySet policies = county.policies();
    policies.escalation = std::make_shared<PropertyDisputesToCounty>(county);
    policies.version = "xiangyuan-property-1";
    Engine runtime(county.jurisdictions, county.roster, policies);
    run(runtime, county, "runtime     ");

    // Compile time: the same rule, with every policy type known to the compiler.
    XiangyuanPolicies inlined{PropertyDisputesToCounty(county), FengqiaoAssignment(county.settings.assignment),
                              StatutoryDeadlines(county.settings.deadline, county.calendar),
                              FengqiaoRisk(county.settings.risk), RoleScopeAuthorization(county.settings.authorization),
                              "xiangyuan-property-1"};
    BasicEngine<XiangyuanPolicies> compiled(county.jurisdictions, county.roster, std::move(inlined));
    run(compiled, county, "compile-time");
    return 0;
}
