// Compiled as C++20: the public umbrella header must work there and must not bring in Boost.MSM.
#include <fengqiao/fengqiao.hpp>

#ifdef BOOST_MSM_BACK_STATEMACHINE_H
#error "<fengqiao/fengqiao.hpp> must not include Boost.MSM"
#endif
#if __cplusplus < 202002L
#error "this test must be compiled as C++20"
#endif

#include <iostream>

int main() {
    using namespace fengqiao;
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "140423", "襄垣县");
    const auto village = tree.add(county, JurisdictionKind::village, "140423-1", "东周村");
    Roster roster;
    const auto mediator = roster.add("调解员", Role::peoples_mediator, village);
    Engine engine(tree, roster, PolicySet::minimal());
    Report r;
    r.jurisdiction = village;
    r.category = Category::neighbour;
    const CaseId id = engine.report(mediator, r).value().case_id;
    (void)engine.submit(id, mediator, Accept{}).value();
    (void)engine.submit(id, mediator, Assign{}).value();
    (void)engine.submit(id, mediator, ReachAgreement{"和解", true}).value();
    if (engine.at(id).state != State::agreed) return 1;
    std::cout << "C++20: case " << id.value() << " is " << to_string(engine.at(id).state) << "\n";
    return 0;
}
