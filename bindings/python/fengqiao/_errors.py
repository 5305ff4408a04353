"""The exceptions fengqiao raises. Every one derives from :class:`Error`."""

from __future__ import annotations

from typing import Any

__all__ = [
    "Error",
    "CommandRejected",
    "NotAuthorized",
    "NotFound",
    "InvalidArgument",
    "ConfigError",
    "StorageError",
    "JournalCorrupt",
]


class Error(Exception):
    """Base of every fengqiao exception.

    Attributes:
        code: the machine-readable reason, a :class:`fengqiao.ErrorCode` (a ``str``), e.g.
            ``"invalid_transition"``.
        message: the complete human-readable message (also ``str(error)``).
    """

    def __init__(self, message: str, *, code: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class CommandRejected(Error):
    """The engine refused a command: the case's state does not take it, the case or actor is unknown,
    its payload is malformed, or a policy found no target.

    Attributes:
        case_id: the case concerned (``None`` for a refused report).
        actor: the actor who issued the command.
        state: the case's :class:`fengqiao.State` when the command was refused, if there is a case.
        command: the refused :class:`fengqiao.CommandKind`.
    """

    def __init__(
        self,
        message: str,
        *,
        code: Any = None,
        case_id: int | None = None,
        actor: int | None = None,
        state: Any = None,
        command: Any = None,
    ) -> None:
        super().__init__(message, code=code)
        self.case_id = case_id
        self.actor = actor
        self.state = state
        self.command = command


class NotAuthorized(CommandRejected):
    """The authorization policy refused the actor; the attempt is recorded in the journal."""


class NotFound(Error, LookupError):
    """A case, actor or jurisdiction named outside a command does not exist."""


class InvalidArgument(Error, ValueError):
    """A call's argument is malformed (a policy returned something impossible, a time ran backwards)."""


class ConfigError(Error):
    """A county file (or JSON text) is malformed.

    Attributes:
        path: the JSON pointer of the offending value, e.g. ``"/jurisdictions/12/parent"`` (empty when
            the document as a whole is unreadable, such as a JSON syntax error).
    """

    def __init__(self, message: str, *, code: Any = None, path: str = "") -> None:
        super().__init__(message, code=code)
        self.path = path


class StorageError(Error):
    """The journal could not be written or read (I/O failure, full disk, read-only file)."""


class JournalCorrupt(Error):
    """A stored journal is damaged, truncated, has a sequence gap or comes from a newer schema."""
