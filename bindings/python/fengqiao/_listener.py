"""The listener base class: subclass it and override the notifications you need."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover - the classes come from the compiled core
    from ._core import Case, JournalRecord

__all__ = ["Listener"]


class Listener:
    """Receives notifications after the engine has stored what happened.

    Pass an instance to :meth:`fengqiao.Engine.subscribe`. Only the methods a subclass overrides are
    called. Calls arrive in journal order, after the commit, on the thread that issued the command or
    moved the clock; an exception raised here propagates to that call (the change is already stored).
    """

    def on_transition(self, case: Case, record: JournalRecord) -> None:
        """Every applied record (including internal transitions such as a session)."""

    def on_escalation(self, case: Case, record: JournalRecord) -> None:
        """A case moved to another jurisdiction (``record.jurisdiction_before`` to ``_after``)."""

    def on_deadline_warning(self, case: Case, due: datetime.datetime) -> None:
        """A deadline is near; ``due`` is when it expires."""

    def on_deadline_expired(self, case: Case, record: JournalRecord) -> None:
        """A deadline passed; ``record`` is the engine's expire record."""

    def on_red_risk(self, case: Case, record: JournalRecord) -> None:
        """The risk grade rose to red: the police-notification hook."""

    def on_refused(self, record: JournalRecord) -> None:
        """Authorization refused a command; ``record`` is the refused-attempt record."""
