// Plugging policies in: runtime (PolicySet) and compile time (BasicEngine) give the same journal;
// cases remember the policy-set version they started under.
#include <gtest/gtest.h>

#include <fengqiao/fengqiao.hpp>

#include "support/random_workload.hpp"
#include "support/xiangyuan.hpp"

using namespace fengqiao;
using fixtures::person;
using fixtures::place;

namespace {
const County& k() { return fixtures::xiangyuan(); }

// An integrator's rule: property disputes go from a village straight to the county.
class PropertyToCounty final : public EscalationPolicy {
public:
    PropertyToCounty() : fallback_(k().settings.escalation, k().jurisdictions, k().roster) {}
    EscalationDecision decide(const Case& c, Trigger why, const JurisdictionTree& tree) const override {
        if (c.category == Category::property_management && why != Trigger::risk_raised &&
            tree.tier(c.jurisdiction) == Tier::village) {
            return EscalationDecision::escalate(tree.root(), "property: to the county");
        }
        return fallback_.decide(c, why, tree);
    }

private:
    FengqiaoEscalation fallback_;
};

struct CompiledPolicies {
    PropertyToCounty escalation;
    FengqiaoAssignment assignment;
    StatutoryDeadlines deadline;
    FengqiaoRisk risk;
    RoleScopeAuthorization authorization;
    std::string version;
};

template <class E>
void workload(E& e, std::uint64_t seed) {
    fixtures::run_random_workload(e, seed, 20'000, person(k(), "xiangyuan.centre"),
                                  person(k(), "xiangyuan.wangqiao.v03.mediation"),
                                  {place(k(), "xiangyuan.houbao.dongzhou"), place(k(), "xiangyuan.guhan.xihedi"),
                                   place(k(), "xiangyuan.guhan.c1"), place(k(), "xiangyuan.houbao")});
}

std::vector<JournalRecord> records(const Journal& j) {
    std::vector<JournalRecord> out;
    j.for_each([&](const JournalRecord& r) { out.push_back(r); });
    return out;
}
}  // namespace

TEST(PolicyPlugins, RuntimeAndCompileTimePathsWriteIdenticalJournals) {
    const std::uint64_t seed = 4242;
    SCOPED_TRACE("seed " + std::to_string(seed));
    PolicySet runtime_set = k().policies();
    runtime_set.escalation = std::make_shared<PropertyToCounty>();
    runtime_set.version = "custom-1";
    Engine runtime(k().jurisdictions, k().roster, runtime_set);
    BasicEngine<CompiledPolicies> compiled(
        k().jurisdictions, k().roster,
        CompiledPolicies{PropertyToCounty(), FengqiaoAssignment(k().settings.assignment),
                         StatutoryDeadlines(k().settings.deadline, k().calendar), FengqiaoRisk(k().settings.risk),
                         RoleScopeAuthorization(k().settings.authorization), "custom-1"});
    workload(runtime, seed);
    workload(compiled, seed);

    const auto a = records(runtime.journal());
    const auto b = records(compiled.journal());
    ASSERT_EQ(a.size(), b.size());
    std::size_t moved_by_rule = 0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        SCOPED_TRACE("record " + std::to_string(i + 1));
        ASSERT_EQ(a[i].case_id, b[i].case_id);
        ASSERT_EQ(a[i].kind, b[i].kind);
        ASSERT_EQ(a[i].command_kind(), b[i].command_kind());
        ASSERT_EQ(a[i].from, b[i].from);
        ASSERT_EQ(a[i].to, b[i].to);
        ASSERT_EQ(a[i].jurisdiction_after, b[i].jurisdiction_after);
        ASSERT_EQ(a[i].time, b[i].time);
        ASSERT_EQ(a[i].deadline, b[i].deadline);
        ASSERT_EQ(a[i].risk_after, b[i].risk_after);
        ASSERT_EQ(a[i].reason, b[i].reason);
        moved_by_rule += a[i].reason == "property: to the county";
    }
    EXPECT_GT(moved_by_rule, 0u) << "the custom rule never fired; the test proves nothing";
    for (std::size_t i = 0; i < runtime.size(); ++i) {
        ASSERT_EQ(runtime.cases()[i], compiled.cases()[i]);
    }
}

TEST(PolicyPlugins, OnePolicyCanBeReplacedAlone) {
    PolicySet p = k().policies();
    const auto assignment_before = p.assignment;
    p.escalation = std::make_shared<PropertyToCounty>();
    EXPECT_EQ(p.assignment, assignment_before);
    Engine e(k().jurisdictions, k().roster, p);
    const auto mediator = person(k(), "xiangyuan.houbao.dongzhou.mediation");
    Report r;
    r.jurisdiction = place(k(), "xiangyuan.houbao.dongzhou");
    r.category = Category::property_management;
    const CaseId id = e.report(mediator, r).value().case_id;
    (void)e.submit(id, mediator, Accept{}).value();
    (void)e.submit(id, mediator, Assign{}).value();
    (void)e.submit(id, mediator, HoldSession{}).value();
    (void)e.submit(id, mediator, Fail{}).value();
    EXPECT_EQ(e.at(id).jurisdiction, k().jurisdictions.root());
}

TEST(PolicyPlugins, CasesRecordThePolicyVersionTheyStartedUnder) {
    Engine e = k().engine();
    const auto centre = person(k(), "xiangyuan.centre");
    Report r;
    r.jurisdiction = place(k(), "xiangyuan.guhan");
    const CaseId before = e.report(centre, r).value().case_id;
    PolicySet next = k().policies();
    next.version = "fengqiao-xiangyuan-2026.1";
    e.set_policies(next);
    const CaseId after = e.report(centre, r).value().case_id;
    EXPECT_EQ(e.policy_version(e.at(before)), "fengqiao-xiangyuan-2025.1");
    EXPECT_EQ(e.policy_version(e.at(after)), "fengqiao-xiangyuan-2026.1");
    Engine rebuilt = k().engine();
    rebuilt.replay(e.journal());
    EXPECT_EQ(rebuilt.policy_version(rebuilt.at(after)), "fengqiao-xiangyuan-2026.1");
}
