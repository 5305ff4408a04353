"""Tables for analysts: pandas DataFrames over an engine's cases and journal, and batch results.

pandas is imported only when a table is asked for, so ``import fengqiao`` stays light.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["BatchResult", "codes", "cases_frame", "journal_frame"]

def codes(kind: type[enum.Enum]) -> dict[Any, int]:
    """The integer code of every member of a fengqiao enumeration, for NumPy batches.

    >>> codes(CommandKind)[CommandKind.accept]
    1
    """
    return {member: i for i, member in enumerate(kind)}


def _categorical(values: np.ndarray, kind: type[enum.Enum]) -> pd.Categorical:
    import pandas as pd

    # Every member is a category, so a state no case is in still shows up (with a count of 0). Risk
    # grades and levels have an order (blue < ... < red, village < ... < province): comparisons such as
    # frame.risk >= "orange" work on them.
    return pd.Categorical.from_codes(values.astype(np.int8, copy=False), categories=[m.value for m in kind],
                                     ordered=kind in _ORDERED)


_ORDERED = (_core.RiskGrade, _core.Tier)  # enumerations whose members are in increasing order

_NO_TIME = np.iinfo(np.int64).min  # the engine's "no time"


def _times(seconds: np.ndarray) -> pd.DatetimeIndex | np.ndarray:
    import pandas as pd

    known = seconds[seconds != _NO_TIME]
    # pandas keeps times in nanoseconds, from 1677 to 2262; the engine's clock runs from year 1 to
    # 9999. A column with a time outside pandas' range holds Python datetimes instead (object dtype).
    # The range is narrowed by a day at each end: the times are shown in China Standard Time, eight
    # hours from UTC, and a time pandas holds in UTC may be past its limit on the local clock.
    day = 86_400
    if known.size and (known.min() <= pd.Timestamp.min.value // 10**9 + day
                       or known.max() >= pd.Timestamp.max.value // 10**9 - day):
        return np.array([None if s == _NO_TIME else _core._datetime(s) for s in seconds.tolist()], dtype=object)
    # The engine's "no time" is the smallest int64, which NumPy reads as NaT.
    values = seconds.astype("datetime64[s]")
    return pd.DatetimeIndex(values).tz_localize("UTC").tz_convert(_core.CHINA_STANDARD_TIME)


def cases_frame(engine: _core.Engine) -> pd.DataFrame:
    """Every case of ``engine`` as one row (see :meth:`fengqiao.Engine.cases_frame`)."""
    import pandas as pd

    c = engine._case_columns()
    frame = pd.DataFrame(
        {
            "case_id": c["case_id"],
            "state": _categorical(c["state"], _core.State),
            "category": _categorical(c["category"], _core.Category),
            "channel": _categorical(c["channel"], _core.Channel),
            "risk": _categorical(c["risk"], _core.RiskGrade),
            "outcome": _categorical(c["outcome"], _core.Outcome),
            "route": _categorical(c["route"], _core.ReferralRoute),
            "level": _categorical(c["level"], _core.Tier),
            "jurisdiction": c["jurisdiction"],
            "origin": c["origin"],
            "open": c["open"],
            "overdue": c["overdue"],
            "sessions": c["sessions"],
            "failures": c["failures"],
            "escalations": c["escalations"],
            "parties": c["parties"],
            "claimed_amount": c["claimed_amount"],
            "reported_at": _times(c["reported_at"]),
            "state_since": _times(c["state_since"]),
            "deadline": _times(c["deadline"]),
            "closed_at": _times(c["closed_at"]),
        }
    )
    return frame.set_index("case_id")


def journal_frame(engine: _core.Engine, text: bool = False) -> pd.DataFrame:
    """Every committed journal record of ``engine`` as one row (see :meth:`fengqiao.Engine.journal_frame`)."""
    import pandas as pd

    c = engine._journal_columns(text)
    columns: dict[str, Any] = {
        "sequence": c["sequence"],
        "case_id": c["case_id"],
        "case_sequence": c["case_sequence"],
        "kind": _categorical(c["kind"], _core.RecordKind),
        "command": _categorical(c["command"], _core.CommandKind),
        "from_state": _categorical(c["from_state"], _core.State),
        "to_state": _categorical(c["to_state"], _core.State),
        "actor": c["actor"],
        "jurisdiction_before": c["jurisdiction_before"],
        "jurisdiction_after": c["jurisdiction_after"],
        "level_before": _categorical(c["level_before"], _core.Tier),
        "level_after": _categorical(c["level_after"], _core.Tier),
        "risk_after": _categorical(c["risk_after"], _core.RiskGrade),
        "route_after": _categorical(c["route_after"], _core.ReferralRoute),
        "time": _times(c["time"]),
    }
    if text:
        columns["reason"] = c["reason"]
    return pd.DataFrame(columns).set_index("sequence")


class BatchResult:
    """What :meth:`fengqiao.Engine.submit_many` or :meth:`~fengqiao.Engine.report_many` did, row by row.

    Attributes:
        error_codes: ``int8`` array; -1 where the row was applied, else the refusal's
            :class:`fengqiao.ErrorCode` code (its position in ``list(ErrorCode)``).
        refused: how many rows were refused.
        first_error: the :class:`fengqiao.CommandRejected` of the first refused row (with its full
            message), or ``None``.
        case_ids: for report_many(), the new case ids (0 where refused); otherwise ``None``.
        gil_released: True if the batch ran without holding the GIL (no Python policy or listener was
            involved), so other Python threads ran meanwhile.

    When a batch is interrupted (a Python policy or listener raises, a policy's answer is refused, the
    journal fails), the exception carries the BatchResult of the rows stored before it as its
    ``batch_result`` attribute; the rows after ``len(batch_result)`` were not submitted.
    """

    __slots__ = ("error_codes", "refused", "first_error", "case_ids", "gil_released")

    def __init__(
        self,
        error_codes: np.ndarray,
        refused: int,
        first_error: BaseException | None = None,
        case_ids: np.ndarray | None = None,
        gil_released: bool = False,
    ) -> None:
        self.error_codes = error_codes
        self.refused = int(refused)
        self.first_error = first_error
        self.case_ids = case_ids
        self.gil_released = bool(gil_released)

    def __len__(self) -> int:
        """Number of rows."""
        return len(self.error_codes)

    @property
    def applied(self) -> np.ndarray:
        """Boolean array: True where the row was applied."""
        return self.error_codes == -1

    def errors(self) -> pd.Categorical:
        """The refusal of each row as a categorical of ErrorCode names (missing where applied)."""
        import pandas as pd

        return pd.Categorical.from_codes(self.error_codes, categories=[m.value for m in _core.ErrorCode])

    def raise_first(self) -> None:
        """Raises the first refusal as its CommandRejected (does nothing if every row was applied)."""
        if self.first_error is not None:
            raise self.first_error

    def __repr__(self) -> str:
        return f"BatchResult({len(self)} rows, {len(self) - self.refused} applied, {self.refused} refused)"
