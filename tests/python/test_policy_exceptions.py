"""An exception raised inside a Python policy surfaces from the call that triggered it, and the engine
state does not advance."""

import pytest

import fengqiao as fq
from conftest import drive_to


class ExplodingRisk(fq.RiskPolicy):
    armed = False

    def assess(self, case, command):
        if self.armed and isinstance(command, fq.HoldSession):
            raise KeyError("risk register offline")
        return case.risk


class WrongAnswer(fq.EscalationPolicy):
    def decide(self, case, why, tree):
        if why is fq.Trigger.escalation_requested:
            return "escalate"
        return fq.EscalationDecision.stay("wait")


def test_the_policy_exception_reaches_the_caller_unchanged(small):
    risk = ExplodingRisk()
    engine = small.engine(fq.PolicySet(risk=risk))
    case = drive_to(engine, small, "mediating")
    risk.armed = True
    with pytest.raises(KeyError, match="risk register offline"):
        engine.hold_session(case, small.centre, note="第二次")


def test_the_engine_state_and_journal_do_not_advance(small):
    risk = ExplodingRisk()
    engine = small.engine(fq.PolicySet(risk=risk))
    case = drive_to(engine, small, "mediating")
    before, records = engine.case(case), len(engine.journal)
    risk.armed = True
    with pytest.raises(KeyError):
        engine.hold_session(case, small.centre)
    assert engine.case(case) == before
    assert len(engine.journal) == records
    risk.armed = False
    assert engine.hold_session(case, small.centre).case_sequence == before.version + 1


def test_an_exception_in_a_batch_rolls_the_whole_group_back(small):
    risk = ExplodingRisk()
    engine = small.engine(fq.PolicySet(risk=risk))
    cases = [drive_to(engine, small, "mediating") for _ in range(3)]
    records = len(engine.journal)
    risk.armed = True
    with pytest.raises(KeyError):
        engine.submit_many(cases, small.centre, "session")
    assert len(engine.journal) == records
    assert all(engine.case(c).sessions == 0 for c in cases)


def test_a_policy_exception_during_a_deadline_leaves_the_timer_due(small):
    class ExplodingDeadline(fq.EscalationPolicy):
        armed = True

        def decide(self, case, why, tree):
            if self.armed:
                raise RuntimeError("escalation service down")
            return fq.EscalationDecision.stay("wait")

    policy = ExplodingDeadline()
    engine = small.engine(fq.PolicySet(escalation=policy))
    case = drive_to(engine, small, "mediating")
    with pytest.raises(RuntimeError, match="escalation service down"):
        engine.advance(days=31)
    assert engine.case(case).state is fq.State.mediating
    policy.armed = False
    engine.run_due_timers()
    assert engine.case(case).state is fq.State.failed


def test_a_wrong_return_type_is_a_type_error_naming_the_method(small):
    engine = small.engine(fq.PolicySet(escalation=WrongAnswer()))
    case = drive_to(engine, small, "failed")
    with pytest.raises(TypeError, match=r"EscalationPolicy.decide\(\) must return an EscalationDecision, got str"):
        engine.escalate(case, small.centre)
    assert engine.case(case).state is fq.State.failed


def test_a_wrong_answer_of_the_right_type_names_the_method_too(small):
    class Purple(fq.RiskPolicy):
        def assess(self, case, command):
            return "purple"

    engine = small.engine(fq.PolicySet(risk=Purple()))
    with pytest.raises(ValueError, match=r"RiskPolicy.assess\(\) returned unknown risk grade 'purple'; expected one of"):
        engine.report(small.centre, small.village_a1)
    assert len(engine) == 0


def test_a_policy_may_not_issue_commands_on_the_engine_that_consults_it(small):
    class Meddling(fq.RiskPolicy):
        engine = None

        def assess(self, case, command):
            if self.engine is not None and isinstance(command, fq.HoldSession):
                self.engine.withdraw(case.id, small.centre)
            return case.risk

    policy = Meddling()
    engine = small.engine(fq.PolicySet(risk=policy))
    case = drive_to(engine, small, "mediating")
    policy.engine = engine
    with pytest.raises(ValueError, match="a policy may not change the engine that consults it"):
        engine.hold_session(case, small.centre)
    assert engine.case(case).state is fq.State.mediating and engine.case(case).sessions == 0


def test_a_policy_may_not_add_to_the_roster_or_tree_it_is_given(small):
    class Recruiting(fq.AssignmentPolicy):
        def assign(self, case, tree, roster, load):
            recruit = roster.add("临时调解员", "peoples_mediator", case.jurisdiction)
            return fq.Assignment([recruit])

    engine = small.engine(fq.PolicySet(assignment=Recruiting()))
    case = drive_to(engine, small, "accepted")
    actors = len(engine.roster)
    with pytest.raises(ValueError, match="belongs to an engine"):
        engine.assign(case, small.centre)
    assert engine.case(case).state is fq.State.accepted and len(engine.roster) == actors
