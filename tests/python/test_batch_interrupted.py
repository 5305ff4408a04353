"""A batch interrupted by a policy, a listener or the journal says which rows were stored before the exception."""

import numpy as np
import pytest

import fengqiao as fq

GROUP = 4096  # requests are committed in groups of this size


class RiskFailingAfter(fq.RiskPolicy):
    """A risk service that works for its first n reports, then gives ``failure()`` as its answer."""

    def __init__(self, n, failure):
        super().__init__()
        self.left = n
        self.failure = failure

    def assess(self, case, command):
        if isinstance(command, fq.Report):
            if self.left == 0:
                return self.failure()
            self.left -= 1
        return case.risk


def offline():
    raise ConnectionError("risk register offline")


def test_a_listener_raising_after_a_group_is_stored_carries_the_batch_result(small):
    engine = small.engine()
    heard = []

    def pager(case, record):
        heard.append(case.id)
        if len(heard) == 3:
            raise RuntimeError("pager is down")

    engine.subscribe(on_transition=pager)
    rows = GROUP + 10
    with pytest.raises(RuntimeError, match="pager is down") as caught:
        engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(rows, np.uint8))
    result = caught.value.batch_result
    # The first group was committed before its listeners were told; the rest was not submitted.
    assert len(result) == GROUP and len(engine) == GROUP
    assert result.refused == 0 and result.applied.all()
    assert list(result.case_ids[:3]) == [1, 2, 3] and result.case_ids[-1] == GROUP


def test_a_policy_raising_in_a_later_group_leaves_the_earlier_groups_and_says_so(small):
    engine = small.engine(fq.PolicySet(risk=RiskFailingAfter(GROUP + 5, offline)))
    with pytest.raises(ConnectionError, match="risk register offline") as caught:
        engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(3 * GROUP, np.uint8))
    result = caught.value.batch_result
    # The group in which the policy raised was rolled back whole; the group before it is stored.
    assert len(result) == GROUP and len(engine) == GROUP
    assert list(result.case_ids) == list(range(1, GROUP + 1))


def test_submit_many_reports_the_stored_rows_the_same_way(small):
    engine = small.engine()
    ids = engine.report_many(small.centre, small.village_a1, "neighbour",
                             channels=np.zeros(GROUP + 1, np.uint8)).case_ids
    engine.subscribe(on_transition=lambda case, record: (_ for _ in ()).throw(ValueError("audit feed full")))
    with pytest.raises(ValueError, match="audit feed full") as caught:
        engine.submit_many(ids, small.centre, "accept")
    result = caught.value.batch_result
    assert len(result) == GROUP and result.applied.all() and result.case_ids is None
    assert engine.count(state="accepted") == GROUP


def test_an_error_the_module_raises_for_a_policy_carries_the_batch_result_too(small):
    engine = small.engine(fq.PolicySet(risk=RiskFailingAfter(GROUP + 1, lambda: "very high")))
    with pytest.raises(ValueError, match="unknown risk grade .very high.") as caught:
        engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(2 * GROUP, np.uint8))
    result = caught.value.batch_result
    assert len(result) == GROUP and len(engine) == GROUP
