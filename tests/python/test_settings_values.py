"""Numeric policy settings take whole numbers in their range, and a wrong one is named."""

import pytest

import fengqiao as fq


def test_a_deadline_rule_refuses_negative_or_fractional_days_by_name():
    with pytest.raises(ValueError, match=r"DeadlineRule\.days must be 0 to 3650, got -1"):
        fq.DeadlineRule(days=-1)
    with pytest.raises(TypeError, match=r"DeadlineRule\.days must be a whole number, got float"):
        fq.DeadlineRule(days=2.5)
    with pytest.raises(ValueError, match=r"DeadlineRule\.extension_days must be 0 to 3650, got 70000"):
        fq.DeadlineRule(extension_days=70_000)
    rule = fq.DeadlineRule(fq.State.mediating, 15)
    with pytest.raises(TypeError, match=r"DeadlineRule\.days must be a whole number, got bool"):
        rule.days = True
    assert rule.days == 15  # unchanged by the refused assignment
    rule.days = 60
    assert rule.days == 60


def test_settings_fields_refuse_values_outside_their_range_and_keep_the_old_one():
    risk = fq.FengqiaoRiskSettings()
    red = risk.red
    with pytest.raises(ValueError, match=r"FengqiaoRiskSettings\.red must be 0 to 100, got 300"):
        risk.red = 300
    with pytest.raises(TypeError, match=r"FengqiaoRiskSettings\.red must be a whole number, got str"):
        risk.red = "5"
    assert risk.red == red
    deadlines = fq.StatutoryDeadlineSettings()
    with pytest.raises(ValueError, match=r"StatutoryDeadlineSettings\.warning_lead_days must be 0 to 3650, got -3"):
        deadlines.warning_lead_days = -3
    assignment = fq.FengqiaoAssignmentSettings()
    assignment.joint_team_min_amount = 2**40  # 64-bit amounts in fen are fine
    assert assignment.joint_team_min_amount == 2**40
    with pytest.raises(ValueError, match=r"joint_team_min_amount must be"):
        assignment.joint_team_min_amount = 2**63


def test_numpy_integers_are_whole_numbers_too():
    np = pytest.importorskip("numpy")
    escalation = fq.FengqiaoEscalationSettings()
    escalation.min_sessions = np.uint8(2)
    assert escalation.min_sessions == 2


def test_settings_take_the_ranges_a_county_file_takes():
    # What a script sets could be written in a county file: the same bounds, named.
    escalation = fq.FengqiaoEscalationSettings()
    escalation.min_sessions = 100
    with pytest.raises(ValueError, match=r"FengqiaoEscalationSettings\.min_sessions must be 0 to 100, got 101"):
        escalation.min_sessions = 101
    assert escalation.min_sessions == 100
    risk = fq.FengqiaoRiskSettings()
    with pytest.raises(ValueError, match=r"FengqiaoRiskSettings\.many_parties must be 1 to 65535, got 0"):
        risk.many_parties = 0
    risk.large_amount = 100_000_000_000_000  # a trillion yuan, in fen
    with pytest.raises(ValueError, match=r"FengqiaoRiskSettings\.large_amount must be 0 to 100000000000000"):
        risk.large_amount = 100_000_000_000_001
    with pytest.raises(ValueError, match=r"DeadlineRule\.days must be 0 to 3650, got 3651"):
        fq.DeadlineRule(days=3651)

