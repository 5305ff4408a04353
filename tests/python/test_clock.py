"""The engine's virtual clock: move it forward and deadlines fire in order."""

import datetime

import pytest

import fengqiao as fq
from conftest import drive_to

CST = fq.CHINA_STANDARD_TIME


def test_a_new_engine_starts_at_new_year_2025_china_time_unless_told(small):
    assert small.engine().now == datetime.datetime(2025, 1, 1, tzinfo=CST)
    start = datetime.datetime(2025, 3, 1, 9, 30, tzinfo=CST)
    engine = small.engine(start=start)
    assert engine.now == start and engine.clock_is_virtual


def test_advance_moves_time_by_a_timedelta_or_by_days_and_hours(engine):
    engine.advance(datetime.timedelta(hours=36))
    engine.advance(days=1, hours=12)
    assert engine.now == datetime.datetime(2025, 1, 4, tzinfo=CST)
    engine.advance_to("2025-02-01")
    assert engine.now == datetime.datetime(2025, 2, 1, tzinfo=CST)
    engine.advance_to(datetime.date(2025, 2, 2))
    assert engine.now.date() == datetime.date(2025, 2, 2)


def test_the_clock_moves_by_whole_seconds_and_refuses_fractions_rather_than_dropping_them(engine):
    start = engine.now
    engine.advance(days=0.1)  # 8640 s, whatever the rounding of 0.1 * 86400
    assert engine.now - start == datetime.timedelta(seconds=8640)
    with pytest.raises(ValueError, match="whole seconds"):
        engine.advance(seconds=0.5)
    with pytest.raises(ValueError, match="whole seconds"):
        engine.advance(datetime.timedelta(milliseconds=600))
    assert engine.now - start == datetime.timedelta(seconds=8640)
    with pytest.raises(TypeError, match="got None"):
        engine.advance_to(None)


def test_times_without_a_zone_are_china_standard_time(engine):
    engine.advance_to(datetime.datetime(2025, 1, 2, 8, 0))
    assert engine.now == datetime.datetime(2025, 1, 2, 0, 0, tzinfo=datetime.timezone.utc)


def test_expired_mediation_fails_when_the_clock_passes_its_deadline(engine, small):
    case = drive_to(engine, small, "mediating")
    deadline = engine.case(case).deadline
    assert deadline == datetime.datetime(2025, 1, 31, tzinfo=CST)
    engine.advance_to(deadline - datetime.timedelta(seconds=1))
    assert engine.case(case).state is fq.State.mediating
    engine.advance(seconds=1)
    c = engine.case(case)
    assert c.state is fq.State.failed and c.overdue
    last = engine.history(case)[-1]
    assert last.command_kind is fq.CommandKind.expire and last.actor == fq.SYSTEM_ACTOR
    assert last.time == deadline


def test_time_never_runs_backwards(engine):
    engine.advance(days=2)
    with pytest.raises(fq.InvalidArgument, match="cannot move the clock back"):
        engine.advance_to("2025-01-01")


def test_the_clock_stays_where_a_calendar_can_show_it(engine):
    before = engine.now
    with pytest.raises(ValueError, match="finite duration"):
        engine.advance(days=float("nan"))
    with pytest.raises(ValueError, match="past the year 9999"):
        engine.advance(days=1e12)
    with pytest.raises(fq.InvalidArgument, match="past 9999-12-31"):
        engine.advance(datetime.timedelta(days=999_999_999))
    assert engine.now == before


def test_a_system_clock_engine_reads_wall_time_and_cannot_be_advanced(small):
    engine = small.engine(clock="system")
    assert not engine.clock_is_virtual
    assert abs(engine.now - datetime.datetime.now(datetime.timezone.utc)) < datetime.timedelta(minutes=1)
    with pytest.raises(fq.InvalidArgument):
        engine.advance(days=1)
    assert engine.run_due_timers() == 0


def test_a_start_before_year_one_is_refused_with_the_engine_s_range(small):
    # Midnight of 0001-01-01 in China is still year 0 in UTC, before any time the engine keeps.
    with pytest.raises(fq.InvalidArgument, match=r"outside the times an engine keeps \(0001-01-01T00:00:00Z to"):
        small.engine(start="0001-01-01")
    with pytest.raises(ValueError, match="not an ISO 8601 time"):
        small.engine(start="0000-12-31")
    engine = small.engine(start="0001-01-02")
    assert engine.now.year == 1


def test_an_engine_shows_its_time_as_every_time_is_shown_in_china_standard_time(engine):
    assert repr(engine).endswith("now 2025-01-01T00:00:00+08:00)"), repr(engine)
