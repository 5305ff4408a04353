"""fengqiao.sim: scenarios as Python objects, runs as DataFrames, plots, sweeps, clear errors."""

import datetime
import math
import os
import pathlib

import numpy as np
import pytest

import fengqiao as fq
from fengqiao import sim

SOURCE = pathlib.Path(os.environ.get("FENGQIAO_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
XIANGYUAN = SOURCE / "data" / "scenarios" / "xiangyuan.json"


@pytest.fixture(scope="module")
def scenario():
    return sim.Scenario.from_file(XIANGYUAN)


@pytest.fixture(scope="module")
def results(scenario):
    return scenario.run(seed=3, replications=2, days=90)


def test_parameters_are_editable_attributes(scenario):
    s = scenario.copy()
    assert s.days == 365
    s.days = 30
    s.levels["township"]["capacity"] = 9
    s.set(("extra_mediators", "xiangyuan.guhan"), 2)
    assert s.params["days"] == 30 and s.params["extra_mediators"] == {"xiangyuan.guhan": 2}
    assert scenario.days == 365, "copies are independent"
    with pytest.raises(AttributeError, match="no parameter 'dayz'"):
        s.dayz = 3


def test_the_same_seed_gives_the_same_journal(scenario):
    a = scenario.run(seed=5, days=20)
    b = scenario.run(seed=5, days=20)
    assert a.digests == b.digests and len(a.digests[0]) == 64
    two = scenario.run(seed=5, replications=2, days=20)
    assert two.digests[0] == a.digests[0]
    assert two.digests[1] != two.digests[0], "replications draw from independent streams"


def test_cases_and_events_are_tidy_frames_with_a_replication_column(results):
    cases, events = results.cases, results.events
    assert set(cases["replication"]) == {0, 1}
    for column in ("category", "channel", "level", "state", "outcome", "route", "risk"):
        assert str(cases[column].dtype) == "category", column
    assert "labour_wages" in list(cases["category"].cat.categories)
    assert set(events["replication"]) == {0, 1}
    assert str(events["command"].dtype) == "category"
    assert (events.groupby("replication").size().values == results.summary()["journal_records"].values).all()
    assert events["time"].dt.tz is not None


def test_summary_conserves_cases(results):
    s = results.summary()
    resolved = s[[c for c in s.columns if c.startswith("resolved_") and c != "resolved_at_or_below_township"]].sum(axis=1)
    assert (resolved + s["referred"] + s["withdrawn"] + s["rejected"] + s["open_at_end"] == s["reported"]).all()
    by_route = s[[c for c in s.columns if c.startswith("referred_")]].sum(axis=1)
    assert (by_route == s["referred"]).all(), "the routes split the referrals that ended"
    assert ((s["share_village"] + s["share_township"] + s["share_sent_on"]).round(9) == 1).all()
    waited = s[[f"waited_{level}" for level in ("village", "township", "county", "city", "province")]].sum(axis=1)
    assert (waited == s["waited_for_mediator"]).all(), "the levels split the waits"


def test_a_run_in_which_nothing_ended_has_no_shares_rather_than_shares_of_zero(scenario):
    s = scenario.run(seed=1, days=1).summary().iloc[0]
    ended_on_merits = sum(s[c] for c in s.index if c.startswith("resolved_") and c != "resolved_at_or_below_township")
    assert s["reported"] > 0 and ended_on_merits + s["referred"] == 0
    for column in ("share_village", "share_township", "share_sent_on", "resolved_at_or_below_township",
                   "days_to_resolution_p50", "days_to_resolution_p90", "days_to_resolution_p99"):
        assert math.isnan(s[column]), column


def test_more_mediators_in_a_township_appear_in_its_utilization(scenario):
    base = scenario.run(seed=1, days=60, events=False)
    more = scenario.copy()
    more.extra_mediators = {"xiangyuan.guhan": 2}
    after = more.run(seed=1, days=60, events=False)
    def mediators(r):
        u = r.utilization
        return int(u.loc[u["jurisdiction"] == "xiangyuan.guhan", "mediators"].iloc[0])
    assert mediators(after) == mediators(base) + 2


def test_plots_are_figures_with_readable_chinese_names(results, tmp_path):
    import warnings

    for plot in ("plot_funnel", "plot_backlog", "plot_time_to_resolution", "plot_utilization"):
        fig = getattr(results, plot)()
        path = tmp_path / f"{plot}.png"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fig.savefig(path)
        missing = [str(w.message) for w in caught if "missing from current font" in str(w.message)]
        assert not missing, f"{plot}: {missing[:3]}"
        assert path.stat().st_size > 1000


def test_the_time_to_resolution_plot_counts_cases_per_replication_like_the_funnel(results):
    fig = results.plot_time_to_resolution()
    heights = sum(p.get_height() for p in fig.axes[0].patches)
    resolved = (results.cases["outcome"] == "resolved").sum()
    assert heights == pytest.approx(resolved / 2)  # two replications
    assert fig.axes[0].get_ylabel() == "resolved cases per replication"


def test_utilization_can_be_plotted_for_the_committees_where_queues_form(results):
    fig = results.plot_utilization(level="village", top=5)
    assert len(fig.axes[0].patches) == 5
    assert "village or community" in fig.axes[0].get_title()
    with pytest.raises(ValueError, match="level must be one of village, township, county, got 'town'"):
        results.plot_utilization(level="town")


def test_sweep_returns_one_tidy_row_per_point_and_replication(scenario):
    frame = sim.sweep(scenario, {"levels.township.capacity": [2, 6], "reject": [0.0, 0.1]}, replications=2, days=15,
                      processes=2)
    assert len(frame) == 2 * 2 * 2
    assert {"levels.township.capacity", "reject", "replication", "reported", "share_village"} <= set(frame.columns)
    serial = sim.sweep(scenario, {"levels.township.capacity": [2, 6], "reject": [0.0, 0.1]}, replications=2, days=15)
    assert (frame["journal_sha256"] == serial["journal_sha256"]).all(), "processes give the same runs"


def test_bad_parameters_raise_config_error_with_the_path(scenario):
    s = scenario.copy()
    s.reject = 1.5
    with pytest.raises(fq.ConfigError) as e:
        s.run(days=1)
    assert e.value.path == "/reject"
    with pytest.raises(KeyError):
        scenario.copy().set("no_such_parameter", 1)
    with pytest.raises(fq.StorageError):
        sim.Scenario.from_file(SOURCE / "data" / "scenarios" / "missing.json")
    with pytest.raises(TypeError):
        scenario.run(seed="one")


def test_a_change_of_one_months_rate_leaves_the_other_months_arrivals_as_they_were(scenario):
    # Labour disputes doubled in December: January's disputes, labour ones included, arrive as before.
    def january(s):
        r = s.run(seed=11, days=62, events=True)
        reports = r.events[(r.events["command"] == "report") & (r.events["time"].dt.month == 1)]
        cases = r.cases.set_index("case").loc[reports["case"]]
        return list(zip(reports["time"].dt.strftime("%d %H:%M:%S"), cases["category"], cases["origin"],
                        cases["channel"]))

    base = scenario.copy()
    base.start = datetime.date(2025, 12, 1)
    base.set("arrivals.repeat", 0.0)  # a repeat complaint follows the run: it joins a dispute still open
    busy = base.copy()
    busy.arrivals["monthly_factor"]["labour_wages"][11] *= 2
    assert january(busy) == january(base)
    assert len(january(base)) > 50


def test_a_parameter_may_be_set_from_a_numpy_array(scenario):
    s = scenario.copy()
    months = np.array(s.arrivals["monthly_factor"]["labour_wages"]) * 2
    s.set("arrivals.monthly_factor.labour_wages", months)
    assert s.arrivals["monthly_factor"]["labour_wages"] == months.tolist()


def test_a_misspelt_nested_parameter_is_refused_by_set_and_leaves_the_scenario_as_it_was(scenario):
    s = scenario.copy()
    before = s.to_json()
    with pytest.raises(KeyError, match="capcity"):
        s.set("levels.township.capcity", 8)
    with pytest.raises(KeyError, match="unknown tier 'hamlet'"):
        s.set("levels.hamlet.capacity", 3)
    with pytest.raises(ValueError, match="/reject is nan"):
        s.set("reject", np.float32("nan"))
    assert s.to_json() == before
    s.set("levels.township.capacity", 8)
    assert s.levels["township"]["capacity"] == 8
    # A bad value elsewhere, waiting to be fixed, does not hide a misspelt name.
    s.days = -1
    pending = s.to_json()
    with pytest.raises(KeyError, match="capcity"):
        s.set("levels.township.capcity", 8)
    assert s.to_json() == pending


def test_a_run_without_events_has_an_empty_events_table_of_the_same_column_types(scenario, results):
    empty = scenario.run(seed=1, days=2, events=False, digest=False).events
    assert len(empty) == 0
    assert dict(empty.dtypes.astype(str)) == dict(results.events.dtypes.astype(str))


def test_a_scenario_can_be_copied_deep_copied_and_pickled(scenario):
    import copy
    import pickle

    s = scenario.copy()
    s.set("levels.township.capacity", 9)
    for other in (copy.copy(s), copy.deepcopy(s), pickle.loads(pickle.dumps(s))):
        assert other.to_json() == s.to_json()
        assert repr(other) == repr(s)
    deep = copy.deepcopy(s)
    deep.levels["township"]["capacity"] = 1
    assert s.levels["township"]["capacity"] == 9, "a deep copy shares nothing"


def test_a_scenario_read_from_a_relative_path_survives_a_change_of_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(SOURCE)
    s = sim.Scenario.from_file("data/scenarios/xiangyuan.json")
    monkeypatch.chdir(tmp_path)
    assert len(s.run(seed=1, days=2, events=False, digest=False)) == 1


def test_a_bad_value_set_from_python_is_not_blamed_on_the_file(scenario):
    s = scenario.copy()
    s.reject = 1.5
    with pytest.raises(fq.ConfigError, match=r"/reject: .*\(in .*xiangyuan.json, as edited\)"):
        s.check()
    s = scenario.copy()
    s.levels["township"]["success"] = 2  # in place, not through an attribute or set()
    with pytest.raises(fq.ConfigError, match=r"/levels/township/success: .*\(in .*xiangyuan.json, as edited\)"):
        s.check()
    s = scenario.copy()
    s.start = datetime.date(2025, 3, 1)  # a date is written as the file writes it
    assert len(s.run(days=1)) == 1
    s.start = object()
    with pytest.raises(TypeError, match="a scenario parameter holds object"):
        s.check()
    with pytest.raises(TypeError, match="the grid is a dict of parameter path"):
        sim.sweep(scenario, [("reject", [0.1])])


def test_run_and_sweep_arguments_are_checked_before_anything_runs(scenario):
    for days, error in ((2**32 - 1, ValueError), (-1, ValueError), (1.5, TypeError)):
        with pytest.raises(error, match="days must be"):
            scenario.run(days=days)
    with pytest.raises(ValueError, match="seed must be from 0"):
        scenario.run(seed=2**64)
    with pytest.raises(ValueError, match="replications must be from 1 to 4294967296"):
        scenario.run(replications=2**32 + 1)
    with pytest.raises(ValueError, match="both a grid parameter and the days= argument"):
        sim.sweep(scenario, {"days": [5, 30]}, days=1)
    with pytest.raises(TypeError, match="grid values of 'name' must be a list"):
        sim.sweep(scenario, {"name": "abc"})
    with pytest.raises(ValueError, match="/reject is nan"):
        sim.sweep(scenario, {"reject": [float("nan")]})
    with pytest.raises(ValueError, match="processes must be"):
        sim.sweep(scenario, {"days": [1]}, processes=0)
    frame = sim.sweep(scenario, {"days": np.array([1, 2])})
    assert list(frame["days"]) == [1, 2], "NumPy values are plain numbers in the scenario"
    with pytest.raises(ValueError, match="gives no values for 'reject'"):
        sim.sweep(scenario, {"reject": []})
    with pytest.raises(ValueError, match="names 'reject' more than once"):
        sim.sweep(scenario, {"reject": [0.1], ("reject",): [0.2]})


def test_a_dict_given_to_a_scenario_stays_the_callers(scenario):
    base = {"capacity": 3}
    frame = sim.sweep(scenario, {"levels.township": [base], "levels.township.success": [0.1, 0.9]}, days=1)
    assert base == {"capacity": 3}, "setting a value below it did not change the caller's dict"
    assert list(frame["levels.township"]) == [{"capacity": 3}, {"capacity": 3}]
    s = scenario.copy()
    s.levels = {"township": base}
    base["capacity"] = 99
    assert s.levels["township"]["capacity"] == 3


def test_progress_bar_runs_to_the_end(scenario, capsys):
    scenario.run(days=5, progress=True)
    assert "100%" in capsys.readouterr().err


def test_the_type_stub_declares_every_public_name_of_the_module():
    import ast
    import inspect

    stub = ast.parse((pathlib.Path(sim.__file__).with_suffix(".pyi")).read_text(encoding="utf-8"))
    top = {n.name for n in stub.body if isinstance(n, (ast.ClassDef, ast.FunctionDef))}
    assert set(sim.__all__) <= top
    classes = {n.name: n for n in stub.body if isinstance(n, ast.ClassDef)}
    for name in ("Scenario", "Results"):
        declared = {m.name for m in classes[name].body if isinstance(m, ast.FunctionDef)}
        declared |= {m.target.id for m in classes[name].body if isinstance(m, ast.AnnAssign)}
        public = {a for a, v in vars(getattr(sim, name)).items()
                  if not a.startswith("_") and (inspect.isfunction(v) or isinstance(v, (property, classmethod)))}
        assert public <= declared, f"{name}: {sorted(public - declared)} missing from sim.pyi"
    assert set(sim.PARAMETERS) <= {m.target.id for m in classes["Scenario"].body if isinstance(m, ast.AnnAssign)}


def test_the_funnel_counts_a_case_at_the_levels_it_reached_not_at_the_ones_it_skipped(results, scenario):
    c = results.cases
    skipped = c[(c["level"] == "county") & (c["levels_visited"] == 2)]
    assert len(skipped) > 0, "labour and work-injury disputes go from the village straight to the county"
    fig = results.plot_funnel()
    reached = [bar.get_height() for bar in fig.axes[0].patches[:3]]
    per_replication = len(results)
    assert reached[2] == pytest.approx((c["level"] == "county").sum() / per_replication)
    assert reached[1] == pytest.approx(((c["level"] == "township") | ((c["level"] == "county") & (c["levels_visited"] == 3))).sum()
                                       / per_replication)
    assert not skipped["reached_township"].any() and skipped["reached_county"].all()
    e = results.events
    visits = e.loc[e["applied"], ["replication", "case", "level_after"]].drop_duplicates()
    assert reached[1] == pytest.approx((visits["level_after"] == "township").sum() / per_replication), \
        "the same count as the records give"


def test_a_scenario_file_that_is_not_utf8_json_of_an_object_is_named_as_such(tmp_path):
    text = XIANGYUAN.read_text(encoding="utf-8").replace('"../xiangyuan.json"', f'"{SOURCE / "data" / "xiangyuan.json"}"')
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert sim.Scenario.from_file(bom).days == 365, "a byte-order mark is allowed"
    gbk = tmp_path / "gbk.json"
    gbk.write_bytes(text.encode("gbk"))
    with pytest.raises(fq.ConfigError, match=r"gbk\.json: not UTF-8 text"):
        sim.Scenario.from_file(gbk)
    array = tmp_path / "array.json"
    array.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(fq.ConfigError, match=r"/: expected an object, got an array \(in .*array\.json\)"):
        sim.Scenario.from_file(array)


def test_a_scenario_file_is_refused_for_what_the_command_line_tool_refuses(tmp_path):
    # The same file must not run from Python and fail in `fengqiao validate`, or the other way round.
    text = XIANGYUAN.read_text(encoding="utf-8").replace('"../xiangyuan.json"', f'"{SOURCE / "data" / "xiangyuan.json"}"')
    cases = {
        "twice.json": (text.replace('"reject":', '"reject": 0.1, "reject":', 1), r"/reject: the key 'reject' appears twice"),
        "no-format.json": (text.replace('"format": "fengqiao-scenario/1",', "", 1), r"/: missing required field 'format'"),
        "nan.json": (text.replace('"days": 365', '"days": NaN', 1), r"nan\.json: line \d+, column \d+: not valid JSON"),
    }
    for name, (content, message) in cases.items():
        assert content != text, name
        path = tmp_path / name
        path.write_text(content, encoding="utf-8")
        with pytest.raises(fq.ConfigError, match=message):
            sim.Scenario.from_file(path)
    assert sim.Scenario.from_file(XIANGYUAN).note.startswith("Calibrated"), "the file's note is a parameter too"


def test_a_shorter_run_of_a_scenario_too_long_for_its_start_is_checked_for_its_own_length(scenario):
    s = scenario.copy()
    s.start = "9899-06-01"
    with pytest.raises(fq.ConfigError, match="a run of 365 days"):
        s.check()
    assert len(s.run(seed=1, days=30, events=False, digest=False)) == 1
    with pytest.raises(fq.ConfigError, match="a run of 400 days"):
        s.run(seed=1, days=400)
