"""What-if simulation for analysts: scenarios, runs, tables, plots and parameter sweeps.

A scenario drives the **same** engine and policies that run real cases, on a virtual clock; only the
people are simulated (docs/simulation.md). From Python::

    >>> from fengqiao import sim
    >>> today = sim.Scenario.from_file("data/scenarios/xiangyuan.json")        # doctest: +SKIP
    >>> more = today.copy()                                                     # doctest: +SKIP
    >>> more.extra_mediators = {"xiangyuan.guhan": 2}                           # doctest: +SKIP
    >>> a, b = today.run(seed=1, replications=5), more.run(seed=1, replications=5)   # doctest: +SKIP
    >>> a.summary().mean(numeric_only=True)["days_to_resolution_p90"]          # doctest: +SKIP

Every parameter of the scenario file is an attribute (``scenario.days``, ``scenario.levels``,
``scenario.arrivals``, ``scenario.extra_mediators`` ...) holding plain Python values; change them and
run again. Bad values are reported by :meth:`Scenario.run` (and :meth:`Scenario.check`) as
:class:`fengqiao.ConfigError` with the JSON path of the problem.
"""

from __future__ import annotations

import copy as _copy
import datetime as _dt
import itertools
import json
import math
import multiprocessing
import numbers
import os
import pathlib
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np

from . import _core
from ._errors import ConfigError, StorageError
from ._frames import _categorical, _times, codes

if TYPE_CHECKING:  # pragma: no cover
    import matplotlib.figure
    import pandas as pd

__all__ = ["Scenario", "Results", "sweep"]

# The top-level keys of a scenario file (docs/simulation.md); each is an attribute of Scenario.
PARAMETERS = (
    "name", "sources", "county", "synthetic", "start", "days", "arrivals", "levels", "success_factor",
    "intake_delay_days", "assign_delay_days", "agreement_delay_days", "escalation_delay_days", "reject",
    "refer_at_intake", "withdraw_per_session", "risk_rise_per_session", "red_share_of_rises",
    "written_agreement", "judicial_confirmation", "confirmation_granted", "confirmation_days",
    "follow_up_days", "fulfilment", "outside_days", "outside_outcome", "extra_mediators", "note",
)

_LEVELS = ("village", "township", "county")
_MISSING = object()


class Scenario:
    """A scenario: a county (or a generated province) plus how disputes arise and how mediation goes.

    Attributes are the scenario file's keys; nested ones (``levels``, ``arrivals``) are dicts you can
    edit in place. :meth:`set` takes a dotted path (``"levels.township.capacity"``), or a tuple of keys
    where a key itself contains dots (``("extra_mediators", "xiangyuan.guhan")``).
    """

    __slots__ = ("_params", "_base_dir", "_source", "_edited", "_as_read")

    def __init__(self, params: Mapping[str, Any], base_dir: str | os.PathLike[str] = ".",
                 source: str = "<scenario>") -> None:
        """A scenario from a dict of parameters; ``base_dir`` resolves a relative county file."""
        object.__setattr__(self, "_params", {"format": "fengqiao-scenario/1", **_copy.deepcopy(dict(params))})
        object.__setattr__(self, "_base_dir", os.fspath(base_dir))
        object.__setattr__(self, "_source", source)
        object.__setattr__(self, "_edited", False)
        object.__setattr__(self, "_as_read", None)  # the parameters as read from a file, to tell edits from it

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario:
        """Reads a scenario file. Raises fengqiao.StorageError if it cannot be read, ConfigError if it is
        not valid JSON or not a valid scenario."""
        p = pathlib.Path(path)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise StorageError(f"cannot read scenario '{p}': {e.strerror}") from None
        try:
            text = data.decode("utf-8-sig")  # a byte-order mark is allowed, as `fengqiao validate` allows it
        except UnicodeDecodeError as e:
            raise ConfigError(f"{p}: not UTF-8 text (byte {e.start} is {data[e.start]:#04x}); save the file as "
                              f"UTF-8") from None
        # The file as `fengqiao validate` and `fengqiao simulate` read it: a key given twice, a missing
        # "format" or a NaN is refused here too, with the same JSON path.
        _core._sim_check(text, str(p), str(p.parent))
        try:
            params = json.loads(text)
        except json.JSONDecodeError as e:
            raise ConfigError(f"{p}: line {e.lineno}, column {e.colno}: not valid JSON ({e.msg})") from None
        scenario = cls(params, p.parent.resolve(), str(p))  # a later os.chdir() must not lose the county file
        object.__setattr__(scenario, "_as_read", _copy.deepcopy(scenario._params))
        return scenario

    def __getattr__(self, name: str) -> Any:
        if name in PARAMETERS:
            return self._params.get(name)
        raise AttributeError(f"a scenario has no parameter '{name}' (parameters: {', '.join(PARAMETERS)})")

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in PARAMETERS:
            raise AttributeError(f"a scenario has no parameter '{name}' (parameters: {', '.join(PARAMETERS)})")
        self._params[name] = _plain(value)  # the scenario's own: later edits of `value` do not reach it
        object.__setattr__(self, "_edited", True)

    def __getstate__(self) -> dict[str, Any]:
        # copy, deepcopy and pickle (a scenario sent to a worker process) restore these slots.
        return {name: getattr(self, name) for name in Scenario.__slots__}

    def __setstate__(self, state: Mapping[str, Any]) -> None:
        for name in Scenario.__slots__:
            object.__setattr__(self, name, state[name])

    def __deepcopy__(self, memo: dict[int, Any]) -> Scenario:
        return self.copy()

    def __dir__(self) -> Iterable[str]:
        return [*super().__dir__(), *PARAMETERS]

    def __repr__(self) -> str:
        return f"Scenario({self._params.get('name', '?')!r}, days={self._params.get('days', 365)})"

    @property
    def params(self) -> dict[str, Any]:
        """Every parameter as a dict (the scenario file's content), live: edits change the scenario."""
        return self._params

    def copy(self) -> Scenario:
        """An independent copy to change for a what-if."""
        other = Scenario(self._params, self._base_dir, self._source)
        object.__setattr__(other, "_edited", self._edited)
        object.__setattr__(other, "_as_read", self._as_read)  # never changed, so it can be shared
        return other

    def set(self, path: str | Sequence[str], value: Any) -> Scenario:
        """Sets a nested parameter, creating the dicts on the way; returns the scenario.

        Raises KeyError, leaving the scenario as it was, for a parameter scenarios do not have, nested
        names included (``"levels.township.capcity"``). A value out of range is reported by
        :meth:`check` and :meth:`run`, like one set as an attribute.
        """
        keys = path.split(".") if isinstance(path, str) else list(path)
        if not keys or keys[0] not in PARAMETERS:
            raise KeyError(f"unknown scenario parameter {path!r} (parameters: {', '.join(PARAMETERS)})")
        undo = []  # (dict, key, old value or _MISSING), to put back in reverse order
        node = self._params
        for key in keys[:-1]:
            if key not in node:
                undo.append((node, key, _MISSING))
                node[key] = {}
            node = node[key]
            if not isinstance(node, dict):
                self._undo(undo)
                raise KeyError(f"{path!r}: '{key}' is not a group of parameters")
        undo.append((node, keys[-1], node.get(keys[-1], _MISSING)))
        value = _plain(value)  # a dict given here is not changed by later sets below it
        node[keys[-1]] = value
        pointer = "".join("/" + str(k).replace("~", "~0").replace("/", "~1") for k in keys)
        try:
            self.to_json()  # a value no scenario file can hold (NaN, an object) is not kept
            # The name is judged on a scenario holding only it (and the county it may name places of),
            # so a problem elsewhere, pending a fix, cannot hide it.
            probe: dict[str, Any] = {"format": "fengqiao-scenario/1", "name": "set()"}
            for key in ("county", "synthetic"):
                if key in self._params:
                    probe[key] = self._params[key]
            node = probe
            for key in keys[:-1]:
                node = node.setdefault(key, {})
            node[keys[-1]] = value
            _core._sim_check(json.dumps(probe, ensure_ascii=False, default=_json_value), self._origin(), self._base_dir)
        except ConfigError as e:
            # A name the scenario format does not have, at or above the path just set: refused. Any
            # other problem (a value out of range, here or elsewhere) is left for check() and run().
            unknown_name = any(w in str(e) for w in ("unknown key", "unknown tier", "unknown category"))
            if e.path and (pointer == e.path or pointer.startswith(e.path + "/")) and unknown_name:
                self._undo(undo)
                raise KeyError(f"unknown scenario parameter {path!r}: {e}") from None
        except BaseException:
            self._undo(undo)
            raise
        object.__setattr__(self, "_edited", True)
        return self

    @staticmethod
    def _undo(changes: list[tuple[dict[str, Any], str, Any]]) -> None:
        for node, key, old in reversed(changes):
            if old is _MISSING:
                del node[key]
            else:
                node[key] = old

    def to_json(self) -> str:
        """The scenario as scenario-file JSON. Raises ValueError naming a parameter that is NaN or infinite
        (JSON has no such numbers)."""
        _require_finite(self._params, "")
        return json.dumps(self._params, ensure_ascii=False, default=_json_value)

    def check(self) -> None:
        """Raises fengqiao.ConfigError (with the JSON path) if the scenario cannot run."""
        _core._sim_check(self.to_json(), self._origin(), self._base_dir)

    def _origin(self) -> str:
        # Where the parameters came from, for messages: a value set from Python is not the file's fault,
        # also when it was set in place (scenario.levels["township"]["success"] = 2).
        edited = self._edited or (self._as_read is not None and self._params != self._as_read)
        return f"{self._source}, as edited" if edited else self._source

    def run(self, seed: int = 1, replications: int = 1, *, days: int | None = None, progress: bool = False,
            events: bool = True, digest: bool = True) -> Results:
        """Runs the scenario ``replications`` times, replication *r* on its own random stream of ``seed``.

        ``days`` overrides the scenario's length; ``progress`` shows a tqdm bar; ``events`` keeps every
        journal record for :attr:`Results.events` (about 25 bytes each); ``digest`` computes each journal's
        digest (the SHA-256 ``fengqiao verify`` reports for a stored journal).
        """
        seed, replications = _counts(seed, replications)
        days = _days(days)
        text = self.to_json()
        bar = _progress_bar(replications * 100, self._params.get("name", "simulating")) if progress else None
        raw = []
        try:
            for r in range(replications):
                done = [0]

                def tick(fraction: float, done: list[int] = done) -> None:
                    step = int(fraction * 100) - done[0]
                    if step > 0 and bar is not None:
                        bar.update(step)
                        done[0] += step

                raw.append(_core._sim_run(text, self._origin(), self._base_dir, int(seed), r, days, events, digest,
                                          tick if bar is not None else None))
        finally:
            if bar is not None:
                bar.close()
        return Results(raw)


def _progress_bar(total: int, name: str) -> Any:
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=str(name), unit="%")


class Results:
    """What one or more replications of a scenario produced, as pandas tables and matplotlib figures."""

    def __init__(self, raw: list[dict[str, Any]]) -> None:
        """Wraps the raw output of the simulator (one dict per replication)."""
        self._raw = raw
        self._cache: dict[str, Any] = {}

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        reported = sum(r["summary"]["reported"] for r in self._raw)
        return f"Results({self._raw[0]['name']!r}, {len(self._raw)} replication(s), {reported} cases)"

    @property
    def digests(self) -> list[str]:
        """The digest of each replication's journal, as ``fengqiao verify`` computes it (empty strings if
        not computed)."""
        return [r["digest"] for r in self._raw]

    @property
    def cases(self) -> pd.DataFrame:
        """One row per case and replication: category, channel, origin and final jurisdiction, level,
        levels visited, whether it reached the village, township and county levels (``reached_village``,
        ``reached_township``, ``reached_county``: a labour dispute sent from the village straight to the
        county skips the township), state, outcome, route, days open, sessions, overdue, risk."""
        if "cases" not in self._cache:
            import pandas as pd

            frames = []
            tier = codes(_core.Tier)
            for r, raw in enumerate(self._raw):
                c = raw["cases"]
                names = raw["jurisdictions"]
                frames.append(pd.DataFrame({
                    "replication": np.full(len(c["case"]), r, dtype=np.int32),
                    "case": c["case"],
                    "category": _categorical(c["category"], _core.Category),
                    "channel": _categorical(c["channel"], _core.Channel),
                    "origin": [names[int(j)][0] for j in c["origin"]],
                    "final_jurisdiction": [names[int(j)][0] for j in c["final_jurisdiction"]],
                    "final_name": [names[int(j)][1] for j in c["final_jurisdiction"]],
                    "level": _categorical(c["level"], _core.Tier),
                    "levels_visited": c["levels_visited"],
                    **{f"reached_{lvl}": (c["tiers_reached"] & (1 << tier[getattr(_core.Tier, lvl)])) != 0
                       for lvl in _LEVELS},
                    "state": _categorical(c["state"], _core.State),
                    "outcome": _categorical(c["outcome"], _core.Outcome),
                    "route": _categorical(c["route"], _core.ReferralRoute),
                    "days_open": c["days_open"],
                    "sessions": c["sessions"],
                    "overdue": c["overdue"],
                    "risk": _categorical(c["risk"], _core.RiskGrade),
                }))
            self._cache["cases"] = pd.concat(frames, ignore_index=True)
        return self._cache["cases"]

    @property
    def events(self) -> pd.DataFrame:
        """One row per journal record and replication: time, case, command, states and levels before
        and after, actor, and whether it was applied or a refused attempt. Empty if run with events=False."""
        if "events" not in self._cache:
            import pandas as pd

            def frame(r: int, e: dict[str, np.ndarray]) -> pd.DataFrame:
                return pd.DataFrame({
                    "replication": np.full(len(e["case"]), r, dtype=np.int32),
                    "time": _times(e["time"]),
                    "case": e["case"],
                    "command": _categorical(e["command"], _core.CommandKind),
                    "from_state": _categorical(e["from_state"], _core.State),
                    "to_state": _categorical(e["to_state"], _core.State),
                    "level_before": _categorical(e["level_before"], _core.Tier),
                    "level_after": _categorical(e["level_after"], _core.Tier),
                    "actor": e["actor"],
                    "applied": e["applied"].astype(bool),
                })

            frames = [frame(r, raw["events"]) for r, raw in enumerate(self._raw) if raw.get("events") is not None]
            if not frames:  # run with events=False: no rows, but the columns keep their types
                frames.append(frame(0, {"time": np.empty(0, np.int64), "case": np.empty(0, np.uint32),
                                        "actor": np.empty(0, np.uint32),
                                        **{k: np.empty(0, np.uint8) for k in ("command", "from_state", "to_state",
                                                                              "level_before", "level_after", "applied")}}))
            self._cache["events"] = pd.concat(frames, ignore_index=True)
        return self._cache["events"]

    @property
    def backlog(self) -> pd.DataFrame:
        """Open cases at the end of each day, by level: columns replication, day, level, open."""
        if "backlog" not in self._cache:
            import pandas as pd

            frames = []
            tiers = [t.value for t in _core.Tier]
            for r, raw in enumerate(self._raw):
                b = raw["backlog"]
                days = np.repeat(np.arange(1, b.shape[0] + 1), len(tiers))
                frames.append(pd.DataFrame({
                    "replication": r,
                    "day": days,
                    "level": pd.Categorical(np.tile(tiers, b.shape[0]), categories=tiers, ordered=True),
                    "open": b.reshape(-1),
                }))
            self._cache["backlog"] = pd.concat(frames, ignore_index=True)
        return self._cache["backlog"]

    @property
    def utilization(self) -> pd.DataFrame:
        """How busy mediators were, per jurisdiction: code, name, level, township, mediators and busy
        (average open cases / capacity over days and mediators, 0 to 1)."""
        if "utilization" not in self._cache:
            import pandas as pd

            rows = [(r, *u) for r, raw in enumerate(self._raw) for u in raw["utilization"]]
            frame = pd.DataFrame(rows, columns=["replication", "jurisdiction", "name", "level", "township",
                                                "mediators", "busy"])
            frame["level"] = pd.Categorical([str(v) for v in frame["level"]], categories=[t.value for t in _core.Tier],
                                            ordered=True)
            self._cache["utilization"] = frame
        return self._cache["utilization"]

    def summary(self) -> pd.DataFrame:
        """The headline figures, one row per replication: counts by where cases ended, referrals by
        route, shares of the cases that ended on their merits resolved in the village, in the township
        and sent on, the "nothing pushed upward" rate, deadlines passed, escalations, waits for a free
        mediator (``waited_for_mediator``, and by the level of the place where the case waited:
        ``waited_village``, ``waited_township``, ...), days to resolution (p50, p90, p99) and journal size. ``.mean(numeric_only=True)`` averages
        them over replications (the journal_sha256 column is text). Shares and the "nothing pushed upward"
        rate are NaN in a replication where no case ended on its merits, and the days to resolution where
        none was resolved; the referred_<route> columns split ``referred``."""
        import pandas as pd

        rows = []
        for r, raw in enumerate(self._raw):
            s = dict(raw["summary"])
            merits = s["resolved_village"] + s["resolved_township"] + s["resolved_county"] + s["resolved_city"] + \
                s["resolved_province"] + s["referred"]
            # Shares and percentiles of nothing are unknown, not 0: NaN keeps them out of means over
            # replications.
            nan = float("nan")
            s["share_village"] = s["resolved_village"] / merits if merits else nan
            s["share_township"] = s["resolved_township"] / merits if merits else nan
            s["share_sent_on"] = 1.0 - s["share_village"] - s["share_township"] if merits else nan
            if not merits:
                s["resolved_at_or_below_township"] = nan
            if merits == s["referred"]:  # nothing resolved
                for p in ("p50", "p90", "p99"):
                    s[f"days_to_resolution_{p}"] = nan
            s["replication"] = r
            s["journal_sha256"] = raw["digest"]
            rows.append(s)
        return pd.DataFrame(rows).set_index("replication")

    # -- plots ------------------------------------------------------------------------------------

    def plot_funnel(self, ax: Any = None) -> matplotlib.figure.Figure:
        """The escalation funnel: cases reaching each level (a labour dispute sent from the village straight to
        the county reaches the county, not the township), and how many were resolved there."""
        fig, ax = _axes(ax)
        c = self.cases
        n = max(len(self._raw), 1)
        reached = [c[f"reached_{lvl}"].sum() / n for lvl in _LEVELS]
        resolved = [((c["outcome"] == "resolved") & (c["level"] == lvl)).sum() / n for lvl in _LEVELS]
        x = np.arange(3)
        ax.bar(x - 0.2, reached, 0.4, label="reached the level", color="#9ecae1")
        ax.bar(x + 0.2, resolved, 0.4, label="resolved there", color="#3182bd")
        ax.set_xticks(x, ["village 村(社区)", "township 乡镇", "county 县"])
        ax.set_ylabel("cases per replication")
        ax.set_title("Escalation funnel")
        ax.legend()
        return fig

    def plot_backlog(self, ax: Any = None) -> matplotlib.figure.Figure:
        """Open cases over time, by level (mean over replications)."""
        fig, ax = _axes(ax)
        b = self.backlog
        for lvl in _LEVELS:
            series = b[b["level"] == lvl].groupby("day")["open"].mean()
            ax.plot(series.index, series.values, label=lvl)
        ax.set_xlabel("day")
        ax.set_ylabel("open cases")
        ax.set_title("Backlog by level")
        ax.legend()
        return fig

    def plot_time_to_resolution(self, ax: Any = None) -> matplotlib.figure.Figure:
        """The distribution of days from report to resolution, for resolved cases, in cases per
        replication (like the funnel), so that runs of several replications read on the scale of one."""
        fig, ax = _axes(ax)
        n = max(len(self._raw), 1)
        days = self.cases.loc[self.cases["outcome"] == "resolved", "days_open"]
        ax.hist(days, bins=40, color="#3182bd", weights=np.full(len(days), 1.0 / n))
        ax.set_xlabel("days from report to resolution")
        ax.set_ylabel("resolved cases per replication" if n > 1 else "resolved cases")
        ax.set_title("Time to resolution")
        return fig

    def plot_utilization(self, ax: Any = None, level: str = "township", top: int = 20) -> matplotlib.figure.Figure:
        """Mediator utilization of the places of one level (``"village"``, which includes communities,
        ``"township"`` or ``"county"``): each place's mediators and bodies, weighted by their number,
        the busiest ``top`` of them. Queues form where places are near 100%."""
        if level not in _LEVELS:
            raise ValueError(f"level must be one of {', '.join(_LEVELS)}, got {level!r}")
        if isinstance(top, bool) or not isinstance(top, numbers.Integral) or top < 1:
            raise ValueError(f"top must be a positive integer, got {top!r}")
        fig, ax = _axes(ax)
        u = self.utilization
        u = u[u["level"] == level]
        by = u.groupby("name", observed=True).apply(lambda g: np.average(g["busy"], weights=g["mediators"]))
        by = by.sort_values().tail(int(top))
        ax.barh(list(by.index), list(by.values * 100), color="#3182bd")
        ax.set_xlabel("utilization (%)")
        label = {"village": "village or community", "township": "township", "county": "county"}[level]
        ax.set_title(f"Mediator utilization by {label}" + (f" (busiest {len(by)})" if len(by) == top else ""))
        return fig


def _axes(ax: Any) -> tuple[Any, Any]:
    import matplotlib

    if ax is not None:
        return ax.figure, ax
    if os.environ.get("DISPLAY", "") == "" and matplotlib.get_backend().lower() not in ("agg", "pdf", "svg"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Jurisdiction names are Chinese; use a CJK font when the machine has one.
    plt.rcParams["font.sans-serif"] = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    fig, ax = plt.subplots(figsize=(7, 4.2), layout="constrained")
    return fig, ax


def _sweep_point(args: tuple[str, str, str, int, int, int | None]) -> dict[str, Any]:
    text, source, base_dir, seed, replication, days = args
    raw = _core._sim_run(text, source, base_dir, seed, replication, days, False, True, None)
    frame = Results([raw]).summary()
    return frame.iloc[0].to_dict()


def _counts(seed: Any, replications: Any) -> tuple[int, int]:
    """``seed`` and ``replications`` as ints, or TypeError/ValueError naming the one that is wrong."""
    for name, value in (("seed", seed), ("replications", replications)):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if not 0 <= seed < 2**64:
        raise ValueError(f"seed must be from 0 to 2**64 - 1, got {seed}")
    if not 1 <= replications <= 2**32:
        raise ValueError(f"replications must be from 1 to 4294967296 (replication numbers are 32-bit), "
                         f"got {replications}")
    return int(seed), int(replications)


def _require_finite(value: Any, path: str) -> None:
    """ValueError naming the JSON path of the first NaN or infinite number in ``value``."""
    if isinstance(value, (float, np.floating)) and not math.isfinite(value):
        raise ValueError(f"scenario parameter {path or '/'} is {value}: parameters must be finite numbers")
    if isinstance(value, Mapping):
        for k, v in value.items():
            _require_finite(v, f"{path}/{k}")
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            _require_finite(v, f"{path}/{i}")


def _plain(value: Any) -> Any:
    """A deep copy of ``value`` with NumPy arrays as lists (a month vector scaled with NumPy, say), so the
    scenario holds what a scenario file holds and compares like one."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return _copy.deepcopy(value)


def _json_value(value: Any) -> Any:
    """A parameter value JSON has no type for, as the scenario file writes it: a date as "YYYY-MM-DD",
    a NumPy number as a number; TypeError for anything else."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"a scenario parameter holds {type(value).__name__} {value!r}; parameters are numbers, strings, "
                    "true/false, lists and dicts as in a scenario file (dates as datetime.date or 'YYYY-MM-DD')")


def _days(days: Any) -> int | None:
    """``days`` as an int from 0 to a hundred years of days, or None; TypeError/ValueError otherwise."""
    if days is None:
        return None
    if isinstance(days, bool) or not isinstance(days, numbers.Integral):
        raise TypeError(f"days must be an integer, got {type(days).__name__} {days!r}")
    if not 0 <= days <= _core._sim_max_days:
        raise ValueError(f"days must be from 0 to {_core._sim_max_days} (a hundred years), got {days}")
    return int(days)


def sweep(scenario: Scenario, grid: Mapping[str | Sequence[str], Sequence[Any]], *, seed: int = 1,
          replications: int = 1, days: int | None = None, processes: int = 1, progress: bool = False
          ) -> pd.DataFrame:
    """Runs ``scenario`` at every combination of ``grid`` (parameter path → values) and returns one tidy
    DataFrame: a column per grid parameter, ``replication``, and every summary figure.

    Paths are as in :meth:`Scenario.set`. ``processes`` > 1 runs points in parallel worker processes.
    """
    import pandas as pd

    if not isinstance(grid, Mapping):
        raise TypeError(f"the grid is a dict of parameter path -> list of values, e.g. {{'levels.township.capacity': "
                        f"[4, 6]}}; got {type(grid).__name__}")
    seed, replications = _counts(seed, replications)
    days = _days(days)
    if isinstance(processes, bool) or not isinstance(processes, numbers.Integral) or processes < 1:
        raise ValueError(f"processes must be a whole number of at least 1, got {processes!r}")
    keys = list(grid)
    labels = [k if isinstance(k, str) else ".".join(k) for k in keys]
    if days is not None and "days" in labels:
        raise ValueError("days is both a grid parameter and the days= argument; give it in one place")
    for label in labels:
        if labels.count(label) > 1:
            raise ValueError(f"the grid names {label!r} more than once (as a dotted path and as a tuple of keys?); "
                             f"give each parameter once")
    columns = []  # each parameter's values, read once (a generator can be read only once)
    for label, k in zip(labels, keys):
        if isinstance(grid[k], (str, bytes)) or not isinstance(grid[k], Iterable):
            raise TypeError(f"the grid values of {label!r} must be a list of values, got {type(grid[k]).__name__} "
                            f"{grid[k]!r}")
        columns.append(list(grid[k]))
        if not columns[-1]:
            raise ValueError(f"the grid gives no values for {label!r}; give at least one")
    points = []
    for values in itertools.product(*columns):
        # NumPy scalars become plain numbers, as a scenario file holds them.
        values = tuple(v.item() if isinstance(v, np.generic) else v for v in values)
        s = scenario.copy()
        for k, v in zip(keys, values):
            s.set(k, v)
        s.check()
        for r in range(replications):
            points.append((dict(zip(labels, values)), (s.to_json(), s._origin(), s._base_dir, seed, r, days)))
    bar = _progress_bar(len(points), "sweep") if progress else None
    try:
        if processes > 1:
            with multiprocessing.get_context("fork").Pool(processes) as pool:
                results = []
                for out in pool.imap(_sweep_point, [p[1] for p in points]):
                    results.append(out)
                    if bar is not None:
                        bar.update(1)
        else:
            results = []
            for p in points:
                results.append(_sweep_point(p[1]))
                if bar is not None:
                    bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    rows = [{**label, "replication": args[4], **res} for (label, args), res in zip(points, results)]
    return pd.DataFrame(rows)
