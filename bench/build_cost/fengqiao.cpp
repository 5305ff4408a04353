// The build-cost scenario, fengqiao's side: what a user's translation unit pays to include the
// library's umbrella header and carry a case through an Engine. The report script compiles this file
// with the flags of the release build and times the compiler; the test suite only runs it.
#include <fengqiao/fengqiao.hpp>

int main() {
    using namespace fengqiao;
    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "C", "county");
    const auto village = tree.add(county, JurisdictionKind::village, "C-1", "village");
    Roster roster;
    const auto mediator = roster.add("mediator", Role::peoples_mediator, village);
    Engine engine(tree, roster, PolicySet::minimal());
    Report r;
    r.jurisdiction = village;
    const CaseId id = engine.report(mediator, r).value().case_id;
    engine.submit(id, mediator, Accept{}).value();
    engine.submit(id, mediator, Assign{}).value();
    engine.submit(id, mediator, ReachAgreement{"terms", true}).value();
    engine.submit(id, mediator, StartFollowUp{}).value();
    engine.submit(id, mediator, RecordFulfilment{true, "kept"}).value();
    return engine.at(id).state == State::closed ? 0 : 1;
}
