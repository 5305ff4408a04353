// Journal records of every command kind with every field set, for the stores' round-trip tests.
#pragma once

#include <string>
#include <vector>

#include <fengqiao/fengqiao.hpp>

#include "support/county.hpp"

namespace fengqiao::fixtures {

// One record of every command kind on case 1, each payload field set to something other than its
// default, plus a refused command and a refused report.
inline std::vector<JournalRecord> every_kind_of_record(const SmallCounty& k) {
    std::vector<Command> commands;
    Report rep;
    rep.jurisdiction = k.village_a1;
    rep.category = Category::labour_wages;
    rep.channel = Channel::hotline;
    rep.claimed_amount = -1'234'567'890'123;
    rep.risk = RiskGrade::orange;
    rep.parties = {{"张某", Side::applicant, false}, {"某公司", Side::respondent, true}, {"李某", Side::third, false}};
    rep.unnamed_parties = 40;
    rep.summary = "拖欠工资\n\"引号\" \\ 和 \t 制表符";
    rep.threat = true;
    rep.violence_history = true;
    rep.repeat_of = CaseId{7};
    commands.emplace_back(rep);
    commands.emplace_back(Accept{});
    commands.emplace_back(Reject{"已起诉"});
    commands.emplace_back(Assign{{k.mediator_a1, k.judicial_a, k.police_a, k.tribunal_a}});
    commands.emplace_back(HoldSession{"第一次"});
    commands.emplace_back(ReachAgreement{"分期付款", false});
    commands.emplace_back(Fail{"拒不到场"});
    commands.emplace_back(Expire{});
    commands.emplace_back(Escalate{"请求上交"});
    commands.emplace_back(Refer{ReferralRoute::arbitration, "劳动仲裁"});
    commands.emplace_back(ApplyConfirmation{});
    commands.emplace_back(ConfirmationGranted{});
    commands.emplace_back(ConfirmationDenied{"违反法律"});
    commands.emplace_back(StartFollowUp{});
    commands.emplace_back(RecordFulfilment{false, "未履行"});
    commands.emplace_back(Close{Outcome::settled_elsewhere, "庭外和解"});
    commands.emplace_back(Withdraw{"撤回"});
    commands.emplace_back(RaiseRisk{RiskGrade::red, "扬言报复", true});
    commands.emplace_back(RiskEscalation{});
    std::vector<JournalRecord> out;
    const TimePoint t0 = VirtualClock::default_start();
    for (std::size_t i = 0; i < commands.size(); ++i) {
        JournalRecord r;
        r.sequence = i + 1;
        r.case_id = CaseId{1};
        r.case_sequence = static_cast<std::uint32_t>(i + 1);
        r.from = static_cast<State>(i % state_count);
        r.to = static_cast<State>((i + 3) % state_count);
        r.risk_after = static_cast<RiskGrade>(i % 4);
        r.route_after = static_cast<ReferralRoute>(i % 6);
        r.time = t0 + std::chrono::hours(static_cast<int>(i));
        r.actor = i % 3 == 0 ? system_actor : k.centre;
        r.jurisdiction_before = k.village_a1;
        r.jurisdiction_after = i % 2 ? k.town_a : k.county;
        r.deadline = i % 4 == 0 ? no_time : t0 + days(static_cast<int>(i));
        r.warn_at = i % 5 == 0 ? no_time : t0 + days(static_cast<int>(i)) - std::chrono::hours(3);
        r.command = commands[i];
        r.reason = "理由 " + std::to_string(i);
        r.request_id = i % 2 ? "req-" + std::to_string(i) : "";
        r.policy_version = i == 0 ? "fengqiao-policies/2025.1" : "";
        out.push_back(std::move(r));
    }
    JournalRecord refused = out.back();
    refused.sequence = out.size() + 1;
    refused.kind = RecordKind::refused;
    refused.refusal = ErrorCode::not_authorized;
    refused.case_sequence = static_cast<std::uint32_t>(commands.size());  // the version at the time
    refused.command = Withdraw{"not mine"};
    out.push_back(refused);
    JournalRecord refused_report = out.front();
    refused_report.sequence = out.size() + 1;
    refused_report.kind = RecordKind::refused;
    refused_report.case_id = CaseId{};
    refused_report.case_sequence = 0;
    out.push_back(refused_report);
    return out;
}

}  // namespace fengqiao::fixtures
