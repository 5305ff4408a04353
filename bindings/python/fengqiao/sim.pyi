"""Type stubs for fengqiao.sim (what-if simulation)."""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping, Sequence

import matplotlib.figure
import pandas as pd

__all__ = ["Scenario", "Results", "sweep"]

PARAMETERS: tuple[str, ...]

class Scenario:
    name: Any
    sources: Any
    county: Any
    synthetic: Any
    start: Any
    days: Any
    arrivals: Any
    levels: Any
    success_factor: Any
    intake_delay_days: Any
    assign_delay_days: Any
    agreement_delay_days: Any
    escalation_delay_days: Any
    reject: Any
    refer_at_intake: Any
    withdraw_per_session: Any
    risk_rise_per_session: Any
    red_share_of_rises: Any
    written_agreement: Any
    judicial_confirmation: Any
    confirmation_granted: Any
    confirmation_days: Any
    follow_up_days: Any
    fulfilment: Any
    outside_days: Any
    outside_outcome: Any
    extra_mediators: Any
    note: Any
    def __init__(self, params: Mapping[str, Any], base_dir: str | os.PathLike[str] = ..., source: str = ...) -> None: ...
    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Scenario: ...
    @property
    def params(self) -> dict[str, Any]: ...
    def copy(self) -> Scenario: ...
    def set(self, path: str | Sequence[str], value: Any) -> Scenario: ...
    def to_json(self) -> str: ...
    def check(self) -> None: ...
    def run(self, seed: int = ..., replications: int = ..., *, days: int | None = ..., progress: bool = ...,
            events: bool = ..., digest: bool = ...) -> Results: ...
    def __dir__(self) -> Iterable[str]: ...

class Results:
    def __init__(self, raw: list[dict[str, Any]]) -> None: ...
    def __len__(self) -> int: ...
    @property
    def digests(self) -> list[str]: ...
    @property
    def cases(self) -> pd.DataFrame: ...
    @property
    def events(self) -> pd.DataFrame: ...
    @property
    def backlog(self) -> pd.DataFrame: ...
    @property
    def utilization(self) -> pd.DataFrame: ...
    def summary(self) -> pd.DataFrame: ...
    def plot_funnel(self, ax: Any = ...) -> matplotlib.figure.Figure: ...
    def plot_backlog(self, ax: Any = ...) -> matplotlib.figure.Figure: ...
    def plot_time_to_resolution(self, ax: Any = ...) -> matplotlib.figure.Figure: ...
    def plot_utilization(self, ax: Any = ..., level: str = ..., top: int = ...) -> matplotlib.figure.Figure: ...

def sweep(scenario: Scenario, grid: Mapping[str | Sequence[str], Sequence[Any]], *, seed: int = ...,
          replications: int = ..., days: int | None = ..., processes: int = ..., progress: bool = ...
          ) -> pd.DataFrame: ...
