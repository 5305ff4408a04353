"""Cases and the journal as pandas DataFrames with categorical columns holding every category."""

import datetime

import numpy as np
import pandas as pd

import fengqiao as fq
from conftest import drive_to


def test_the_cases_frame_has_one_row_per_case_with_categorical_columns(engine, small):
    closed = drive_to(engine, small, "closed")
    failed = drive_to(engine, small, "failed", small.village_b1)
    engine.escalate(failed, small.centre)
    frame = engine.cases_frame()
    assert list(frame.index) == [closed, failed]
    for column, kind in [("state", fq.State), ("category", fq.Category), ("risk", fq.RiskGrade),
                         ("outcome", fq.Outcome), ("route", fq.ReferralRoute), ("level", fq.Tier),
                         ("channel", fq.Channel)]:
        assert isinstance(frame[column].dtype, pd.CategoricalDtype)
        assert list(frame[column].cat.categories) == [m.value for m in kind]
    assert frame.loc[closed, "state"] == "closed" and frame.loc[failed, "state"] == "accepted"
    assert frame.loc[closed, "level"] == "village" and frame.loc[failed, "level"] == "township"
    assert frame.loc[failed, "jurisdiction"] == small.town_b


def test_risk_grades_and_levels_compare_in_their_order(engine, small):
    drive_to(engine, small, "accepted")
    failed = drive_to(engine, small, "failed", small.village_b1)
    engine.escalate(failed, small.centre)
    frame = engine.cases_frame()
    assert list(frame.index[frame["level"] >= "township"]) == [failed]
    assert (frame["risk"] >= "blue").all() and not (frame["risk"] > "red").any()
    assert not frame["state"].cat.ordered, "states have no order to compare by"
    journal = engine.journal_frame()
    assert journal["level_after"].cat.ordered and journal["risk_after"].cat.ordered


def test_empty_categories_still_appear_in_counts(engine, small):
    drive_to(engine, small, "mediating")
    counts = engine.cases_frame()["state"].value_counts(sort=False)
    assert len(counts) == len(fq.State)
    assert counts["mediating"] == 1 and counts["withdrawn"] == 0


def test_times_are_china_standard_time_with_nat_where_unset(engine, small):
    drive_to(engine, small, "accepted")
    frame = engine.cases_frame()
    reported = frame["reported_at"].iloc[0]
    assert reported == pd.Timestamp("2024-12-31 16:00", tz="UTC")
    assert reported.utcoffset() == pd.Timedelta(hours=8)
    assert pd.isna(frame["closed_at"].iloc[0]) and pd.isna(frame["deadline"].iloc[0])


def test_the_journal_frame_has_one_row_per_record(engine, small):
    case = drive_to(engine, small, "failed")
    engine.escalate(case, small.centre)
    frame = engine.journal_frame(text=True)
    assert list(frame.index) == [1, 2, 3, 4, 5]
    assert list(frame["command"]) == ["report", "accept", "assign", "fail", "escalate"]
    assert list(frame["command"].cat.categories) == [m.value for m in fq.CommandKind]
    assert list(frame["level_after"].astype(str)) == ["village"] * 4 + ["township"]
    assert frame["to_state"].iloc[-1] == "accepted"
    assert "甲镇" in frame["reason"].iloc[-1]


def test_frames_of_an_empty_engine_have_the_columns_and_no_rows(engine):
    assert engine.cases_frame().empty and "state" in engine.cases_frame().columns
    assert engine.journal_frame().empty


def test_a_batch_and_its_frame_agree(engine, small):
    ids = engine.report_many(small.centre, small.village_a1, np.arange(20, dtype=np.uint8) % 11).case_ids
    engine.submit_many(ids[::2], small.centre, "accept")
    frame = engine.cases_frame()
    assert (frame["state"] == "accepted").sum() == 10
    assert frame.groupby("category", observed=False).size().sum() == 20


def test_a_time_beyond_pandas_range_gives_a_column_of_python_datetimes(engine, small):
    first = engine.report(small.centre, small.village_a1).case_id
    engine.advance_to(datetime.datetime(2300, 1, 1))  # pandas' nanosecond times end in 2262
    later = engine.report(small.centre, small.village_a1).case_id
    cases = engine.cases_frame()
    assert cases["reported_at"].dtype == object
    assert cases.loc[later, "reported_at"] == datetime.datetime(2300, 1, 1, tzinfo=fq.CHINA_STANDARD_TIME)
    assert cases.loc[first, "reported_at"].year == engine.case(first).reported_at.year
    assert cases["closed_at"].isna().all()  # the other columns keep pandas' own times
    assert str(cases["closed_at"].dtype).startswith("datetime64[ns")
    assert engine.journal_frame()["time"].iloc[-1].year == 2300


def test_the_last_hours_of_year_9999_are_given_in_utc(engine, small):
    # 9999-12-31 20:00 UTC is already year 10000 in China, beyond a Python datetime.
    engine.advance_to(datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.timezone.utc))
    case = engine.report(small.centre, small.village_a1).case_id
    reported = engine.cases_frame().loc[case, "reported_at"]
    assert reported == datetime.datetime(9999, 12, 31, 20, tzinfo=datetime.timezone.utc)
    assert engine.case(case).reported_at == reported  # the case itself gives the same time


def test_a_time_in_pandas_last_hours_is_not_wrapped_round_to_1677(small):
    # 2262-04-11 23:50 in China is 15:50 UTC, inside pandas' range, but the local time is past it.
    engine = small.engine(start="2262-04-11T23:50:00+08:00")
    engine.report(small.centre, small.village_a1)
    times = engine.journal_frame()["time"].tolist()
    assert times[0].year == 2262 and times[0].month == 4 and times[0].day == 11
    str(engine.cases_frame())  # prints without an out-of-bounds error
