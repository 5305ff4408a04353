"""Refusals and misuse raise fengqiao exceptions with the details a program needs; nothing crashes."""

import pytest

import fengqiao as fq
from conftest import drive_to, report


def test_a_command_the_state_does_not_take_raises_command_rejected_naming_state_and_command(engine, small):
    case = drive_to(engine, small, "accepted")
    with pytest.raises(fq.CommandRejected) as caught:
        engine.close(case, small.centre)
    error = caught.value
    assert error.code is fq.ErrorCode.invalid_transition
    assert error.state is fq.State.accepted
    assert error.command is fq.CommandKind.close
    assert error.case_id == case and error.actor == small.centre
    assert "case %d is accepted, which does not take 'close'" % case in str(error)
    assert isinstance(error, fq.Error)


def test_an_actor_outside_the_case_scope_raises_not_authorized(engine, small):
    case = report(engine, small, small.village_b1)
    with pytest.raises(fq.NotAuthorized) as caught:
        engine.accept(case, small.mediator_a1)
    assert caught.value.code is fq.ErrorCode.not_authorized
    assert isinstance(caught.value, fq.CommandRejected)
    assert engine.history(case)[-1].kind is fq.RecordKind.refused


def test_auditors_change_nothing(engine, small):
    with pytest.raises(fq.NotAuthorized):
        engine.report(small.auditor, small.village_a1)


def test_unknown_cases_actors_and_jurisdictions_are_named(engine, small):
    with pytest.raises(fq.CommandRejected, match="names case 42") as caught:
        engine.accept(42, small.centre)
    assert caught.value.case_id == 42
    with pytest.raises(fq.CommandRejected, match="names no case"):
        engine.submit(None, small.centre, fq.Accept())
    with pytest.raises(ValueError, match="a Report makes a new case and names none"):
        engine.submit(3, small.centre, fq.Report(small.village_a1))
    with pytest.raises(fq.CommandRejected) as caught:
        engine.accept(report(engine, small), 999)
    assert caught.value.code is fq.ErrorCode.unknown_actor
    with pytest.raises(fq.NotFound, match="no jurisdiction has the code 'C-Z'"):
        engine.report(small.centre, "C-Z")
    with pytest.raises(fq.NotFound, match="unknown case id 7"):
        engine.case(7)


def test_all_exception_classes_derive_from_error():
    for cls in [fq.CommandRejected, fq.NotAuthorized, fq.NotFound, fq.InvalidArgument, fq.ConfigError,
                fq.StorageError, fq.JournalCorrupt]:
        assert issubclass(cls, fq.Error)
    assert issubclass(fq.NotFound, LookupError) and issubclass(fq.InvalidArgument, ValueError)


@pytest.mark.parametrize(
    "call",
    [
        lambda e, k: e.accept("one", k.centre),
        lambda e, k: e.accept(1.5, k.centre),
        lambda e, k: e.accept(-3, k.centre),
        lambda e, k: e.accept(2**64, k.centre),
        lambda e, k: e.accept(1, None),
        lambda e, k: e.accept(1, [k.centre]),
        lambda e, k: e.accept(),
        lambda e, k: e.accept(1, k.centre, 3),
        lambda e, k: e.accept(1, k.centre, reqest_id="x"),
        lambda e, k: e.assign(1, k.centre, mediators=5),
        lambda e, k: e.assign(1, k.centre, mediators=[1, 2, 3, 4, 5]),
        lambda e, k: e.hold_session(1, k.centre, note=b"bytes"),
        lambda e, k: e.refer(1, k.centre, route=None),
        lambda e, k: e.report(k.centre, k.village_a1, claimed_amount="much"),
        lambda e, k: e.report(k.centre, k.village_a1, parties=[3]),
        lambda e, k: e.report(k.centre, 3.0),
        lambda e, k: e.submit(1, k.centre, "accept"),
        lambda e, k: e.submit_batch([object()]),
        lambda e, k: e.query(state="sleeping"),
        lambda e, k: e.advance(-5),
        lambda e, k: e.advance_to("yesterday"),
        lambda e, k: e.subscribe(on_transition=42),
        lambda e, k: e.subscribe(on_something=print),
        lambda e, k: e.submit_many([1, 2], k.centre, "accept", route=["x", "y", "z"]),
        lambda e, k: e.submit_many([[1, 2]], k.centre, [300]),
        lambda e, k: e.submit_many("abc", k.centre, "accept"),
        lambda e, k: fq.Engine(k.tree, k.roster, policies="minimal"),
        lambda e, k: fq.Engine(k.tree, k.roster, journal=42),
        lambda e, k: fq.PolicySet(escalation=fq.DeclaredRisk()),
        lambda e, k: fq.PolicySet(colour="red"),
    ],
)
def test_wrong_types_and_values_raise_python_errors_and_never_crash(engine, small, call):
    engine.report(small.centre, small.village_a1)
    with pytest.raises((TypeError, ValueError, fq.Error)):
        call(engine, small)


def test_a_path_with_a_nul_character_is_refused_not_cut_short(tmp_path):
    cut = tmp_path / "cases"
    with pytest.raises(fq.InvalidArgument, match="NUL character"):
        fq.SqliteJournal(str(cut) + "\0.db")
    with pytest.raises(fq.InvalidArgument, match="NUL character"):
        fq.verify_journal(str(cut) + "\0.db")
    with pytest.raises(fq.StorageError, match="NUL character"):
        fq.load_county(str(cut) + "\0.json")
    assert not cut.exists(), "nothing was created under the shortened name"


def test_a_yes_or_no_argument_takes_only_true_or_false(engine, small):
    for value in (None, 2, float("nan"), "no"):
        with pytest.raises(TypeError, match="argument 'threat' must be True or False"):
            engine.report(small.centre, small.village_a1, threat=value)
    assert len(engine.journal) == 0


def test_a_command_without_a_case_says_so(engine, small):
    with pytest.raises(TypeError, match="accept\\(\\) argument 'case_id' must be a case id, not None"):
        engine.accept(None, small.centre)


def test_a_code_where_a_command_object_holds_an_id_says_how_to_look_it_up(engine, small):
    with pytest.raises(TypeError, match=r"expected an int jurisdiction id, got the str 'C-A-1' .*JurisdictionTree\.find\(\)"):
        fq.Report("C-A-1", category="neighbour")
    with pytest.raises(TypeError, match=r"expected an int actor id, got the str 'M-1' .*Roster\.find\(\)"):
        fq.Assign(["M-1"])
    case = engine.submit(None, small.centre, fq.Report(small.tree.find("C-A-1"), category="neighbour")).case_id
    assert engine.case(case).jurisdiction == small.village_a1


def test_none_where_a_case_or_a_place_is_needed_is_a_wrong_argument_not_an_unknown_id(engine, small):
    with pytest.raises(TypeError, match=r"report\(\) argument 'jurisdiction' must be a jurisdiction id or code, not None"):
        engine.report(small.centre, None)
    for method in ("case", "file", "history", "policy_version"):
        with pytest.raises(TypeError, match=rf"{method}\(\) argument 'case_id' must be a case id, not None"):
            getattr(engine, method)(None)
    assert len(engine.journal) == 0


def test_a_command_given_by_name_or_missing_from_a_batch_says_what_was_expected_and_where(engine, small):
    case = engine.report(small.centre, small.village_a1).case_id
    with pytest.raises(TypeError, match=r"submit\(\) argument 'command' must be a command object such as "
                                        r"fengqiao\.Accept\(\) .*not str 'accept'; or call engine\.accept\(case_id, actor"):
        engine.submit(case, small.centre, "accept")
    with pytest.raises(TypeError, match=r"submit_batch\(\) request 1: its command must be a command object .*not NoneType"):
        engine.submit_batch([(case, small.centre, fq.Accept()), (case, small.centre, None)])
    with pytest.raises(TypeError, match=r"submit_batch\(\) request 0: .*this one has 2 items"):
        engine.submit_batch([(case, small.centre)])
    assert engine.case(case).state == fq.State.reported, "a batch refused while being read applies nothing"
    assert len(engine.journal) == 1


def test_a_negative_count_is_named_not_a_signature_mismatch(engine, small, tmp_path):
    tree = fq.JurisdictionTree()
    county = tree.add(None, "county", "c", "县")
    with pytest.raises(ValueError, match=r"population must be a whole number from 0 to 4294967295, got -1"):
        tree.add(county, "town", "c.t", "镇", population=-1)
    roster = fq.Roster()
    with pytest.raises(ValueError, match=r"capacity must be a whole number from 0 to 4294967295, got -2"):
        roster.add("调解员", "peoples_mediator", county, capacity=-2)
    with pytest.raises(ValueError, match=r"capacity must be"):
        fq.Actor("调解员", "peoples_mediator", county, capacity=-1)
    with pytest.raises(ValueError, match=r"capacity must be"):
        engine.add_actor("调解员", "peoples_mediator", small.village_a1, capacity=-1)
    with pytest.raises(ValueError, match=r"checkpoint_every must be a whole number from 0 to 4294967295, got -1"):
        fq.SqliteJournal(tmp_path / "j.fqj", checkpoint_every=-1)
    assert not (tmp_path / "j.fqj").exists()
