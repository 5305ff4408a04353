// Uses fengqiao through find_package(fengqiao): a village dispute from report to agreement.
#include <fengqiao/fengqiao.hpp>

#include <iostream>

int main() {
    using namespace fengqiao;
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "140423", "襄垣县");
    const auto village = tree.add(county, JurisdictionKind::village, "140423-103-201", "东周村");
    Roster roster;
    const auto mediator = roster.add("东周村调委会", Role::peoples_mediator, village);
    Engine engine(tree, roster, PolicySet::minimal());
    Report r;
    r.jurisdiction = village;
    const CaseId id = engine.report(mediator, r).value().case_id;
    (void)engine.submit(id, mediator, Accept{}).value();
    std::cout << "fengqiao " << version << " from the installed package: case " << id.value() << " is "
              << to_string(engine.at(id).state) << "\n";
    return engine.at(id).state == State::accepted ? 0 : 1;
}
