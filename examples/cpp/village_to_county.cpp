// Five disputes in Xiangyuan county, carried through village → township → county and printed with
// their full journal history, stored in a SQLite journal that is then reopened. Run it with
// `make demo` or build target village_to_county (optional argument: the journal file to write).
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include <fengqiao/fengqiao.hpp>

using namespace fengqiao;

namespace {

// A police-notification hook: what an integrator would wire to the police station's system.
class PoliceDesk final : public Listener {
public:
    explicit PoliceDesk(const JurisdictionTree& tree) : tree_(tree) {}
    void on_red_risk(const Case& c, const JournalRecord& r) override {
        const auto* raise = std::get_if<RaiseRisk>(&r.command);
        std::cout << "  [police notified] case " << c.id.value() << " at " << tree_.path(c.jurisdiction)
                  << " is red: " << (raise ? raise->reason : r.reason) << "\n";
    }
    void on_deadline_expired(const Case& c, const JournalRecord&) override {
        std::cout << "  [deadline] case " << c.id.value() << " passed its time limit at "
                  << tree_[c.jurisdiction].name << "\n";
    }

private:
    const JurisdictionTree& tree_;
};

Report dispute(JurisdictionId where, Category category, Channel channel, std::int64_t claimed_fen, RiskGrade risk,
               std::vector<Party> parties, std::string summary) {
    Report r;
    r.jurisdiction = where;
    r.category = category;
    r.channel = channel;
    r.claimed_amount = claimed_fen;
    r.risk = risk;
    r.parties = std::move(parties);
    r.summary = std::move(summary);
    return r;
}

void print_history(const Engine& engine, CaseId id) {
    const Case& c = engine.at(id);
    const auto& tree = engine.jurisdictions();
    std::cout << "\ncase " << id.value() << " — " << label(c.category) << " (" << to_string(c.category) << "), "
              << label(c.channel) << ", reported at " << tree.path(c.origin) << "\n";
    for (const JournalRecord& r : engine.history(id)) {
        const std::string who =
            r.actor == system_actor ? "engine" : engine.roster()[r.actor].name;
        const std::string_view state = r.kind == RecordKind::refused ? "(refused)" : to_string(r.to);
        std::cout << "  " << format_date(local_date(r.time)) << "  " << std::left << std::setw(22)
                  << to_string(r.command_kind()) << std::setw(11) << state << " "
                  << tree[r.jurisdiction_after].name << "  by " << who;
        if (!r.reason.empty()) std::cout << "  — " << r.reason;
        std::cout << "\n";
    }
    std::cout << "  now: " << to_string(c.state) << " (" << label(c.state) << "), outcome "
              << to_string(c.outcome) << ", at " << tree[c.jurisdiction].name << " ("
              << to_string(tree.tier(c.jurisdiction)) << " level)\n";
}

}  // namespace

int main(int argc, char** argv) {
    // Each run starts a fresh journal, so the demo always tells the same story.
    const std::string path = argc > 1 ? argv[1] : "village_to_county.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    JurisdictionTree tree;
    const auto county = tree.add({}, JurisdictionKind::county, "140423", "襄垣县");
    const auto houbao = tree.add(county, JurisdictionKind::town, "140423-103", "侯堡镇");
    const auto gudong = tree.add(houbao, JurisdictionKind::village, "140423-103-201", "东周村");
    const auto guhan = tree.add(county, JurisdictionKind::town, "140423-100", "古韩镇");
    const auto xihedi = tree.add(guhan, JurisdictionKind::village, "140423-100-201", "西河底村");

    Roster roster;
    const auto grid = roster.add("东周村网格员", Role::grid_worker, gudong);
    const auto dz_mediator = roster.add("东周村调委会", Role::peoples_mediator, gudong);
    const auto xh_mediator = roster.add("西河底村调委会", Role::peoples_mediator, xihedi);
    const auto hb_judicial = roster.add("侯堡司法所", Role::judicial_office, houbao);
    const auto hb_police = roster.add("侯堡派出所", Role::police_station, houbao);
    const auto hb_tribunal = roster.add("侯堡人民法庭", Role::court_tribunal, houbao);
    const auto gh_judicial = roster.add("古韩司法所", Role::judicial_office, guhan);
    const auto centre = roster.add("县综治中心", Role::county_centre_staff, county);

    Engine engine(tree, roster, PolicySet::minimal(), {nullptr, std::make_shared<SqliteJournal>(path)});
    engine.subscribe(std::make_shared<PoliceDesk>(engine.jurisdictions()));
    auto ok = [](Result<Receipt> r) { return r.value(); };  // throws CommandRejected if refused
    auto day = [&](int n) { engine.advance(days(n)); };

    // 1. A neighbour quarrel over a drainage ditch, settled in the village.
    const CaseId ditch = ok(engine.report(grid, dispute(gudong, Category::neighbour, Channel::grid_screening, 0,
                                                       RiskGrade::blue,
                                                       {{"王某", Side::applicant, false}, {"李某", Side::respondent, false}},
                                                       "排水沟堵塞，雨水漫入邻院")))
                             .case_id;
    ok(engine.submit(ditch, dz_mediator, Accept{}));
    ok(engine.submit(ditch, dz_mediator, Assign{}));
    day(2);
    ok(engine.submit(ditch, dz_mediator, HoldSession{"现场查看，双方到场"}));
    ok(engine.submit(ditch, dz_mediator, ReachAgreement{"李某三日内疏通排水沟", true}));
    ok(engine.submit(ditch, dz_mediator, StartFollowUp{}));
    day(5);
    ok(engine.submit(ditch, dz_mediator, RecordFulfilment{true, "回访：已疏通"}));

    // 2. Unpaid wages: the village fails, the township's joint team mediates, the court confirms.
    const CaseId wages = ok(engine.report(xh_mediator, dispute(xihedi, Category::labour_wages, Channel::walk_in,
                                                              4'860'000, RiskGrade::yellow,
                                                              {{"张某等12人", Side::applicant, false},
                                                               {"某建筑公司", Side::respondent, true}},
                                                              "12名工人被拖欠工资共计48,600元")))
                             .case_id;
    ok(engine.submit(wages, xh_mediator, Accept{}));
    ok(engine.submit(wages, xh_mediator, Assign{}));
    day(3);
    ok(engine.submit(wages, xh_mediator, Fail{"公司拒绝到场"}));
    ok(engine.submit(wages, xh_mediator, Escalate{}));  // accepted at the township at once
    ok(engine.submit(wages, gh_judicial, Assign{{gh_judicial}}));
    day(4);
    ok(engine.submit(wages, gh_judicial, ReachAgreement{"公司分两期支付欠薪", true}));
    ok(engine.submit(wages, gh_judicial, ApplyConfirmation{}));
    day(10);
    ok(engine.submit(wages, gh_judicial, ConfirmationGranted{}));
    day(20);
    ok(engine.submit(wages, gh_judicial, RecordFulfilment{true, "两期已付清"}));

    // 3. A homestead boundary dispute that no level can settle: up to the county, then to court.
    const CaseId land = ok(engine.report(grid, dispute(gudong, Category::land_homestead, Channel::grid_screening,
                                                      0, RiskGrade::blue,
                                                      {{"赵某", Side::applicant, false}, {"钱某", Side::respondent, false}},
                                                      "宅基地界址争议")))
                            .case_id;
    ok(engine.submit(land, dz_mediator, Accept{}));
    ok(engine.submit(land, dz_mediator, Assign{}));
    ok(engine.submit(land, dz_mediator, Fail{"双方各执一词"}));
    ok(engine.submit(land, dz_mediator, Escalate{}));
    ok(engine.submit(land, hb_judicial, Assign{{hb_judicial, hb_police, hb_tribunal}}));
    day(7);
    ok(engine.submit(land, hb_judicial, Fail{"需测绘确权"}));
    ok(engine.submit(land, hb_judicial, Escalate{}));
    ok(engine.submit(land, centre, Assign{{centre}}));
    day(10);
    ok(engine.submit(land, centre, Fail{"确权争议须诉讼解决"}));
    const auto top = engine.submit(land, centre, Escalate{});
    std::cout << "escalating case " << land.value() << " from the county: " << top.error().message << "\n";
    ok(engine.submit(land, centre, Refer{ReferralRoute::litigation, "引导当事人起诉"}));
    day(30);
    ok(engine.submit(land, centre, Close{Outcome::decided_elsewhere, "法院判决"}));

    // 4. A family dispute that turns dangerous: red risk notifies the police at once.
    const CaseId family = ok(engine.report(dz_mediator, dispute(gudong, Category::marriage_family, Channel::hotline,
                                                               0, RiskGrade::blue,
                                                               {{"孙某", Side::applicant, false}}, "夫妻争吵")))
                              .case_id;
    ok(engine.submit(family, dz_mediator, Accept{}));
    ok(engine.submit(family, grid, RaiseRisk{RiskGrade::red, "一方扬言报复", true}));
    ok(engine.submit(family, dz_mediator, Assign{}));

    // 5. A consumer complaint nobody acts on: the 30-day limit passes and mediation fails by itself.
    const CaseId shop = ok(engine.report(xh_mediator, dispute(xihedi, Category::consumer, Channel::online, 129'900,
                                                             RiskGrade::blue, {{"周某", Side::applicant, false}},
                                                             "网购农机配件质量问题")))
                            .case_id;
    ok(engine.submit(shop, xh_mediator, Accept{}));
    ok(engine.submit(shop, xh_mediator, Assign{}));
    day(31);

    // A village mediator may not act on another village's case: refused and recorded.
    const auto refused = engine.submit(wages, dz_mediator, Withdraw{});
    std::cout << "refused: " << refused.error().message << "\n";

    for (CaseId id : {ditch, wages, land, family, shop}) print_history(engine, id);

    const Statistics s = engine.statistics();
    std::cout << "\n" << s.cases << " cases, " << s.open << " open; resolved at or below township: "
              << static_cast<int>(100 * s.resolved_at_or_below_township() + 0.5) << "%\n";

    // The journal file holds every case: opening it again (here read-only, beside the running
    // engine) recovers them exactly.
    std::cout << "\njournal: " << std::filesystem::absolute(path).string() << " (" << engine.journal().size()
              << " records)\n";
    SqliteJournalOptions read_only;
    read_only.read_only = true;
    const Engine reopened(tree, roster, PolicySet::minimal(), {nullptr, std::make_shared<SqliteJournal>(path, read_only)});
    bool same = reopened.cases() == engine.cases();
    for (CaseId id : {ditch, wages, land, family, shop}) same = same && reopened.file(id) == engine.file(id);
    std::cout << "reopened it: " << reopened.size() << " cases, " << (same ? "the same as before" : "DIFFERENT")
              << "; check it with: fengqiao verify " << path << "\n";
    return same ? 0 : 1;
}
