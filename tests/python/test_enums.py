"""Enumerations are Python StrEnums whose values are the library's canonical names."""

import pickle

import pytest

import fengqiao as fq


def test_members_compare_equal_to_their_canonical_names():
    assert fq.Category.labour_wages == "labour_wages"
    assert fq.State("follow_up") is fq.State.follow_up
    assert str(fq.RiskGrade.red) == "red"


def test_command_kinds_carry_the_journal_names_even_where_they_are_not_identifiers():
    assert fq.CommandKind.apply_confirmation.value == "apply-confirmation"
    assert fq.CommandKind("raise-risk") is fq.CommandKind.raise_risk
    assert fq.CommandKind.session.value == "session" and fq.CommandKind.follow_up.value == "follow-up"


def test_members_are_in_the_library_order_so_codes_match_the_cpp_values():
    assert list(fq.State)[0] is fq.State.reported
    assert fq.codes(fq.CommandKind)[fq.CommandKind.accept] == 1
    assert [m.value for m in fq.Tier] == ["village", "township", "county", "city", "province"]


def test_labels_show_chinese_terms_intact():
    assert fq.State.mediating.label == "调解中"
    assert fq.Category.land_homestead.label == "土地宅基地"
    assert fq.Role.peoples_mediator.label == "人民调解员"


def test_members_pickle_by_name():
    assert pickle.loads(pickle.dumps(fq.Channel.hotline)) is fq.Channel.hotline


@pytest.mark.parametrize(
    "kind",
    [fq.ErrorCode, fq.State, fq.CommandKind, fq.Category, fq.Channel, fq.RiskGrade, fq.Outcome, fq.ReferralRoute,
     fq.Side, fq.Role, fq.JurisdictionKind, fq.Tier, fq.Trigger, fq.DayCount, fq.RecordKind, fq.EscalationKind,
     fq.Durability],
)
def test_every_enumeration_is_documented_and_belongs_to_the_package(kind):
    assert kind.__module__ == "fengqiao"
    assert kind.__doc__
    assert all(isinstance(member.label, str) and member.label for member in kind)


def test_an_unknown_name_is_a_value_error_listing_the_choices(engine, small):
    case = engine.report(small.centre, small.village_a1).case_id
    # The choices a command takes: 'refer' needs a route, so 'none' is not offered.
    with pytest.raises(ValueError, match="unknown referral route 'court'; expected one of: litigation, arbitration"):
        engine.refer(case, small.centre, route="court")
    with pytest.raises(ValueError, match="unknown outcome 'done'; expected one of: decided_elsewhere, "
                                         "settled_elsewhere, abandoned$"):
        engine.close(case, small.centre, outcome="done")


def test_a_wrong_type_is_a_type_error_naming_the_enumeration(engine, small):
    with pytest.raises(TypeError, match="expected a category"):
        engine.report(small.centre, small.village_a1, category=3)
    # A member of another enumeration is a str too, but never the one meant.
    with pytest.raises(TypeError, match=r"expected a category .*got RiskGrade.red"):
        engine.report(small.centre, small.village_a1, category=fq.RiskGrade.red)
    assert engine.report(small.centre, small.village_a1, category=fq.Category.neighbour).case_id > 0
