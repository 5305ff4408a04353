"""Many commands at once from NumPy arrays, with the GIL released when no Python code can be reached."""

import numpy as np
import pytest

import fengqiao as fq

ACCEPT = fq.codes(fq.CommandKind)[fq.CommandKind.accept]


def test_report_many_creates_cases_with_consecutive_ids(engine, small):
    result = engine.report_many(small.centre, [small.village_a1, small.village_b1, small.village_a2],
                                np.array([0, 3, 6], dtype=np.uint8), claimed_amounts=[0, 500_000, 0])
    assert list(result.case_ids) == [1, 2, 3] and result.refused == 0
    assert engine.case(2).category is fq.Category.labour_wages and engine.case(2).claimed_amount == 500_000
    assert engine.case(3).jurisdiction == small.village_a2


def test_report_many_gives_the_real_ids_when_a_listener_reports_between_groups(engine, small):
    # Rows are committed in groups of 4096; a listener told of the first group's last case reports a
    # dispute of its own before the second group is submitted, so that group's ids start one later.
    rows, group = 4096 + 3, 4096
    own = []

    def on_transition(case, record):
        if case.id == group and record.command_kind is fq.CommandKind.report:
            own.append(engine.report(small.centre, small.town_a, category="land_homestead").case_id)

    engine.subscribe(on_transition=on_transition)
    ids = engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(rows, np.uint8)).case_ids
    assert own == [group + 1]
    assert list(ids[group - 1:]) == [group, group + 2, group + 3, group + 4]
    assert all(engine.case(int(i)).jurisdiction == small.village_a1 for i in ids)
    assert engine.case(own[0]).category is fq.Category.land_homestead


def test_submit_many_applies_row_by_row_and_counts_refusals(engine, small):
    ids = engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(4, np.uint8)).case_ids
    result = engine.submit_many(ids, small.centre, np.array([ACCEPT] * 3 + [fq.codes(fq.CommandKind)["close"]]))
    assert list(result.applied) == [True, True, True, False]
    assert result.refused == 1 and len(result) == 4
    assert result.errors()[3] == "invalid_transition"
    assert isinstance(result.first_error, fq.CommandRejected) and "does not take 'close'" in str(result.first_error)
    with pytest.raises(fq.CommandRejected):
        result.raise_first()


def test_commands_and_payloads_may_be_names_and_columns(engine, small):
    ids = engine.report_many(small.centre, small.village_a1, "labour_wages", channels=np.zeros(3, np.uint8)).case_ids
    engine.submit_many(ids, small.centre, "accept")
    engine.submit_many(ids, small.centre, "assign", mediator=small.mediator_a1)
    engine.submit_many(ids, small.centre, np.array(["fail", "fail", "withdraw"]))
    result = engine.submit_many(ids[:2], small.centre, "refer", route=np.array(["arbitration", "litigation"]))
    assert result.refused == 0
    assert [engine.case(i).route for i in ids] == [fq.ReferralRoute.arbitration, fq.ReferralRoute.litigation,
                                                   fq.ReferralRoute.none]
    engine.submit_many(ids[:2], small.centre, "close", outcome=["settled_elsewhere", "abandoned"])
    assert engine.case(ids[1]).outcome is fq.Outcome.abandoned


def test_a_batch_runs_without_the_gil_only_when_no_python_is_involved(small):
    plain = small.engine()
    ids = plain.report_many(small.centre, small.village_a1, np.zeros(10, np.uint8)).case_ids
    assert plain.submit_many(ids, small.centre, "accept").gil_released

    class Python(fq.RiskPolicy):
        def assess(self, case, command):
            return case.risk

    with_policy = small.engine(fq.PolicySet(risk=Python()))
    assert not with_policy.report_many(small.centre, small.village_a1, np.zeros(10, np.uint8)).gil_released

    listened = small.engine()
    listened.subscribe(on_transition=lambda case, record: None)
    assert not listened.report_many(small.centre, small.village_a1, np.zeros(10, np.uint8)).gil_released


def test_mismatched_columns_are_refused_before_anything_is_applied(engine, small):
    with pytest.raises(ValueError, match="has 2 rows but"):
        engine.submit_many([1, 2, 3], [small.centre, small.centre], "accept")
    with pytest.raises(ValueError, match="codes outside"):
        engine.submit_many([1], small.centre, np.array([99]))
    with pytest.raises(ValueError, match="report_many"):
        engine.submit_many([1], small.centre, "report")
    assert len(engine.journal) == 0


def test_columns_of_the_wrong_kind_are_refused_by_name_and_nothing_is_applied(engine, small):
    ids = engine.report_many(small.centre, small.village_a1, np.zeros(2, np.uint8)).case_ids
    journal = len(engine.journal)
    # Text, objects and floats where whole numbers are wanted: never cut, never NaN read as a number.
    for amounts in (np.array(["a", "b"]), np.array([None, 1], dtype=object), np.array([1.5, 2.9])):
        with pytest.raises(TypeError, match="claimed_amounts must hold integers"):
            engine.report_many(small.centre, small.village_a1, np.zeros(2, np.uint8), claimed_amounts=amounts)
    # Only real booleans: "no", NaN and 0.2 are not answers.
    for threat in (np.array(["yes", "no"]), np.array([np.nan, 0.2])):
        with pytest.raises(TypeError, match="threat must hold bools"):
            engine.submit_many(ids, small.centre, "raise-risk", threat=threat)
    with pytest.raises(ValueError, match="actors must be a one-dimensional column"):
        engine.report_many(np.full((2, 2), small.centre), small.village_a1, "neighbour")
    assert len(engine.journal) == journal
    assert engine.report_many([], [], []).refused == 0, "an empty batch is a batch"


def test_mediator_zero_lets_the_policy_choose(engine, small):
    ids = engine.report_many(small.centre, small.village_a1, np.zeros(2, np.uint8)).case_ids
    engine.submit_many(ids, small.centre, "accept")
    assert engine.submit_many(ids, small.centre, "assign", mediator=0).refused == 0
    assert all(engine.case(i).state is fq.State.mediating for i in ids)


def test_a_batch_of_a_million_commands(small):
    n = 1_000_000
    engine = small.engine()
    villages = np.array([small.village_a1, small.village_a2, small.village_b1], dtype=np.uint32)[np.arange(n) % 3]
    categories = (np.arange(n) % len(fq.Category)).astype(np.uint8)
    reported = engine.report_many(small.centre, villages, categories)
    assert reported.refused == 0 and reported.case_ids[-1] == n
    accepted = engine.submit_many(reported.case_ids, small.centre, "accept")
    assert accepted.refused == 0
    stats = engine.statistics()
    assert stats.cases == n and stats.by_state[fq.State.accepted] == n
    assert len(engine.journal) == 2 * n


def test_while_a_batch_runs_in_another_thread_the_engine_refuses_other_calls(small):
    import threading

    engine = small.engine()
    ids = engine.report_many(small.centre, small.village_a1, np.zeros(300_000, np.uint8)).case_ids
    worker = threading.Thread(target=engine.submit_many, args=(ids, small.centre, "accept"))
    refused = 0
    worker.start()
    while worker.is_alive():
        try:
            engine.case(1)
        except RuntimeError as error:
            assert "busy with a call in another thread" in str(error)
            refused += 1
    worker.join()
    assert refused > 0
    assert engine.count(state="accepted") == 300_000


def test_ids_and_codes_too_large_for_any_integer_type_are_named(engine, small):
    huge = np.array([2**63] * 3, dtype=np.uint64)
    with pytest.raises(ValueError, match="case_ids holds values outside the id range 0..4294967295"):
        engine.submit_many(huge, small.centre, "accept")
    with pytest.raises(ValueError, match="commands holds codes outside 0..18"):
        engine.submit_many([1, 2, 3], small.centre, huge)
    with pytest.raises(ValueError, match="case_ids holds values outside the id range 0..4294967295"):
        engine.submit_many([2**70], small.centre, "accept")  # a Python int no NumPy type holds
    assert len(engine.journal) == 0


def test_pandas_nullable_integer_columns_are_read_unless_they_hold_a_missing_value(engine, small):
    import pandas as pd

    ids = engine.report_many(small.centre, small.village_a1, "neighbour", channels=np.zeros(3, np.uint8)).case_ids
    column = pd.Series(ids, dtype="Int64")  # what read_csv gives an id column with gaps
    assert engine.submit_many(column, small.centre, "accept").refused == 0
    with pytest.raises(ValueError, match="case_ids holds a missing value"):
        engine.submit_many(pd.array([ids[0], None], dtype="Int64"), small.centre, "assign", mediator=small.mediator_a1)
    assert all(engine.case(i).state is fq.State.accepted for i in ids)
