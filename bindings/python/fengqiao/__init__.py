"""fengqiao: a workflow engine for grassroots dispute resolution.

Load a county, build an engine, report disputes and carry them through village, township and county
mediation; read cases, their history, queries and statistics; plug in policies written in Python;
analyse thousands or millions of cases with NumPy batches and pandas tables.

>>> import fengqiao as fq
>>> county = fq.load_county("data/xiangyuan.json")            # doctest: +SKIP
>>> engine = county.engine()                                    # doctest: +SKIP

See docs/python.md for a tour.
"""

from __future__ import annotations

from ._errors import (
    CommandRejected,
    ConfigError,
    Error,
    InvalidArgument,
    JournalCorrupt,
    NotAuthorized,
    NotFound,
    StorageError,
)
from ._listener import Listener
from . import _core
from ._core import (
    CHINA_STANDARD_TIME,
    SYSTEM_ACTOR,
    Accept,
    Actor,
    ApplyConfirmation,
    Assign,
    Assignment,
    AssignmentPolicy,
    AuthorizationDecision,
    AuthorizationPolicy,
    CalendarDayDeadlines,
    Case,
    CaseFile,
    Category,
    Channel,
    Close,
    CommandKind,
    ConfirmationDenied,
    ConfirmationGranted,
    County,
    DayCount,
    DeadlinePolicy,
    Deadline,
    DeadlineRule,
    DeclaredRisk,
    DigestJournal,
    Durability,
    Engine,
    ErrorCode,
    Escalate,
    EscalationDecision,
    EscalationKind,
    EscalationPolicy,
    Expire,
    Fail,
    FengqiaoAssignment,
    FengqiaoAssignmentSettings,
    FengqiaoEscalation,
    FengqiaoEscalationSettings,
    FengqiaoRisk,
    FengqiaoRiskSettings,
    FengqiaoSettings,
    HoldSession,
    Journal,
    JournalRecord,
    JournalVerification,
    Jurisdiction,
    JurisdictionKind,
    JurisdictionTree,
    LeastLoadedAssignment,
    MemoryJournal,
    Outcome,
    ParentEscalation,
    Party,
    PolicySet,
    RaiseRisk,
    ReachAgreement,
    Receipt,
    RecordFulfilment,
    RecordKind,
    Refer,
    ReferralRoute,
    Reject,
    Report,
    Request,
    RiskEscalation,
    RiskGrade,
    RiskPolicy,
    Role,
    RolePermissions,
    RoleScopeAuthorization,
    Roster,
    ScopedAuthorization,
    Side,
    SqliteJournal,
    StartFollowUp,
    State,
    Statistics,
    StatutoryDeadlineSettings,
    StatutoryDeadlines,
    Subscription,
    Suspension,
    Tier,
    Trigger,
    Withdraw,
    WorkingCalendar,
    Workload,
    commands_taken,
    engine_only,
    fengqiao_policies,
    is_final,
    is_open,
    lifecycle_dot,
    lifecycle_mermaid,
    load_county,
    mediates,
    parse_county,
    takes,
    tier_of,
    transition_table,
    verify_journal,
)
from ._frames import BatchResult, codes

__version__: str = _core.__version__


def _adopt() -> None:
    # The classes live in the compiled fengqiao._core; they belong to the package as users see it
    # (reprs, help(), pickling by reference).
    for name in dir(_core):
        obj = getattr(_core, name)
        if isinstance(obj, type) and getattr(obj, "__module__", None) == "fengqiao._core":
            try:
                obj.__module__ = "fengqiao"
            except (AttributeError, TypeError):  # pragma: no cover - immutable built-in types
                pass


_adopt()

#: Every command class, the members of the Command union (in CommandKind order).
Command = (
    Report | Accept | Reject | Assign | HoldSession | ReachAgreement | Fail | Expire | Escalate | Refer
    | ApplyConfirmation | ConfirmationGranted | ConfirmationDenied | StartFollowUp | RecordFulfilment | Close
    | Withdraw | RaiseRisk | RiskEscalation
)

__all__ = [
    # errors
    "Error", "CommandRejected", "NotAuthorized", "NotFound", "InvalidArgument", "ConfigError", "StorageError",
    "JournalCorrupt",
    # enumerations
    "ErrorCode", "State", "CommandKind", "Category", "Channel", "RiskGrade", "Outcome", "ReferralRoute", "Side",
    "Role", "JurisdictionKind", "Tier", "Trigger", "DayCount", "RecordKind", "EscalationKind", "Durability",
    # model
    "Jurisdiction", "JurisdictionTree", "Actor", "Roster", "Party", "Case", "CaseFile", "tier_of", "mediates",
    "is_final", "is_open", "SYSTEM_ACTOR",
    # time
    "WorkingCalendar", "Suspension", "CHINA_STANDARD_TIME",
    # commands
    "Command", "Report", "Accept", "Reject", "Assign", "HoldSession", "ReachAgreement", "Fail", "Expire",
    "Escalate", "Refer", "ApplyConfirmation", "ConfirmationGranted", "ConfirmationDenied", "StartFollowUp",
    "RecordFulfilment", "Close", "Withdraw", "RaiseRisk", "RiskEscalation", "takes", "commands_taken",
    "engine_only", "transition_table", "lifecycle_dot", "lifecycle_mermaid",
    # policies
    "EscalationPolicy", "EscalationDecision", "ParentEscalation", "FengqiaoEscalation",
    "FengqiaoEscalationSettings", "AssignmentPolicy", "Assignment", "Workload", "LeastLoadedAssignment",
    "FengqiaoAssignment", "FengqiaoAssignmentSettings", "DeadlinePolicy", "Deadline", "DeadlineRule",
    "CalendarDayDeadlines", "StatutoryDeadlines", "StatutoryDeadlineSettings", "RiskPolicy", "DeclaredRisk",
    "FengqiaoRisk", "FengqiaoRiskSettings", "AuthorizationPolicy", "AuthorizationDecision",
    "ScopedAuthorization", "RoleScopeAuthorization", "RolePermissions", "PolicySet", "FengqiaoSettings",
    "fengqiao_policies",
    # journal
    "Journal", "JournalRecord", "MemoryJournal", "SqliteJournal", "DigestJournal", "JournalVerification", "verify_journal",
    # county
    "County", "load_county", "parse_county",
    # engine
    "Engine", "Receipt", "Request", "Statistics", "Listener", "Subscription", "BatchResult", "codes",
]
