"""A Python policy lives as long as an engine (or a PolicySet) holds it, whatever happens to its name."""

import gc
import weakref

import fengqiao as fq
from conftest import drive_to


class CountingEscalation(fq.EscalationPolicy):
    def __init__(self, log):
        super().__init__()
        self.log = log

    def decide(self, case, why, tree):
        self.log.append(why)
        if why is not fq.Trigger.escalation_requested:
            return fq.EscalationDecision.stay("waiting for a request")
        return fq.EscalationDecision.escalate(tree.parent(case.jurisdiction), "counted")


def test_a_policy_whose_name_is_deleted_keeps_working_inside_the_engine(small):
    log = []
    policy = CountingEscalation(log)
    alive = weakref.ref(policy)
    engine = small.engine(fq.PolicySet(escalation=policy))
    del policy
    gc.collect()
    assert alive() is not None
    case = drive_to(engine, small, "failed")
    engine.escalate(case, small.centre)
    assert fq.Trigger.escalation_requested in log
    assert engine.case(case).jurisdiction == small.town_a


def test_a_policy_set_built_from_a_temporary_keeps_the_policy(small):
    log = []
    policies = fq.PolicySet()
    policies.escalation = CountingEscalation(log)
    gc.collect()
    engine = small.engine(policies)
    del policies
    gc.collect()
    case = drive_to(engine, small, "failed")
    assert engine.escalate(case, small.centre).reason == "counted"


def test_the_policy_is_released_once_no_engine_or_set_holds_it(small):
    log = []
    policy = CountingEscalation(log)
    alive = weakref.ref(policy)
    engine = small.engine(fq.PolicySet(escalation=policy))
    del policy
    engine.set_policies(fq.PolicySet.minimal())
    gc.collect()
    assert alive() is None


def test_the_policy_read_back_from_an_engine_is_the_same_python_object(small):
    policy = CountingEscalation([])
    engine = small.engine(fq.PolicySet(escalation=policy))
    assert engine.policies.escalation is policy
    del engine
    gc.collect()


def test_an_engine_in_a_cycle_with_its_own_policy_is_collected(small):
    class Remembering(fq.EscalationPolicy):
        def decide(self, case, why, tree):
            return fq.EscalationDecision.stay("wait")

    policy = Remembering()
    engine = small.engine(fq.PolicySet(escalation=policy))
    policy.engine = engine  # the policy refers back to the engine that holds it
    engine_alive, policy_alive = weakref.ref(engine), weakref.ref(policy)
    del engine, policy
    gc.collect()
    assert engine_alive() is None and policy_alive() is None


def test_an_engine_reachable_through_a_policy_set_is_not_collected(small):
    policy = CountingEscalation([])
    policies = fq.PolicySet(escalation=policy)
    engine = small.engine(policies)
    policy.engine = engine
    engine_alive = weakref.ref(engine)
    del engine, policy
    gc.collect()
    engine = engine_alive()
    assert engine is not None and policies.escalation.engine is engine
    case = drive_to(engine, small, "failed")
    assert engine.escalate(case, small.centre).reason == "counted"
