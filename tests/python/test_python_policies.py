"""Each policy interface can be implemented in Python and handed to an engine."""

import datetime

import numpy as np
import pytest

import fengqiao as fq
from conftest import drive_to, report


class ToCounty(fq.EscalationPolicy):
    """Escalates straight to the root, recording what it saw."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def decide(self, case, why, tree):
        self.calls.append((case.id, why))
        if why is fq.Trigger.escalation_requested:
            return fq.EscalationDecision.escalate(tree.root, f"{tree[case.jurisdiction].name}直接上交县里")
        return fq.EscalationDecision.stay("等待人工")


class BusiestFirst(fq.AssignmentPolicy):
    def assign(self, case, tree, roster, load):
        people = [a for a in roster.at_jurisdiction(case.jurisdiction) if fq.mediates(roster[a].role)]
        if not people:
            return fq.Assignment.nobody(f"{tree[case.jurisdiction].name}没有调解员")
        best = max(people, key=load.open_cases)
        return fq.Assignment([best], reason="最忙的调解员")


class TenDays(fq.DeadlinePolicy):
    def deadline(self, case, entered):
        if case.state is fq.State.mediating:
            return fq.Deadline(due=entered + datetime.timedelta(days=10))
        return None


class AmountRisk(fq.RiskPolicy):
    def assess(self, case, command):
        return "orange" if case.claimed_amount >= 1_000_000 else case.risk


class NoNightWork(fq.AuthorizationPolicy):
    def authorize(self, actor, command, subject, where, tree):
        if command is fq.CommandKind.withdraw:
            return fq.AuthorizationDecision.deny("撤回须当面办理")
        return True


class BeyondTheCalendar(fq.DeadlinePolicy):
    def deadline(self, case, entered):
        return fq.Deadline(due=datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.timezone(datetime.timedelta(hours=-12))))


def test_a_deadline_no_calendar_can_show_is_refused_and_nothing_changes(small):
    engine = small.engine(fq.PolicySet(deadline=BeyondTheCalendar()))
    with pytest.raises(fq.InvalidArgument, match="deadline policy gave case 1 a time"):
        engine.report(small.centre, small.village_a1)
    assert len(engine.cases()) == 0 and len(engine.journal) == 0


def test_a_python_escalation_policy_decides_where_cases_go(small):
    policy = ToCounty()
    engine = small.engine(fq.PolicySet(escalation=policy, version="to-county-1"))
    case = drive_to(engine, small, "failed")
    receipt = engine.escalate(case, small.centre)
    assert receipt.jurisdiction_after == small.county
    assert receipt.reason == "甲一村直接上交县里"
    assert (case, fq.Trigger.failed) in policy.calls and (case, fq.Trigger.escalation_requested) in policy.calls
    assert engine.policy_version(case) == "to-county-1"


def test_a_python_assignment_policy_sees_tree_roster_and_workload(small):
    engine = small.engine(fq.PolicySet(assignment=BusiestFirst()))
    case = report(engine, small)
    engine.accept(case, small.centre)
    assert engine.assign(case, small.centre).reason == "最忙的调解员"
    assert engine.case(case).mediators == [small.mediator_a1]
    town_case = report(engine, small, small.town_b)
    engine.accept(town_case, small.centre)
    with pytest.raises(fq.CommandRejected) as caught:
        engine.assign(town_case, small.centre)
    assert caught.value.code is fq.ErrorCode.no_eligible_mediator and "乙镇没有调解员" in str(caught.value)


def test_python_deadline_and_risk_policies_shape_the_case(small):
    engine = small.engine(fq.PolicySet(deadline=TenDays(), risk=AmountRisk()))
    case = engine.report(small.centre, small.village_a1, claimed_amount=2_000_000).case_id
    assert engine.case(case).risk is fq.RiskGrade.orange
    engine.accept(case, small.centre)
    engine.assign(case, small.centre, [small.centre])
    assert engine.case(case).deadline == engine.now + datetime.timedelta(days=10)
    engine.advance(days=11)
    assert engine.case(case).state is fq.State.failed


def test_a_python_authorization_policy_may_answer_with_a_bool_or_a_decision(small):
    engine = small.engine(fq.PolicySet(authorization=NoNightWork()))
    case = report(engine, small)
    engine.accept(case, small.auditor)
    with pytest.raises(fq.NotAuthorized, match="撤回须当面办理"):
        engine.withdraw(case, small.centre)


def test_a_python_authorization_policy_may_answer_with_a_numpy_bool(small):
    class ByMask(fq.AuthorizationPolicy):
        def authorize(self, actor, command, subject, where, tree):
            return np.bool_(command is not fq.CommandKind.withdraw)

    engine = small.engine(fq.PolicySet(authorization=ByMask()))
    case = report(engine, small)
    engine.accept(case, small.centre)
    with pytest.raises(fq.NotAuthorized, match="refused by ByMask"):
        engine.withdraw(case, small.centre)


def test_a_python_policy_may_delegate_to_a_built_in_one(xiangyuan):
    class LoggedEscalation(fq.EscalationPolicy):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner
            self.seen = 0

        def decide(self, case, why, tree):
            self.seen += 1
            return self.inner.decide(case, why, tree)

    policies = xiangyuan.policies()
    logged = LoggedEscalation(policies.escalation)
    policies.escalation = logged
    engine = xiangyuan.engine(policies=policies)
    mediator = "xiangyuan.houbao.dongzhou.mediation"
    case = engine.report(mediator, "xiangyuan.houbao.dongzhou", category="neighbour").case_id
    engine.accept(case, mediator)
    engine.assign(case, mediator)
    engine.hold_session(case, mediator)
    receipt = engine.fail(case, mediator, reason="分歧大")
    assert logged.seen >= 1 and receipt.follow_ups == 1
    assert engine.case(case).jurisdiction == xiangyuan.jurisdictions.find("xiangyuan.houbao")


def test_policy_sets_report_whether_python_is_involved(small):
    assert not fq.PolicySet.minimal().involves_python
    policies = fq.PolicySet(risk=AmountRisk())
    assert policies.involves_python
    assert isinstance(policies.risk, AmountRisk)
    assert policies.replace(risk=fq.DeclaredRisk()).involves_python is False


def test_built_in_policies_cannot_be_subclassed_so_overrides_are_never_silently_ignored():
    with pytest.raises(TypeError):
        class Mine(fq.ParentEscalation):  # noqa: F841
            pass


def test_an_interface_method_left_unimplemented_is_a_type_error(small):
    class Lazy(fq.RiskPolicy):
        pass

    engine = small.engine(fq.PolicySet(risk=Lazy()))
    with pytest.raises(TypeError, match="Lazy does not implement RiskPolicy.assess"):
        engine.report(small.centre, small.village_a1)
    assert len(engine) == 0
