# Type stubs for fengqiao. Hand-kept: tests/python/test_stubs.py checks that they name every public
# name, method, attribute and enumeration member of the package as it runs.
import datetime
import enum
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

__version__: str

# ---------------------------------------------------------------------------------------------------
# Errors

class Error(Exception):
    message: str
    code: ErrorCode | None
    def __init__(self, message: str, *, code: ErrorCode | None = ...) -> None: ...

class CommandRejected(Error):
    case_id: int | None
    actor: int | None
    state: State | None
    command: CommandKind | None
    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode | None = ...,
        case_id: int | None = ...,
        actor: int | None = ...,
        state: State | None = ...,
        command: CommandKind | None = ...,
    ) -> None: ...

class NotAuthorized(CommandRejected): ...
class NotFound(Error, LookupError): ...
class InvalidArgument(Error, ValueError): ...

class ConfigError(Error):
    path: str
    def __init__(self, message: str, *, code: ErrorCode | None = ..., path: str = ...) -> None: ...

class StorageError(Error): ...
class JournalCorrupt(Error): ...

# ---------------------------------------------------------------------------------------------------
# Enumerations (values are the canonical names)

class _Labelled(enum.StrEnum):
    @property
    def label(self) -> str: ...

class ErrorCode(_Labelled):
    invalid_transition = "invalid_transition"
    unknown_case = "unknown_case"
    unknown_actor = "unknown_actor"
    unknown_jurisdiction = "unknown_jurisdiction"
    not_authorized = "not_authorized"
    no_escalation_target = "no_escalation_target"
    no_eligible_mediator = "no_eligible_mediator"
    invalid_argument = "invalid_argument"
    request_conflict = "request_conflict"
    storage_failure = "storage_failure"
    config_error = "config_error"
    corrupt_journal = "corrupt_journal"

class State(_Labelled):
    reported = "reported"
    accepted = "accepted"
    mediating = "mediating"
    agreed = "agreed"
    confirming = "confirming"
    follow_up = "follow_up"
    failed = "failed"
    referred = "referred"
    rejected = "rejected"
    closed = "closed"
    withdrawn = "withdrawn"

class CommandKind(_Labelled):
    report = "report"
    accept = "accept"
    reject = "reject"
    assign = "assign"
    session = "session"
    agree = "agree"
    fail = "fail"
    expire = "expire"
    escalate = "escalate"
    refer = "refer"
    apply_confirmation = "apply-confirmation"
    confirmation_granted = "confirmation-granted"
    confirmation_denied = "confirmation-denied"
    follow_up = "follow-up"
    fulfilment = "fulfilment"
    close = "close"
    withdraw = "withdraw"
    raise_risk = "raise-risk"
    risk_escalation = "risk-escalation"

class Category(_Labelled):
    marriage_family = "marriage_family"
    neighbour = "neighbour"
    property_management = "property_management"
    labour_wages = "labour_wages"
    work_injury = "work_injury"
    land_homestead = "land_homestead"
    contract_debt = "contract_debt"
    traffic_accident = "traffic_accident"
    medical = "medical"
    consumer = "consumer"
    other = "other"

class Channel(_Labelled):
    grid_screening = "grid_screening"
    walk_in = "walk_in"
    hotline = "hotline"
    petition = "petition"
    online = "online"
    court_referral = "court_referral"
    police_referral = "police_referral"

class RiskGrade(_Labelled):
    blue = "blue"
    yellow = "yellow"
    orange = "orange"
    red = "red"

class Outcome(_Labelled):
    open = "open"
    resolved = "resolved"
    rejected = "rejected"
    withdrawn = "withdrawn"
    decided_elsewhere = "decided_elsewhere"
    settled_elsewhere = "settled_elsewhere"
    abandoned = "abandoned"

class ReferralRoute(_Labelled):
    none = "none"
    litigation = "litigation"
    arbitration = "arbitration"
    administrative = "administrative"
    petition = "petition"
    police = "police"

class Side(_Labelled):
    applicant = "applicant"
    respondent = "respondent"
    third = "third"

class Role(_Labelled):
    grid_worker = "grid_worker"
    peoples_mediator = "peoples_mediator"
    township_cadre = "township_cadre"
    judicial_office = "judicial_office"
    police_station = "police_station"
    court_tribunal = "court_tribunal"
    county_centre_staff = "county_centre_staff"
    petition_office = "petition_office"
    arbitrator = "arbitrator"
    auditor = "auditor"

class JurisdictionKind(_Labelled):
    province = "province"
    city = "city"
    county = "county"
    township = "township"
    town = "town"
    development_zone = "development_zone"
    subdistrict = "subdistrict"
    village = "village"
    community = "community"
    grid = "grid"

class Tier(_Labelled):
    village = "village"
    township = "township"
    county = "county"
    city = "city"
    province = "province"

class Trigger(_Labelled):
    failed = "failed"
    deadline_expired = "deadline_expired"
    risk_raised = "risk_raised"
    escalation_requested = "escalation_requested"

class DayCount(_Labelled):
    calendar = "calendar"
    working = "working"

class RecordKind(_Labelled):
    applied = "applied"
    refused = "refused"

class EscalationKind(_Labelled):
    stay = "stay"
    escalate = "escalate"
    refer = "refer"

class Durability(_Labelled):
    every_command = "every_command"
    every_batch = "every_batch"
    on_checkpoint = "on_checkpoint"

# Wherever an enumeration is taken, its member or its canonical name will do.
_ErrorCode = ErrorCode | str
_State = State | str
_CommandKind = CommandKind | str
_Category = Category | str
_Channel = Channel | str
_RiskGrade = RiskGrade | str
_Outcome = Outcome | str
_ReferralRoute = ReferralRoute | str
_Side = Side | str
_Role = Role | str
_JurisdictionKind = JurisdictionKind | str
_Tier = Tier | str
_Trigger = Trigger | str
_DayCount = DayCount | str
_EscalationKind = EscalationKind | str
_Durability = Durability | str

# Actors and jurisdictions are named by id, by code, or by the object.
_ActorRef = int | str | Actor
_PlaceRef = int | str | Jurisdiction
_Time = datetime.datetime | datetime.date | str
_Path = str | os.PathLike[str]

# ---------------------------------------------------------------------------------------------------
# Model

SYSTEM_ACTOR: int
CHINA_STANDARD_TIME: datetime.timezone

def tier_of(kind: _JurisdictionKind) -> Tier: ...
def mediates(role: _Role) -> bool: ...
def is_final(state: _State) -> bool: ...
def is_open(state: _State) -> bool: ...

class Jurisdiction:
    @property
    def id(self) -> int: ...
    @property
    def parent(self) -> int | None: ...
    @property
    def kind(self) -> JurisdictionKind: ...
    @property
    def tier(self) -> Tier: ...
    @property
    def depth(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def population(self) -> int: ...

class JurisdictionTree:
    def __init__(self) -> None: ...
    def add(
        self, parent: _PlaceRef | None, kind: _JurisdictionKind, code: str, name: str, population: int = 0
    ) -> int: ...
    def set_population(self, id: int, residents: int) -> None: ...
    def __len__(self) -> int: ...
    def __contains__(self, id: int) -> bool: ...
    def __getitem__(self, jurisdiction: _PlaceRef) -> Jurisdiction: ...
    def __iter__(self) -> Iterator[Jurisdiction]: ...
    def find(self, code: str) -> int | None: ...
    @property
    def root(self) -> int | None: ...
    def children(self, jurisdiction: _PlaceRef) -> list[int]: ...
    def parent(self, jurisdiction: _PlaceRef) -> int | None: ...
    def ancestors(self, jurisdiction: _PlaceRef) -> list[int]: ...
    def within(self, node: _PlaceRef, ancestor: _PlaceRef) -> bool: ...
    def subtree(self, root: _PlaceRef) -> list[int]: ...
    def nearest_of_tier(self, jurisdiction: _PlaceRef, tier: _Tier) -> int | None: ...
    def tier(self, jurisdiction: _PlaceRef) -> Tier: ...
    def path(self, jurisdiction: _PlaceRef) -> str: ...

class Actor:
    def __init__(
        self,
        name: str,
        role: _Role,
        jurisdiction: int,
        *,
        code: str = "",
        specialties: Iterable[_Category] | None = None,
        capacity: int = 0,
        body: bool = False,
    ) -> None: ...
    @property
    def id(self) -> int | None: ...
    code: str
    name: str
    role: Role
    jurisdiction: int
    specialties: set[Category]
    capacity: int
    body: bool

class Roster:
    def __init__(self) -> None: ...
    def add(
        self,
        name: str,
        role: _Role,
        jurisdiction: int,
        *,
        code: str = "",
        specialties: Iterable[_Category] | None = None,
        capacity: int = 0,
        body: bool = False,
    ) -> int: ...
    def add_actor(self, actor: Actor) -> int: ...
    def __len__(self) -> int: ...
    def __contains__(self, id: int) -> bool: ...
    def __getitem__(self, actor: _ActorRef) -> Actor: ...
    def __iter__(self) -> Iterator[Actor]: ...
    def find(self, code: str) -> int | None: ...
    def at_jurisdiction(self, jurisdiction: int) -> list[int]: ...

class Party:
    def __init__(self, name: str, side: _Side = ..., organisation: bool = False) -> None: ...
    name: str
    side: Side
    organisation: bool
    def __eq__(self, other: object) -> bool: ...

class CaseFile:
    def __init__(self) -> None: ...
    parties: list[Party]
    summary: str
    agreement: str
    def __eq__(self, other: object) -> bool: ...

class Case:
    def __init__(self) -> None: ...
    id: int
    state: State
    category: Category
    channel: Channel
    risk: RiskGrade
    outcome: Outcome
    route: ReferralRoute
    overdue: bool
    written_agreement: bool
    threat: bool
    violence_history: bool
    jurisdiction: int
    origin: int
    version: int
    sessions: int
    level_sessions: int
    failures: int
    escalations: int
    policy_version: int
    parties: int
    repeats: int
    claimed_amount: int
    reported_at: datetime.datetime
    state_since: datetime.datetime
    deadline: datetime.datetime | None
    warn_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    mediators: list[int]
    @property
    def open(self) -> bool: ...
    def __eq__(self, other: object) -> bool: ...

# ---------------------------------------------------------------------------------------------------
# Time

class Suspension:
    def __init__(self, start: datetime.date | str, end: datetime.date | str, reason: str = "") -> None: ...
    start: datetime.date
    end: datetime.date
    reason: str

class WorkingCalendar:
    def __init__(self) -> None: ...
    def add_holiday(self, day: datetime.date | str) -> None: ...
    def add_working_day(self, day: datetime.date | str) -> None: ...
    def add_suspension(self, suspension: Suspension) -> None: ...
    def is_working_day(self, day: datetime.date | str) -> bool: ...
    def is_suspended(self, day: datetime.date | str) -> bool: ...
    def add_calendar_days(self, start: _Time, days: int) -> datetime.datetime: ...
    def add_working_days(self, start: _Time, days: int) -> datetime.datetime: ...
    @property
    def holidays(self) -> list[datetime.date]: ...
    @property
    def working_days(self) -> list[datetime.date]: ...
    @property
    def suspensions(self) -> list[Suspension]: ...

# ---------------------------------------------------------------------------------------------------
# Commands

class Report:
    def __init__(
        self,
        jurisdiction: int,
        *,
        category: _Category = ...,
        channel: _Channel = ...,
        claimed_amount: int = 0,
        risk: _RiskGrade = ...,
        parties: Sequence[Party | str] = ...,
        unnamed_parties: int = 0,
        summary: str = "",
        threat: bool = False,
        violence_history: bool = False,
        repeat_of: int | None = None,
    ) -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    jurisdiction: int
    category: Category
    channel: Channel
    claimed_amount: int
    risk: RiskGrade
    parties: list[Party]
    unnamed_parties: int
    summary: str
    threat: bool
    violence_history: bool
    repeat_of: int | None

class Accept:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

class Reject:
    def __init__(self, reason: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    reason: str

class Assign:
    def __init__(self, mediators: Sequence[int] = ...) -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    mediators: list[int]

class HoldSession:
    def __init__(self, note: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    note: str

class ReachAgreement:
    def __init__(self, terms: str = "", written: bool = True) -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    terms: str
    written: bool

class Fail:
    def __init__(self, reason: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    reason: str

class Expire:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

class Escalate:
    def __init__(self, note: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    note: str

class Refer:
    def __init__(self, route: _ReferralRoute = ..., reason: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    route: ReferralRoute
    reason: str

class ApplyConfirmation:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

class ConfirmationGranted:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

class ConfirmationDenied:
    def __init__(self, reason: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    reason: str

class StartFollowUp:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

class RecordFulfilment:
    def __init__(self, fulfilled: bool = True, note: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    fulfilled: bool
    note: str

class Close:
    def __init__(self, outcome: _Outcome = ..., note: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    outcome: Outcome
    note: str

class Withdraw:
    def __init__(self, reason: str = "") -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    reason: str

class RaiseRisk:
    def __init__(self, grade: _RiskGrade = ..., reason: str = "", threat: bool = False) -> None: ...
    @property
    def kind(self) -> CommandKind: ...
    grade: RiskGrade
    reason: str
    threat: bool

class RiskEscalation:
    def __init__(self) -> None: ...
    @property
    def kind(self) -> CommandKind: ...

Command = (
    Report | Accept | Reject | Assign | HoldSession | ReachAgreement | Fail | Expire | Escalate | Refer
    | ApplyConfirmation | ConfirmationGranted | ConfirmationDenied | StartFollowUp | RecordFulfilment | Close
    | Withdraw | RaiseRisk | RiskEscalation
)

def takes(state: _State, command: _CommandKind) -> bool: ...
def commands_taken(state: _State) -> str: ...
def engine_only(command: _CommandKind) -> bool: ...
def transition_table() -> list[dict[str, Any]]: ...
def lifecycle_dot() -> str: ...
def lifecycle_mermaid() -> str: ...

# ---------------------------------------------------------------------------------------------------
# Policies

class EscalationDecision:
    def __init__(
        self, kind: _EscalationKind = ..., target: int | None = None, route: _ReferralRoute = ..., reason: str = ""
    ) -> None: ...
    @staticmethod
    def stay(reason: str) -> EscalationDecision: ...
    @staticmethod
    def escalate(target: int, reason: str) -> EscalationDecision: ...
    @staticmethod
    def refer(route: _ReferralRoute, reason: str) -> EscalationDecision: ...
    kind: EscalationKind
    target: int | None
    route: ReferralRoute
    reason: str

class EscalationPolicy:
    def __init__(self) -> None: ...
    def decide(self, case: Case, why: Trigger, tree: JurisdictionTree) -> EscalationDecision: ...

class ParentEscalation(EscalationPolicy):
    def __init__(self) -> None: ...

class FengqiaoEscalationSettings:
    def __init__(self) -> None: ...
    escalate_automatically: bool
    min_sessions: int
    red_risk_to_county: bool
    handled_by: list[tuple[Category, Role]]
    @property
    def top_route(self) -> dict[Category, ReferralRoute]: ...
    @top_route.setter
    def top_route(self, routes: dict[_Category, _ReferralRoute]) -> None: ...

class FengqiaoEscalation(EscalationPolicy):
    def __init__(self, settings: FengqiaoEscalationSettings, tree: JurisdictionTree, roster: Roster) -> None: ...
    @property
    def settings(self) -> FengqiaoEscalationSettings: ...

class Assignment:
    def __init__(self, team: Sequence[int], reason: str = "") -> None: ...
    @staticmethod
    def nobody(reason: str) -> Assignment: ...
    team: list[int]
    reason: str

class Workload:
    def open_cases(self, actor: int) -> int: ...

class AssignmentPolicy:
    def __init__(self) -> None: ...
    def assign(self, case: Case, tree: JurisdictionTree, roster: Roster, load: Workload) -> Assignment | None: ...

class LeastLoadedAssignment(AssignmentPolicy):
    def __init__(self) -> None: ...

class FengqiaoAssignmentSettings:
    def __init__(self) -> None: ...
    joint_team_min_risk: RiskGrade
    joint_team_min_amount: int
    joint_team_min_parties: int

class FengqiaoAssignment(AssignmentPolicy):
    def __init__(self, settings: FengqiaoAssignmentSettings = ...) -> None: ...
    def serious(self, case: Case) -> bool: ...
    @property
    def settings(self) -> FengqiaoAssignmentSettings: ...

class Deadline:
    def __init__(self, due: _Time | None = None, warn_at: _Time | None = None) -> None: ...
    due: datetime.datetime | None
    warn_at: datetime.datetime | None

class DeadlinePolicy:
    def __init__(self) -> None: ...
    def deadline(self, case: Case, entered: datetime.datetime) -> Deadline | None: ...

class CalendarDayDeadlines(DeadlinePolicy):
    def __init__(self) -> None: ...

class DeadlineRule:
    def __init__(
        self,
        state: _State = ...,
        days: int = 30,
        count: _DayCount = ...,
        *,
        category: _Category | None = None,
        channel: _Channel | None = None,
        route: _ReferralRoute | None = None,
        extension_days: int = 0,
        source: str = "",
    ) -> None: ...
    state: State
    category: Category | None
    channel: Channel | None
    route: ReferralRoute | None
    days: int
    count: DayCount
    extension_days: int
    source: str

class StatutoryDeadlineSettings:
    def __init__(self) -> None: ...
    @staticmethod
    def defaults() -> StatutoryDeadlineSettings: ...
    rules: list[DeadlineRule]
    warning_lead_days: int
    grant_extensions: bool

class StatutoryDeadlines(DeadlinePolicy):
    def __init__(self, settings: StatutoryDeadlineSettings = ..., calendar: WorkingCalendar = ...) -> None: ...
    def rule_for(self, case: Case) -> DeadlineRule | None: ...
    @property
    def settings(self) -> StatutoryDeadlineSettings: ...
    @property
    def calendar(self) -> WorkingCalendar: ...

class RiskPolicy:
    def __init__(self) -> None: ...
    def assess(self, case: Case, command: Command) -> RiskGrade | str: ...

class DeclaredRisk(RiskPolicy):
    def __init__(self) -> None: ...

class FengqiaoRiskSettings:
    def __init__(self) -> None: ...
    threat: int
    violence_history: int
    per_failure: int
    max_failure_points: int
    per_repeat: int
    max_repeat_points: int
    many_parties: int
    mass_parties: int
    large_amount: int
    huge_amount: int
    yellow: int
    orange: int
    red: int

class FengqiaoRisk(RiskPolicy):
    def __init__(self, settings: FengqiaoRiskSettings = ...) -> None: ...
    def points(self, case: Case) -> int: ...
    @property
    def settings(self) -> FengqiaoRiskSettings: ...

class AuthorizationDecision:
    def __init__(self, allowed: bool = True, reason: str = "") -> None: ...
    @staticmethod
    def allow() -> AuthorizationDecision: ...
    @staticmethod
    def deny(reason: str) -> AuthorizationDecision: ...
    allowed: bool
    reason: str
    def __bool__(self) -> bool: ...

class AuthorizationPolicy:
    def __init__(self) -> None: ...
    def authorize(
        self, actor: Actor, command: CommandKind, subject: Case | None, where: int, tree: JurisdictionTree
    ) -> AuthorizationDecision | bool: ...

class ScopedAuthorization(AuthorizationPolicy):
    def __init__(self) -> None: ...

class RolePermissions:
    def __init__(self) -> None: ...
    @staticmethod
    def defaults() -> RolePermissions: ...
    def allow(self, role: _Role, command: _CommandKind) -> None: ...
    def clear(self, role: _Role) -> None: ...
    def allows(self, role: _Role, command: _CommandKind) -> bool: ...
    def describe(self, role: _Role) -> str: ...

class RoleScopeAuthorization(AuthorizationPolicy):
    def __init__(self, permissions: RolePermissions = ...) -> None: ...
    @property
    def permissions(self) -> RolePermissions: ...

class PolicySet:
    def __init__(
        self,
        *,
        escalation: EscalationPolicy = ...,
        assignment: AssignmentPolicy = ...,
        deadline: DeadlinePolicy = ...,
        risk: RiskPolicy = ...,
        authorization: AuthorizationPolicy = ...,
        version: str = ...,
    ) -> None: ...
    @staticmethod
    def minimal() -> PolicySet: ...
    def replace(
        self,
        *,
        escalation: EscalationPolicy = ...,
        assignment: AssignmentPolicy = ...,
        deadline: DeadlinePolicy = ...,
        risk: RiskPolicy = ...,
        authorization: AuthorizationPolicy = ...,
        version: str = ...,
    ) -> PolicySet: ...
    @property
    def involves_python(self) -> bool: ...
    version: str
    escalation: EscalationPolicy
    assignment: AssignmentPolicy
    deadline: DeadlinePolicy
    risk: RiskPolicy
    authorization: AuthorizationPolicy

class FengqiaoSettings:
    def __init__(self) -> None: ...
    @staticmethod
    def defaults() -> FengqiaoSettings: ...
    version: str
    escalation: FengqiaoEscalationSettings
    assignment: FengqiaoAssignmentSettings
    deadline: StatutoryDeadlineSettings
    risk: FengqiaoRiskSettings
    authorization: RolePermissions

def fengqiao_policies(
    settings: FengqiaoSettings, calendar: WorkingCalendar, tree: JurisdictionTree, roster: Roster
) -> PolicySet: ...

# ---------------------------------------------------------------------------------------------------
# Journals

class JournalRecord:
    @property
    def sequence(self) -> int: ...
    @property
    def case_id(self) -> int | None: ...
    @property
    def case_sequence(self) -> int: ...
    @property
    def kind(self) -> RecordKind: ...
    @property
    def refusal(self) -> ErrorCode | None: ...
    @property
    def from_state(self) -> State: ...
    @property
    def to_state(self) -> State: ...
    @property
    def risk_after(self) -> RiskGrade: ...
    @property
    def route_after(self) -> ReferralRoute: ...
    @property
    def time(self) -> datetime.datetime: ...
    @property
    def actor(self) -> int: ...
    @property
    def jurisdiction_before(self) -> int: ...
    @property
    def jurisdiction_after(self) -> int: ...
    @property
    def deadline(self) -> datetime.datetime | None: ...
    @property
    def warn_at(self) -> datetime.datetime | None: ...
    @property
    def command(self) -> Command: ...
    @property
    def command_kind(self) -> CommandKind: ...
    @property
    def reason(self) -> str: ...
    @property
    def request_id(self) -> str: ...
    @property
    def policy_version(self) -> str: ...

class Journal:
    def __len__(self) -> int: ...
    def records(self) -> list[JournalRecord]: ...
    def __iter__(self) -> Iterator[JournalRecord]: ...
    def history(self, case_id: int) -> list[JournalRecord]: ...

class MemoryJournal(Journal):
    def __init__(self) -> None: ...

class SqliteJournal(Journal):
    def __init__(
        self, path: _Path, *, durability: _Durability = ..., read_only: bool = False, checkpoint_every: int = 0
    ) -> None: ...
    @property
    def path(self) -> str: ...
    @property
    def durability(self) -> Durability: ...
    def checkpoint(self) -> None: ...
    def __enter__(self) -> SqliteJournal: ...
    def __exit__(self, type: type[BaseException] | None, value: BaseException | None, traceback: Any) -> bool: ...
    def attribute(self, key: str) -> str: ...
    def set_attribute(self, key: str, value: str) -> None: ...

class DigestJournal(Journal):
    def __init__(self, inner: Journal | None = None, *, hash: bool = True) -> None: ...
    @property
    def digest(self) -> str: ...

class JournalVerification:
    @property
    def intact(self) -> bool: ...
    @property
    def records(self) -> int: ...
    @property
    def cases(self) -> int: ...
    @property
    def first_bad(self) -> int: ...
    @property
    def digest(self) -> str: ...
    @property
    def message(self) -> str: ...
    def __bool__(self) -> bool: ...

def verify_journal(path: _Path) -> JournalVerification: ...

# ---------------------------------------------------------------------------------------------------
# Counties

class County:
    @property
    def name(self) -> str: ...
    @property
    def jurisdictions(self) -> JurisdictionTree: ...
    @property
    def roster(self) -> Roster: ...
    @property
    def calendar(self) -> WorkingCalendar: ...
    @property
    def settings(self) -> FengqiaoSettings: ...
    @property
    def sources(self) -> list[str]: ...
    def policies(self) -> PolicySet: ...
    def describe(self) -> str: ...
    def engine(
        self,
        *,
        policies: PolicySet | None = None,
        journal: Journal | _Path | None = None,
        clock: str | None = None,
        start: _Time | None = None,
    ) -> Engine: ...

def load_county(path: _Path) -> County: ...
def parse_county(text: str, source: str = "<string>") -> County: ...

# ---------------------------------------------------------------------------------------------------
# Engine

class Receipt:
    @property
    def case_id(self) -> int: ...
    @property
    def sequence(self) -> int: ...
    @property
    def case_sequence(self) -> int: ...
    @property
    def command(self) -> CommandKind: ...
    @property
    def from_state(self) -> State: ...
    @property
    def to_state(self) -> State: ...
    @property
    def jurisdiction_before(self) -> int: ...
    @property
    def jurisdiction_after(self) -> int: ...
    @property
    def reason(self) -> str: ...
    @property
    def follow_ups(self) -> int: ...
    def __len__(self) -> int: ...
    def __getitem__(self, index: int) -> Any: ...
    def __iter__(self) -> Iterator[Any]: ...
    def __eq__(self, other: object) -> bool: ...
    def __hash__(self) -> int: ...
    def _asdict(self) -> dict[str, Any]: ...

class Request:
    def __init__(self, case_id: int | None, actor: int, command: Command, request_id: str = "") -> None: ...
    case_id: int | None
    actor: int
    command: Command
    request_id: str

class Statistics:
    @property
    def cases(self) -> int: ...
    @property
    def open(self) -> int: ...
    @property
    def overdue(self) -> int: ...
    @property
    def by_state(self) -> dict[State, int]: ...
    @property
    def by_outcome(self) -> dict[Outcome, int]: ...
    @property
    def resolved_by_tier(self) -> dict[Tier, int]: ...
    @property
    def referred_by_route(self) -> dict[ReferralRoute, int]: ...
    @property
    def resolved_at_or_below_township(self) -> float: ...

class Listener:
    def on_transition(self, case: Case, record: JournalRecord) -> None: ...
    def on_escalation(self, case: Case, record: JournalRecord) -> None: ...
    def on_deadline_warning(self, case: Case, due: datetime.datetime) -> None: ...
    def on_deadline_expired(self, case: Case, record: JournalRecord) -> None: ...
    def on_red_risk(self, case: Case, record: JournalRecord) -> None: ...
    def on_refused(self, record: JournalRecord) -> None: ...

class Subscription:
    @property
    def active(self) -> bool: ...
    def cancel(self) -> None: ...

class BatchResult:
    error_codes: npt.NDArray[np.int8]
    refused: int
    first_error: CommandRejected | None
    case_ids: npt.NDArray[np.uint32] | None
    gil_released: bool
    def __init__(
        self,
        error_codes: npt.NDArray[np.int8],
        refused: int,
        first_error: BaseException | None = None,
        case_ids: npt.NDArray[np.uint32] | None = None,
        gil_released: bool = False,
    ) -> None: ...
    def __len__(self) -> int: ...
    @property
    def applied(self) -> npt.NDArray[np.bool_]: ...
    def errors(self) -> pd.Categorical: ...
    def raise_first(self) -> None: ...

def codes(kind: type[enum.Enum]) -> dict[Any, int]: ...

_Ids = npt.ArrayLike
_Column = npt.ArrayLike

class Engine:
    def __init__(
        self,
        jurisdictions: JurisdictionTree,
        roster: Roster,
        policies: PolicySet | None = None,
        *,
        journal: Journal | _Path | None = None,
        clock: str | None = None,
        start: _Time | None = None,
    ) -> None: ...
    # Commands
    def report(
        self,
        actor: _ActorRef,
        jurisdiction: _PlaceRef,
        *,
        category: _Category = ...,
        channel: _Channel = ...,
        claimed_amount: int = 0,
        risk: _RiskGrade = ...,
        parties: Sequence[Party | str] = ...,
        unnamed_parties: int = 0,
        summary: str = "",
        threat: bool = False,
        violence_history: bool = False,
        repeat_of: int | None = None,
        request_id: str | None = None,
    ) -> Receipt: ...
    def accept(self, case_id: int, actor: _ActorRef, *, request_id: str | None = None) -> Receipt: ...
    def reject(self, case_id: int, actor: _ActorRef, reason: str = "", *, request_id: str | None = None) -> Receipt: ...
    def assign(
        self, case_id: int, actor: _ActorRef, mediators: Sequence[_ActorRef] = ..., *, request_id: str | None = None
    ) -> Receipt: ...
    def hold_session(self, case_id: int, actor: _ActorRef, note: str = "", *, request_id: str | None = None) -> Receipt: ...
    def reach_agreement(
        self, case_id: int, actor: _ActorRef, terms: str = "", written: bool = True, *, request_id: str | None = None
    ) -> Receipt: ...
    def fail(self, case_id: int, actor: _ActorRef, reason: str = "", *, request_id: str | None = None) -> Receipt: ...
    def escalate(self, case_id: int, actor: _ActorRef, note: str = "", *, request_id: str | None = None) -> Receipt: ...
    def refer(
        self,
        case_id: int,
        actor: _ActorRef,
        route: _ReferralRoute = ...,
        reason: str = "",
        *,
        request_id: str | None = None,
    ) -> Receipt: ...
    def apply_confirmation(self, case_id: int, actor: _ActorRef, *, request_id: str | None = None) -> Receipt: ...
    def confirmation_granted(self, case_id: int, actor: _ActorRef, *, request_id: str | None = None) -> Receipt: ...
    def confirmation_denied(
        self, case_id: int, actor: _ActorRef, reason: str = "", *, request_id: str | None = None
    ) -> Receipt: ...
    def start_follow_up(self, case_id: int, actor: _ActorRef, *, request_id: str | None = None) -> Receipt: ...
    def record_fulfilment(
        self, case_id: int, actor: _ActorRef, fulfilled: bool = True, note: str = "", *, request_id: str | None = None
    ) -> Receipt: ...
    def close(
        self, case_id: int, actor: _ActorRef, outcome: _Outcome = ..., note: str = "", *, request_id: str | None = None
    ) -> Receipt: ...
    def withdraw(self, case_id: int, actor: _ActorRef, reason: str = "", *, request_id: str | None = None) -> Receipt: ...
    def raise_risk(
        self,
        case_id: int,
        actor: _ActorRef,
        grade: _RiskGrade = ...,
        reason: str = "",
        threat: bool = False,
        *,
        request_id: str | None = None,
    ) -> Receipt: ...
    def submit(self, case_id: int | None, actor: _ActorRef, command: Command, *, request_id: str | None = None) -> Receipt: ...
    def submit_batch(
        self, requests: Iterable[Request | tuple[int | None, _ActorRef, Command] | tuple[int | None, _ActorRef, Command, str]]
    ) -> list[Receipt | CommandRejected]: ...
    # Batches from NumPy
    def submit_many(
        self,
        case_ids: _Ids,
        actors: _Ids | _ActorRef,
        commands: _Column | _CommandKind,
        *,
        route: _Column | _ReferralRoute | None = None,
        outcome: _Column | _Outcome | None = None,
        grade: _Column | _RiskGrade | None = None,
        threat: _Column | bool | None = None,
        fulfilled: _Column | bool | None = None,
        written: _Column | bool | None = None,
        mediator: _Ids | _ActorRef | None = None,
    ) -> BatchResult: ...
    def report_many(
        self,
        actors: _Ids | _ActorRef,
        jurisdictions: _Ids | _PlaceRef,
        categories: _Column | _Category,
        *,
        channels: _Column | _Channel | None = None,
        claimed_amounts: _Column | int | None = None,
        risks: _Column | _RiskGrade | None = None,
    ) -> BatchResult: ...
    # Reading
    def __len__(self) -> int: ...
    def case(self, case_id: int) -> Case: ...
    def cases(self) -> list[Case]: ...
    def file(self, case_id: int) -> CaseFile: ...
    def history(self, case_id: int) -> list[JournalRecord]: ...
    def policy_version(self, case_id: int) -> str: ...
    def open_cases_of(self, actor: _ActorRef) -> int: ...
    def query(
        self,
        *,
        state: _State | None = None,
        within: _PlaceRef | None = None,
        category: _Category | None = None,
        min_risk: _RiskGrade | None = None,
        open_only: bool = False,
        overdue_only: bool = False,
    ) -> list[int]: ...
    def count(
        self,
        *,
        state: _State | None = None,
        within: _PlaceRef | None = None,
        category: _Category | None = None,
        min_risk: _RiskGrade | None = None,
        open_only: bool = False,
        overdue_only: bool = False,
    ) -> int: ...
    def statistics(self) -> Statistics: ...
    def cases_frame(self) -> pd.DataFrame: ...
    def journal_frame(self, text: bool = False) -> pd.DataFrame: ...
    # County, roster, policies, journal
    @property
    def jurisdictions(self) -> JurisdictionTree: ...
    @property
    def roster(self) -> Roster: ...
    def add_actor(
        self,
        name: str,
        role: _Role,
        jurisdiction: _PlaceRef,
        *,
        code: str = "",
        specialties: Iterable[_Category] | None = None,
        capacity: int = 0,
        body: bool = False,
    ) -> int: ...
    @property
    def policies(self) -> PolicySet: ...
    def set_policies(self, policies: PolicySet) -> None: ...
    @property
    def journal(self) -> Journal: ...
    def replay(self, source: Journal) -> None: ...
    # Time
    @property
    def now(self) -> datetime.datetime: ...
    @property
    def clock_is_virtual(self) -> bool: ...
    def advance(
        self,
        delta: datetime.timedelta | None = None,
        *,
        days: float = 0.0,
        hours: float = 0.0,
        minutes: float = 0.0,
        seconds: float = 0.0,
    ) -> None: ...
    def advance_to(self, time: _Time) -> None: ...
    def run_due_timers(self) -> int: ...
    @property
    def pending_timers(self) -> int: ...
    # Listeners
    def subscribe(
        self,
        listener: Listener | Any | None = None,
        *,
        on_transition: Callable[[Case, JournalRecord], object] | None = ...,
        on_escalation: Callable[[Case, JournalRecord], object] | None = ...,
        on_deadline_warning: Callable[[Case, datetime.datetime], object] | None = ...,
        on_deadline_expired: Callable[[Case, JournalRecord], object] | None = ...,
        on_red_risk: Callable[[Case, JournalRecord], object] | None = ...,
        on_refused: Callable[[JournalRecord], object] | None = ...,
    ) -> Subscription: ...
    def unsubscribe(self, subscription: Subscription) -> None: ...

__all__: list[str]
