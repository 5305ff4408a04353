"""Xiangyuan county, the Fengqiao rules and a case office, in plain Python: the work both simulation
peers (SimPy, `transitions`) share, so that each does what `fengqiao simulate` does for every case.

What is here, and the fengqiao part it stands for:

- `Scenario`, `County` (`open_county` reads both): the scenario file and the county file it names
  (src/sim/scenario.cpp, src/config/county.cpp), with the same defaults.
- `Calendar`: statutory limits in calendar or working days, on the county's holidays and make-up
  working days (WorkingCalendar).
- `FengqiaoRules`: escalation (skip-level, automatic), assignment (least loaded, capacity, the
  township's joint team, the county's stationed departments), statutory deadlines, risk points and
  role x scope authorization, as the county file configures them (src/policy/*.cpp).
- `Office`: what the engine does with each command (BasicEngine::apply): check the actor and its
  authority, check the lifecycle, let the policies decide, apply the effects, grade risk, set the
  deadline and arm its timers, keep mediators' loads, append one journal record, and act on red
  risk and failures at once. The journal is a list of records kept in memory, and a SHA-256 over
  them, as `fengqiao simulate` computes over its journal.
- `People`: what the simulated people do and when (the Simulation class of src/sim/simulator.cpp):
  arrivals, intake, sessions, agreements, the court, follow-up visits, outside bodies.

Each peer brings its own lifecycle (`TransitionTable` here, or a `transitions.Machine`) and its own
way of advancing time (SimPy processes, or a heapq agenda); everything else is this module, so the
two peers differ only in the framework they are written in.

The random numbers come from Python's generator, not fengqiao's, so figures agree within sampling
noise, not exactly.
"""

from __future__ import annotations

import argparse
import bisect
import datetime
import hashlib
import json
import math
import pickle
import random
import sys
import time
from pathlib import Path

SECONDS_PER_DAY = 86400
REPO = Path(__file__).resolve().parent.parent.parent
DEFAULT_SCENARIO = REPO / "data" / "scenarios" / "xiangyuan.json"

# --------------------------------------------------------------------------------------------------
# Vocabulary (the names fengqiao uses in files and journals)

CATEGORIES = ("marriage_family", "neighbour", "property_management", "labour_wages", "work_injury",
              "land_homestead", "contract_debt", "traffic_accident", "medical", "consumer", "other")
CHANNELS = ("grid_screening", "walk_in", "hotline", "petition", "online", "court_referral", "police_referral")
TIERS = ("village", "township", "county", "city", "province")
TIER_OF_KIND = {"province": "province", "city": "city", "county": "county", "township": "township",
                "town": "township", "development_zone": "township", "subdistrict": "township",
                "village": "village", "community": "village", "grid": "village"}
ROUTES = ("litigation", "arbitration", "administrative", "petition", "police")
RISK_NAMES = ("blue", "yellow", "orange", "red")
BLUE, YELLOW, ORANGE, RED = range(4)
OPEN_STATES = ("reported", "accepted", "mediating", "agreed", "confirming", "follow_up", "failed", "referred")
FINAL_STATES = ("rejected", "closed", "withdrawn")
STATES = OPEN_STATES + FINAL_STATES
MEDIATING_ROLES = frozenset({"peoples_mediator", "township_cadre", "judicial_office", "police_station",
                             "court_tribunal", "county_centre_staff", "petition_office", "arbitrator"})
ENGINE_ONLY = frozenset({"expire", "risk_escalation"})
SYSTEM_ACTOR = -1  # the engine itself: deadlines, automatic escalation

# --------------------------------------------------------------------------------------------------
# The lifecycle: the rows of fengqiao's transition table (include/fengqiao/lifecycle/machine_impl.hpp).
# (command, from, to, guard); to None is an internal transition (the state stays). A guard reads the
# one argument the command carries to the machine: the escalation answer, or whether an agreement was
# fulfilled.

ESCALATE, REFER, STAY = "escalate", "refer", "stay"


def finds_ancestor(arg=None):
    """Guard: the escalation policy found a jurisdiction above."""
    return arg == ESCALATE


def refers_out(arg=None):
    """Guard: the escalation policy sends the case out."""
    return arg == REFER


def fulfilled(arg=None):
    """Guard: the follow-up visit found the agreement fulfilled."""
    return arg is True


def not_fulfilled(arg=None):
    """Guard: the follow-up visit found it broken (mediation reopens)."""
    return arg is False


LIFECYCLE_ROWS = [
    ("accept", "reported", "accepted", None),
    ("reject", "reported", "rejected", None),
    ("refer", "reported", "referred", None),
    ("assign", "accepted", "mediating", None),
    ("hold_session", "mediating", None, None),
    ("reach_agreement", "mediating", "agreed", None),
    ("fail", "mediating", "failed", None),
    ("expire", "mediating", "failed", None),
    ("escalate", "failed", "accepted", finds_ancestor),
    ("escalate", "failed", "referred", refers_out),
    ("refer", "failed", "referred", None),
    ("apply_confirmation", "agreed", "confirming", None),
    ("start_follow_up", "agreed", "follow_up", None),
    ("confirmation_granted", "confirming", "follow_up", None),
    ("confirmation_denied", "confirming", "mediating", None),
    ("record_fulfilment", "follow_up", "closed", fulfilled),
    ("record_fulfilment", "follow_up", "mediating", not_fulfilled),
    ("close", "referred", "closed", None),
]
LIFECYCLE_ROWS += [("withdraw", s, "withdrawn", None) for s in OPEN_STATES]
LIFECYCLE_ROWS += [("raise_risk", s, None, None) for s in OPEN_STATES]
LIFECYCLE_ROWS += [("expire", s, None, None) for s in OPEN_STATES if s != "mediating"]
LIFECYCLE_ROWS += [("risk_escalation", s, "accepted", finds_ancestor)
                   for s in ("reported", "accepted", "mediating", "failed")]

# Which commands each state takes, ignoring guards (fengqiao's takes()): checked before the policies
# are asked, as the engine does.
TAKES = frozenset((row[1], row[0]) for row in LIFECYCLE_ROWS)


class TransitionTable:
    """The lifecycle as a plain lookup table: fires a command on a case and moves its state."""

    def __init__(self):
        self.rows: dict[tuple[str, str], list] = {}
        for command, source, dest, guard in LIFECYCLE_ROWS:
            self.rows.setdefault((source, command), []).append((dest, guard))

    def attach(self, case):
        """A new case starts in `reported`."""
        case.state = "reported"

    def fire(self, case, command, arg=None):
        """Moves @p case by @p command; False if no row fires."""
        for dest, guard in self.rows.get((case.state, command), ()):
            if guard is None or guard(arg):
                if dest is not None:
                    case.state = dest
                return True
        return False


# --------------------------------------------------------------------------------------------------
# Scenario and county files


class DayRange:
    __slots__ = ("low", "high")

    def __init__(self, pair):
        self.low, self.high = float(pair[0]), float(pair[1])


class Level:
    """How mediation goes at one tier."""

    __slots__ = ("success", "max_sessions", "session_gap", "capacity")

    def __init__(self, success, max_sessions, gap, capacity):
        self.success, self.max_sessions, self.capacity = success, max_sessions, capacity
        self.session_gap = DayRange(gap)


class Scenario:
    """A scenario file with fengqiao's defaults for what it leaves out (docs/simulation.md)."""

    def __init__(self, path: Path):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        self.name = doc["name"]
        self.county_file = (Path(path).parent / doc["county"]).resolve()
        self.start = datetime.date.fromisoformat(doc.get("start", "2025-01-01"))
        self.days = int(doc.get("days", 365))
        a = doc.get("arrivals", {})
        self.per_thousand = float(a.get("per_thousand_residents", 6.0))
        self.category_share = normalised(a.get("categories"), CATEGORIES)
        self.channel_share = normalised(a.get("channels"), CHANNELS)
        self.monthly_factor = {c: [1.0] * 12 for c in CATEGORIES}
        for c, months in a.get("monthly_factor", {}).items():
            self.monthly_factor[c] = [float(m) for m in months]
        self.threat = a.get("threat", 0.01)
        self.violence_history = a.get("violence_history", 0.01)
        self.repeat = a.get("repeat", 0.03)
        self.group = a.get("group", 0.03)
        self.median_claim_yuan = {c: float(a.get("median_claim_yuan", {}).get(c, 0)) for c in CATEGORIES}
        self.levels = {"village": Level(0.6, 3, (2, 6), 4), "township": Level(0.65, 3, (3, 8), 6),
                       "county": Level(0.55, 4, (4, 10), 12), "city": Level(0.5, 4, (5, 12), 12),
                       "province": Level(0.5, 4, (5, 12), 12)}
        for tier, lv in doc.get("levels", {}).items():
            level = self.levels[tier]
            level.success = lv.get("success", level.success)
            level.max_sessions = lv.get("max_sessions", level.max_sessions)
            if "session_gap_days" in lv:
                level.session_gap = DayRange(lv["session_gap_days"])
            level.capacity = lv.get("capacity", level.capacity)
        self.success_factor = {c: float(doc.get("success_factor", {}).get(c, 0)) or 1.0 for c in CATEGORIES}
        days = lambda key, default: DayRange(doc.get(key, default))
        self.intake_delay = days("intake_delay_days", (0.1, 2))
        self.assign_delay = days("assign_delay_days", (0.05, 1))
        self.agreement_delay = days("agreement_delay_days", (0.5, 3))
        self.escalation_delay = days("escalation_delay_days", (0.2, 2))
        self.confirmation_time = days("confirmation_days", (5, 14))
        self.follow_up_time = days("follow_up_days", (7, 30))
        self.outside_time = days("outside_days", (30, 120))
        self.reject = doc.get("reject", 0.02)
        self.refer_at_intake = doc.get("refer_at_intake", 0.02)
        self.withdraw_per_session = doc.get("withdraw_per_session", 0.01)
        self.risk_rise_per_session = doc.get("risk_rise_per_session", 0.004)
        self.red_share_of_rises = doc.get("red_share_of_rises", 0.4)
        self.written_agreement = doc.get("written_agreement", 0.85)
        self.judicial_confirmation = doc.get("judicial_confirmation", 0.12)
        self.confirmation_granted = doc.get("confirmation_granted", 0.95)
        self.fulfilment = doc.get("fulfilment", 0.96)
        o = doc.get("outside_outcome", {"decided_elsewhere": 0.6, "settled_elsewhere": 0.3, "abandoned": 0.1})
        total = sum(o.values())
        self.outside_outcome = [o.get(k, 0) / total for k in ("decided_elsewhere", "settled_elsewhere", "abandoned")]
        self.extra_mediators = dict(doc.get("extra_mediators", {}))


def normalised(shares, names):
    if not shares:
        return {n: 1.0 / len(names) for n in names}
    total = sum(shares.values())
    return {n: shares.get(n, 0.0) / total for n in names}


class Actor:
    __slots__ = ("index", "code", "name", "role", "jurisdiction", "specialties", "capacity")


class County:
    """The jurisdiction tree, the roster, the calendar and the policy settings of a county file."""

    def __init__(self, path: Path, scenario: Scenario):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        self.name = doc["name"]
        # Jurisdictions: parents come first in the file, so indexes follow it.
        self.code, self.name_of, self.tier, self.parent, self.depth, self.population = [], [], [], [], [], []
        index = {}
        for j in doc["jurisdictions"]:
            index[j["code"]] = len(self.code)
            self.code.append(j["code"])
            self.name_of.append(j["name"])
            self.tier.append(TIER_OF_KIND[j["kind"]])
            parent = index[j["parent"]] if "parent" in j else None
            self.parent.append(parent)
            self.depth.append(0 if parent is None else self.depth[parent] + 1)
            self.population.append(int(j.get("population", 0)))
        self.index = index
        # The roster, with the scenario's capacity for everyone who mediates (as the simulator sets it).
        self.actors: list[Actor] = []
        self.at: list[list[int]] = [[] for _ in self.code]
        for a in doc["actors"]:
            self.add_actor(a.get("code", ""), a["name"], a["role"], index[a["jurisdiction"]],
                           a.get("specialties", "all"), int(a.get("capacity", 0)), scenario)
        for code, count in scenario.extra_mediators.items():
            where = index[code]
            for i in range(count):
                name = f"{self.name_of[where]}增派调解员{i + 1}"
                self.add_actor("", name, "peoples_mediator", where, "all", 0, scenario)
        cal = doc.get("calendar", {})
        self.calendar = Calendar(cal.get("holidays", []), cal.get("working_days", []), cal.get("suspensions", []))
        self.settings = doc.get("policies", {})

    def add_actor(self, code, name, role, where, specialties, capacity, scenario):
        a = Actor()
        a.index, a.code, a.name, a.role, a.jurisdiction = len(self.actors), code, name, role, where
        a.specialties = frozenset(CATEGORIES if specialties == "all" else specialties)
        a.capacity = scenario.levels[self.tier[where]].capacity if role in MEDIATING_ROLES else capacity
        self.actors.append(a)
        self.at[where].append(a.index)

    def within(self, node, ancestor):
        """True if @p node is @p ancestor or below it."""
        target = self.depth[ancestor]
        while self.depth[node] > target:
            node = self.parent[node]
        return node == ancestor


# --------------------------------------------------------------------------------------------------
# Working days

EPOCH = datetime.date(1970, 1, 1)


def day_number(d: datetime.date) -> int:
    return (d - EPOCH).days


class Calendar:
    """Calendar-day and working-day limits on local days, as WorkingCalendar counts them."""

    def __init__(self, holidays, working_days, suspensions):
        self.holidays = {day_number(datetime.date.fromisoformat(d)) for d in holidays}
        self.make_up = {day_number(datetime.date.fromisoformat(d)) for d in working_days}
        self.suspended = [(day_number(datetime.date.fromisoformat(s["from"])),
                           day_number(datetime.date.fromisoformat(s["to"]))) for s in suspensions]
        self.first_day = 0  # local day number of simulated time 0 (set by the office)

    def working(self, day):
        if day in self.make_up:
            return True
        if day in self.holidays:
            return False
        return (day + 3) % 7 < 5  # 1970-01-01 was a Thursday

    def counts(self, day):
        for low, high in self.suspended:
            if low <= day <= high:
                return False
        return True

    def add_calendar_days(self, t, n):
        """End of a limit of @p n days from @p t; one ending on a rest day moves to the next working day."""
        day = self.first_day + int(t // SECONDS_PER_DAY)
        counted = 0
        while counted < n:
            day += 1
            if self.counts(day):
                counted += 1
        while not self.working(day) or not self.counts(day):
            day += 1
        return (day + 1 - self.first_day) * SECONDS_PER_DAY

    def add_working_days(self, t, n):
        day = self.first_day + int(t // SECONDS_PER_DAY)
        counted = 0
        while counted < n:
            day += 1
            if self.working(day) and self.counts(day):
                counted += 1
        return (day + 1 - self.first_day) * SECONDS_PER_DAY


# --------------------------------------------------------------------------------------------------
# The Fengqiao policies, as the county file configures them

MEDIATION_COMMANDS = ("report", "accept", "reject", "assign", "hold_session", "reach_agreement", "fail", "escalate",
                      "refer", "apply_confirmation", "start_follow_up", "record_fulfilment", "withdraw", "raise_risk")
ALL_COMMANDS = MEDIATION_COMMANDS + ("expire", "confirmation_granted", "confirmation_denied", "close",
                                     "risk_escalation")


def default_permissions():
    """Which commands each role may issue (RolePermissions::defaults)."""
    p = {role: set() for role in ("grid_worker", "peoples_mediator", "township_cadre", "judicial_office",
                                  "police_station", "court_tribunal", "county_centre_staff", "petition_office",
                                  "arbitrator", "auditor")}
    p["grid_worker"] |= {"report", "raise_risk"}
    for role in ("peoples_mediator", "township_cadre", "judicial_office", "petition_office"):
        p[role] |= set(MEDIATION_COMMANDS)
    p["judicial_office"].add("close")
    p["petition_office"].add("close")
    p["police_station"] |= {"report", "hold_session", "reach_agreement", "fail", "raise_risk"}
    p["court_tribunal"] |= {"hold_session", "reach_agreement", "fail", "confirmation_granted",
                            "confirmation_denied", "raise_risk", "refer", "close"}
    p["arbitrator"] |= {"accept", "hold_session", "reach_agreement", "fail", "refer", "close", "raise_risk"}
    p["county_centre_staff"] |= {c for c in ALL_COMMANDS if c not in ENGINE_ONLY}
    return {role: frozenset(cs) for role, cs in p.items()}


class Decision:
    """An escalation policy's answer: stay, escalate to `target`, or refer along `route`, and why."""

    __slots__ = ("kind", "target", "route", "reason")

    def __init__(self, kind, reason, target=None, route=None):
        self.kind, self.reason, self.target, self.route = kind, reason, target, route


class FengqiaoRules:
    """Escalation, assignment, deadlines, risk and authorization (src/policy/*.cpp)."""

    def __init__(self, county: County):
        self.county = county
        s = county.settings
        esc = s.get("escalation", {})
        self.escalate_automatically = esc.get("escalate_automatically", True)
        self.min_sessions = esc.get("min_sessions", 1)
        self.red_risk_to_county = esc.get("red_risk_to_county", True)
        self.handled_by = dict(esc.get("handled_by", {"labour_wages": "arbitrator", "work_injury": "arbitrator"}))
        self.top_route = {c: "litigation" for c in CATEGORIES}
        self.top_route.update({"labour_wages": "arbitration", "work_injury": "arbitration",
                               "land_homestead": "administrative", "consumer": "administrative"})
        self.top_route.update(esc.get("top_route", {}))
        self.roles_at = [{county.actors[a].role for a in actors} for actors in county.at]
        asg = s.get("assignment", {})
        self.joint_min_risk = RISK_NAMES.index(asg.get("joint_team_min_risk", "orange"))
        self.joint_min_amount = asg.get("joint_team_min_amount_yuan", 100_000) * 100
        self.joint_min_parties = asg.get("joint_team_min_parties", 10)
        dl = s.get("deadline", {})
        self.warning_lead = dl.get("warning_lead_days", 3) * SECONDS_PER_DAY
        self.grant_extensions = dl.get("grant_extensions", False)
        self.rules_by_state: dict[str, list] = {}
        for r in dl.get("rules", []):  # the county file lists every rule (it replaces the defaults)
            days = r["days"] + (r.get("extension_days", 0) if self.grant_extensions else 0)
            self.rules_by_state.setdefault(r["state"], []).append(
                (r.get("category"), r.get("channel"), r.get("route"), days, r.get("count", "calendar") == "working",
                 r["source"]))
        rk = s.get("risk", {})
        self.risk_points = {k: rk.get(k, v) for k, v in (
            ("threat", 3), ("violence_history", 2), ("per_failure", 1), ("max_failure_points", 2), ("per_repeat", 1),
            ("max_repeat_points", 2), ("many_parties", 5), ("mass_parties", 10), ("yellow", 1), ("orange", 3),
            ("red", 5))}
        self.large_amount = rk.get("large_amount_yuan", 50_000) * 100
        self.huge_amount = rk.get("huge_amount_yuan", 500_000) * 100
        self.permissions = default_permissions()

    # -- escalation (FengqiaoEscalation::decide)

    def nearest_county(self, j):
        while j is not None:
            if self.county.tier[j] == "county":
                return j
            j = self.county.parent[j]
        return None

    def decide(self, case, trigger):
        k = self.county
        here = case.jurisdiction
        if trigger == "risk_raised":
            if case.risk != RED or not self.red_risk_to_county:
                return Decision(STAY, f"risk grade {RISK_NAMES[case.risk]} does not move the case")
            top = self.nearest_county(here)
            if top is None or top == here or not k.within(here, top):
                return Decision(STAY, f"red risk at '{k.name_of[here]}': already at the county level")
            return Decision(ESCALATE, f"red risk: straight to the county centre at '{k.name_of[top]}', "
                                      "skipping the levels between", target=top)
        if trigger != "escalation_requested" and not self.escalate_automatically:
            return Decision(STAY, "waiting for an Escalate command")
        if trigger != "deadline_expired" and case.level_sessions < self.min_sessions:
            return Decision(STAY, f"{case.level_sessions} mediation session(s) held at '{k.name_of[here]}'; at least "
                                  f"{self.min_sessions} before a case moves up")
        cause = (f"time limit passed at '{k.name_of[here]}'" if trigger == "deadline_expired"
                 else f"mediation failed at '{k.name_of[here]}'")
        role = self.handled_by.get(case.category)
        if role is not None:
            up = k.parent[here]
            while up is not None:
                if role in self.roles_at[up]:
                    return Decision(ESCALATE, f"{cause}; {case.category} disputes go to the {role} at "
                                              f"'{k.name_of[up]}'", target=up)
                up = k.parent[up]
        parent = k.parent[here]
        if parent is not None:
            return Decision(ESCALATE, f"{cause}; escalated to '{k.name_of[parent]}'", target=parent)
        route = self.top_route[case.category]
        return Decision(REFER, f"{cause}, the top level; {case.category} disputes are referred to {route}",
                        route=route)

    # -- assignment (FengqiaoAssignment::assign)

    def serious(self, case):
        return (case.risk >= self.joint_min_risk or case.claimed >= self.joint_min_amount
                or case.parties >= self.joint_min_parties)

    def pick(self, where, load, eligible, prefer_specialists):
        """The least-loaded eligible actor with room at @p where; ties go to the more specialised, then the first."""
        actors = self.county.actors
        best, best_key = None, None
        for i in self.county.at[where]:
            a = actors[i]
            if not eligible(a) or (a.capacity != 0 and load[i] >= a.capacity):
                continue
            key = (len(a.specialties) if prefer_specialists else 0, load[i])
            if best is None or key < best_key:
                best, best_key = i, key
        return best

    def assign(self, case, load):
        """(team, reason), or (None, why nobody can take the case)."""
        k = self.county
        where = case.jurisdiction
        tier = k.tier[where]
        if tier == "township" and self.serious(case):
            team = []
            for role in ("judicial_office", "police_station", "court_tribunal"):
                i = self.pick(where, load, lambda a, role=role: a.role == role, False)
                if i is not None:
                    team.append(i)
            if len(team) == 3:
                return tuple(team), (f"serious case (risk {RISK_NAMES[case.risk]}, {case.claimed // 100} yuan, "
                                     f"{case.parties} parties): joint team of judicial office, police station and "
                                     "court tribunal")
        if tier == "county" and case.channel == "petition":
            i = self.pick(where, load, lambda a: a.role == "petition_office", False)
            if i is not None:
                return (i,), "petition: the petition office at the county centre"
        at_county = tier in ("county", "city", "province")
        category = case.category
        i = self.pick(where, load, lambda a: a.role in MEDIATING_ROLES and category in a.specialties, at_county)
        if i is None:
            registered = sum(1 for a in k.at[where] if k.actors[a].role in MEDIATING_ROLES)
            what = "stationed department" if at_county else "mediator"
            return None, (f"case {case.id + 1}: no {what} at '{k.name_of[where]}' ({registered} mediating actors "
                          f"registered there) takes {category} cases with spare capacity")
        lead = "stationed department for " if at_county else "least-loaded mediator for "
        return (i,), f"{lead}{category}: '{k.actors[i].name}' ({load[i]} open cases)"

    # -- deadlines (StatutoryDeadlines::deadline)

    def deadline(self, case, entered):
        """(due, warn_at) for the state @p case has just entered at @p entered; (None, None) if no limit."""
        best, best_score = None, -1
        for category, channel, route, days, working, source in self.rules_by_state.get(case.state, ()):
            if category is not None and category != case.category:
                continue
            if channel is not None and channel != case.channel:
                continue
            if route is not None and route != case.route:
                continue
            score = (category is not None) + (channel is not None) + (route is not None)
            if score > best_score:
                best, best_score = (days, working), score
        if best is None:
            return None, None
        days, working = best
        cal = self.county.calendar
        due = cal.add_working_days(entered, days) if working else cal.add_calendar_days(entered, days)
        return due, (max(entered, due - self.warning_lead) if self.warning_lead else None)

    # -- risk (FengqiaoRisk::assess)

    def assess(self, case, raised=BLUE):
        r = self.risk_points
        p = 0
        if case.threat:
            p += r["threat"]
        if case.violence_history:
            p += r["violence_history"]
        p += min(case.failures * r["per_failure"], r["max_failure_points"])
        p += min(case.repeats * r["per_repeat"], r["max_repeat_points"])
        p += 2 if case.parties >= r["mass_parties"] else 1 if case.parties >= r["many_parties"] else 0
        p += 2 if case.claimed >= self.huge_amount else 1 if case.claimed >= self.large_amount else 0
        scored = RED if p >= r["red"] else ORANGE if p >= r["orange"] else YELLOW if p >= r["yellow"] else BLUE
        return max(scored, case.risk, raised)

    # -- authorization (RoleScopeAuthorization::authorize)

    def authorize(self, actor: Actor, command, where):
        """None if allowed, else why not."""
        allowed = self.permissions[actor.role]
        if command not in allowed:
            return f"a {actor.role} may issue: {', '.join(c for c in ALL_COMMANDS if c in allowed) or 'nothing'}"
        if not self.county.within(where, actor.jurisdiction):
            k = self.county
            return (f"the case is at '{k.name_of[where]}', outside '{actor.name}''s jurisdiction "
                    f"'{k.name_of[actor.jurisdiction]}'")
        return None


# --------------------------------------------------------------------------------------------------
# The case office: the engine's work per command


class Case:
    """A case's record (fengqiao's `Case`). A plain class: `transitions` adds its trigger methods to it."""

    def __init__(self, id, category, channel, where, parties, claimed, threat, violence_history, repeats, now):
        self.id = id
        self.state = "reported"
        self.category, self.channel = category, channel
        self.jurisdiction = self.origin = where
        self.parties, self.claimed, self.repeats = parties, claimed, repeats
        self.threat, self.violence_history = threat, violence_history
        self.risk = BLUE
        self.version = 1
        self.reported_at = self.state_since = now
        self.closed_at = None
        self.deadline = self.warn_at = None
        self.mediators = ()
        self.sessions = self.level_sessions = self.failures = self.escalations = 0
        self.overdue = self.written_agreement = False
        self.outcome = "open"
        self.route = None
        self.agreement = ""
        self.last_record = 0

    @property
    def open(self):
        return self.state in OPEN_STATES_SET


OPEN_STATES_SET = frozenset(OPEN_STATES)


class Refused:
    """A refused command, returned as a value (as fengqiao's Result carries an Error): a code and why."""

    __slots__ = ("code", "message")

    def __init__(self, code, message):
        self.code, self.message = code, message


class Office:
    """Applies commands to cases as fengqiao's Engine does, on a lifecycle and a clock supplied by the peer.

    `lifecycle.fire(case, command, arg)` moves a case's state (a table, or a `transitions.Machine`);
    `clock()` is the simulated time in seconds from the start; `arm(case, at, warning)` asks the peer to
    call `fire_timer(case, at, warning)` at time `at` (the engine's deadline and warning timers).
    """

    def __init__(self, county: County, rules: FengqiaoRules, lifecycle, clock, arm, policy_version):
        self.county, self.rules, self.lifecycle, self.clock, self.arm = county, rules, lifecycle, clock, arm
        self.policy_version = policy_version
        self.cases: list[Case] = []
        self.journal: list[tuple] = []
        self.load = [0] * len(county.actors)  # open cases per actor
        self.sequence = 1
        self.digest = hashlib.sha256()
        self.warnings = 0

    # -- commands from people

    def report(self, actor, where, category, channel, parties, claimed, threat, violence_history, repeat_of):
        """Registers a dispute; the case, or a Refused."""
        who = self.county.actors[actor]
        why = self.rules.authorize(who, "report", where)
        if why is not None:
            return self.refuse(None, actor, "report", where, f"actor '{who.name}' ({who.role}) may not 'report' a "
                                                               f"report: {why}")
        now = self.clock()
        repeats = self.cases[repeat_of].repeats + 1 if repeat_of is not None else 0
        case = Case(len(self.cases), category, channel, where, parties, claimed, threat, violence_history, repeats, now)
        self.lifecycle.attach(case)
        case.risk = self.rules.assess(case)
        case.deadline, case.warn_at = self.rules.deadline(case, now)
        self.cases.append(case)
        self.record(case, actor, "report", "reported", where, ("report", where, category, channel, parties, claimed,
                                                               threat, violence_history, repeat_of), "")
        self.arm_timers(case, None, None)
        self.follow_ups(case, BLUE, "report", "reported")
        return case

    def submit(self, case: Case, actor, command, arg=None):
        """Issues @p command on @p case as @p actor; the case's new state, or a Refused."""
        if command in ENGINE_ONLY:
            return Refused("invalid_argument", f"'{command}' is issued by the engine itself, not by actors")
        if not 0 <= actor < len(self.county.actors):
            return Refused("unknown_actor", f"unknown actor id {actor + 1} issued '{command}'")
        who = self.county.actors[actor]
        why = self.rules.authorize(who, command, case.jurisdiction)
        if why is not None:
            return self.refuse(case, actor, command, case.jurisdiction,
                               f"actor '{who.name}' ({who.role}) may not '{command}' case {case.id + 1}: {why}")
        return self.apply(case, actor, command, arg, None)

    # -- what the engine does itself

    def fire_timer(self, case: Case, at, warning):
        """A deadline or warning timer armed for @p at comes due; stale ones are skipped."""
        if not case.open or (case.warn_at if warning else case.deadline) != at:
            return
        if warning:
            self.warnings += 1  # listeners would hear of it; the simulation has none
            return
        self.apply(case, SYSTEM_ACTOR, "expire", None, None)

    # -- the engine's apply()

    def apply(self, case: Case, actor, command, arg, preset: Decision | None):
        before = case.state
        if (before, command) not in TAKES:
            return self.transition_error(case, command)
        reason, team, target, route, answer = "", None, None, None, None
        if command == "escalate" or command == "risk_escalation":
            d = preset if preset is not None else self.rules.decide(case, "escalation_requested")
            if d.kind == STAY:
                k = self.county
                return Refused("no_escalation_target", f"case {case.id + 1} ({before} at "
                                                       f"'{k.name_of[case.jurisdiction]}') cannot escalate: {d.reason}")
            answer, target, route, reason = d.kind, d.target, d.route, d.reason
        elif command == "assign":
            team, reason = self.rules.assign(case, self.load)
            if team is None:
                return Refused("no_eligible_mediator", reason)
            arg = team
        elif command == "refer":
            route = arg
        elif command == "record_fulfilment":
            answer = arg
        if not self.lifecycle.fire(case, command, answer):
            return self.transition_error(case, command)

        now = self.clock()
        to = case.state
        where_before, risk_before = case.jurisdiction, case.risk
        deadline_before, warn_before = case.deadline, case.warn_at
        mediators_before, was_open = case.mediators, before in OPEN_STATES_SET
        # Effects of the command on the record (apply_effects).
        if command == "assign":
            case.mediators = team
        elif command == "hold_session":
            case.sessions += 1
            case.level_sessions += 1
        elif command == "reach_agreement":
            case.written_agreement = arg
        elif command == "fail":
            case.failures += 1
        elif command == "expire":
            case.overdue = True
            case.deadline = case.warn_at = None
            if to == "failed":
                case.failures += 1
        elif command == "escalate" or command == "risk_escalation":
            if to == "accepted":
                case.jurisdiction = target
                case.escalations += 1
            else:
                case.route = route
        elif command == "refer":
            case.route = route
        elif command == "record_fulfilment":
            if to == "closed":
                case.outcome = "resolved"
        elif command == "close":
            case.outcome = arg
        elif command == "withdraw":
            case.outcome = "withdrawn"
        elif command == "reject":
            case.outcome = "rejected"
        elif command == "raise_risk":
            case.threat = case.threat or arg == RED
        final = to in FINAL_STATES
        # Mediators stay through agreement and follow-up; they are released when mediation at this
        # level ends without agreement, when the case moves, and when it ends.
        if final or to == "failed" or to == "accepted" or to == "referred":
            case.mediators = ()
        moved = case.jurisdiction != where_before
        if to != before or moved:
            case.state_since = now
        if moved:
            case.level_sessions = 0
        if final:
            case.closed_at = now
        case.version += 1
        case.risk = self.rules.assess(case, arg if command == "raise_risk" else BLUE)
        if final:
            case.deadline = case.warn_at = None
        elif to != before or moved:
            case.deadline, case.warn_at = self.rules.deadline(case, now)
        # Loads count the open cases each mediator carries (the engine's tally()).
        load = self.load
        if was_open:
            for m in mediators_before:
                load[m] -= 1
        if not final:
            for m in case.mediators:
                load[m] += 1
        self.record(case, actor, command, before, where_before, arg, reason)
        self.arm_timers(case, deadline_before, warn_before)
        self.follow_ups(case, risk_before, command, to)
        return case.state

    def follow_ups(self, case: Case, risk_before, command, to):
        """Red risk moves a case at once; a failure or expiry is escalated at once (when the policy says so)."""
        rules = self.rules
        if case.risk == RED and (risk_before != RED or command == "report") and case.open:
            d = rules.decide(case, "risk_raised")
            if d.kind == ESCALATE and (case.state, "risk_escalation") in TAKES:
                self.apply(case, SYSTEM_ACTOR, "risk_escalation", None, d)
            elif d.kind == REFER and (case.state, "refer") in TAKES:
                self.apply(case, SYSTEM_ACTOR, "refer", d.route, None)
        if case.state == "failed" and to == "failed" and (command == "fail" or command == "expire"):
            d = rules.decide(case, "failed" if command == "fail" else "deadline_expired")
            if d.kind != STAY:
                self.apply(case, SYSTEM_ACTOR, "escalate", None, d)

    def arm_timers(self, case: Case, deadline_before, warn_before):
        if not case.open:
            return
        if case.deadline is not None and case.deadline != deadline_before:
            self.arm(case, case.deadline, False)
        if case.warn_at is not None and case.warn_at != warn_before:
            self.arm(case, case.warn_at, True)

    # -- journal

    def record(self, case: Case, actor, command, before, where_before, payload, reason):
        """Appends the journal record of an applied command (JournalRecord's fields)."""
        self.append((self.sequence, case.id, case.version, "applied", command, payload, before, case.state, case.risk,
                     case.route, self.clock(), actor, where_before, case.jurisdiction, case.deadline, case.warn_at,
                     reason, self.policy_version if command == "report" else "", self.last_of_case(case)))

    def refuse(self, case, actor, command, where, message):
        """A refused command is not applied, but the attempt is journalled (as the engine does)."""
        self.append((self.sequence, case.id if case else None, case.version if case else 0, "refused", command, None,
                     case.state if case else None, case.state if case else None, case.risk if case else BLUE,
                     case.route if case else None, self.clock(), actor, where, where,
                     case.deadline if case else None, case.warn_at if case else None, message, "",
                     self.last_of_case(case) if case else 0))
        return Refused("not_authorized", message)

    def last_of_case(self, case: Case):
        """The sequence of the case's previous record, which each record carries (a chain per case)."""
        previous = case.last_record
        case.last_record = self.sequence
        return previous

    def append(self, record):
        """Keeps the record, and folds it into the journal's SHA-256 as `fengqiao simulate` does (its
        DigestJournal): length-prefixed encoded records, so record boundaries are part of the digest."""
        self.journal.append(record)
        body = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        self.digest.update(len(body).to_bytes(8, "little"))
        self.digest.update(body)
        self.sequence += 1

    def transition_error(self, case: Case, command):
        if case.state in FINAL_STATES:
            msg = (f"case {case.id + 1} is {case.state}, a final state that takes no further command "
                   f"('{command}' refused)")
        else:
            takes = ", ".join(c for c in ALL_COMMANDS if (case.state, c) in TAKES)
            msg = f"case {case.id + 1} is {case.state}, which does not take '{command}' (it takes: {takes})"
        return Refused("invalid_transition", msg)


# --------------------------------------------------------------------------------------------------
# The people: when they act and what they do (src/sim/simulator.cpp)


class View:
    """What the simulated people know about a case besides the office's record (the simulator's CaseState)."""

    __slots__ = ("version_seen", "level_seen", "tier_seen", "state_seen", "open_seen", "had_team", "agree_at", "token")

    def __init__(self):
        self.version_seen, self.level_seen, self.tier_seen, self.state_seen = 0, None, "village", "reported"
        self.open_seen = self.had_team = False
        self.agree_at = 0
        self.token = 0


class Place:
    """Who acts for a jurisdiction, and the accepted cases waiting there for a mediator with room."""

    __slots__ = ("handler", "reporter", "court", "closer", "waiting")


class People:
    """The simulated people of a county: arrivals, and the commands people issue at each step of a case.

    The peer decides when things happen: it calls `arrivals_for(day)`, `arrive(...)` at each arrival,
    `plan(case)` to learn the next step and its delay, `act(case, step)` when that time comes, and
    `observe(case)` after anything happened to a case. `release` tells the peer that a waiting case
    may try again for a mediator (`wake(case)`).
    """

    def __init__(self, scenario: Scenario, county: County, office: Office, rng: random.Random, wake):
        self.sc, self.county, self.office, self.rng, self.wake = scenario, county, office, rng, wake
        self.views: list[View] = []
        self.recent: list[int] = []
        self.refused_commands = 0
        self.waited_for_mediator = 0
        self.open_by_tier = {t: 0 for t in TIERS}
        self.backlog: list[tuple] = []
        self.index_places()

    def index_places(self):
        k = self.county
        first = lambda j, roles: next((a for r in roles for a in k.at[j] if k.actors[a].role == r), None)
        self.places: list[Place] = []
        self.villages, self.cumulative = [], []
        weight = residents = 0.0
        for j in range(len(k.code)):  # parents come before children
            p = Place()
            up = self.places[k.parent[j]] if k.parent[j] is not None else None
            p.handler = first(j, ("county_centre_staff", "judicial_office", "peoples_mediator", "township_cadre",
                                  "petition_office"))
            if p.handler is None and up:
                p.handler = up.handler
            p.reporter = first(j, ("grid_worker",))
            if p.reporter is None:
                p.reporter = p.handler
            p.court = first(j, ("court_tribunal",))
            if p.court is None and up:
                p.court = up.court
            p.closer = first(j, ("county_centre_staff",))
            if p.closer is None and up:
                p.closer = up.closer
            if p.closer is None:
                p.closer = p.handler
            if p.court is None:
                p.court = p.closer
            p.waiting = []
            self.places.append(p)
            if k.tier[j] == "village":
                self.villages.append(j)
                weight += k.population[j] or 1.0
                self.cumulative.append(weight)
                residents += k.population[j]
        self.weight_sum = weight
        self.residents = residents or 1000.0 * len(self.villages)
        # Mediators whose busy-ness is sampled each day, by jurisdiction.
        self.mediators_at = {}
        for a in k.actors:
            if a.role in MEDIATING_ROLES and a.capacity != 0:
                self.mediators_at.setdefault(a.jurisdiction, []).append(a.index)
        self.busy_days = {j: 0.0 for j in self.mediators_at}

    # -- random draws

    def within(self, r: DayRange):
        return int((r.low + (r.high - r.low) * self.rng.random()) * SECONDS_PER_DAY)

    def poisson(self, mean):
        # Knuth's method: the daily means here are small (below 2).
        if mean <= 0:
            return 0
        limit, n, p = math.exp(-mean), 0, self.rng.random()
        while p > limit:
            n += 1
            p *= self.rng.random()
        return n

    def chance(self, p):
        return self.rng.random() < p

    # -- arrivals

    def arrivals_for(self, day):
        """The disputes that arise on @p day: (time, village, category), in no particular order."""
        sc = self.sc
        month = (sc.start + datetime.timedelta(days=day)).month - 1
        per_day = sc.per_thousand * self.residents / 1000.0 / 365.0
        day_start = day * SECONDS_PER_DAY
        out = []
        for c in CATEGORIES:
            for _ in range(self.poisson(per_day * sc.category_share[c] * sc.monthly_factor[c][month])):
                v = bisect.bisect_right(self.cumulative, self.rng.random() * self.weight_sum)
                out.append((day_start + self.within(DAY), self.villages[min(v, len(self.villages) - 1)], c))
        return out

    def arrive(self, where, category):
        """A dispute is reported: its facts are drawn and the office registers it. The case, or None."""
        sc, rng, office = self.sc, self.rng, self.office
        pick, acc, channel = rng.random(), 0.0, "walk_in"
        for ch in CHANNELS:
            acc += sc.channel_share[ch]
            if pick < acc:
                channel = ch
                break
        threat = self.chance(sc.threat)
        violence = self.chance(sc.violence_history)
        parties = 5 + int(rng.random() * 26) if self.chance(sc.group) else 2
        median = sc.median_claim_yuan[category]
        claimed = int(median * 100.0 * math.exp(rng.gauss(0.0, 1.0))) if median > 0 else 0
        repeat_of = None
        if self.recent and self.chance(sc.repeat):
            earlier = office.cases[self.recent[int(rng.random() * len(self.recent))]]
            if earlier.open:
                repeat_of, category, where = earlier.id, earlier.category, earlier.origin
        place = self.places[where]
        by = place.reporter if channel == "grid_screening" else place.handler
        case = office.report(by, where, category, channel, parties, claimed, threat, violence, repeat_of)
        if isinstance(case, Refused):
            self.refused_commands += 1
            return None
        self.views.append(View())
        if len(self.recent) < 512:
            self.recent.append(case.id)
        else:
            self.recent[case.id % 512] = case.id
        self.observe(case)
        return case

    # -- a case's next step

    def observe(self, case: Case):
        """Brings the people's view of @p case up to date with the office's record."""
        v = self.views[case.id]
        tier = self.county.tier[case.jurisdiction]
        if v.open_seen:
            self.open_by_tier[v.tier_seen] -= 1
        is_open = case.open
        if is_open:
            self.open_by_tier[tier] += 1
        if v.had_team and not case.mediators:
            self.release(v.level_seen if v.level_seen is not None else case.jurisdiction)
        if case.state == "mediating" and (v.state_seen != "mediating" or v.level_seen != case.jurisdiction):
            level = self.sc.levels[tier]
            p = min(1.0, level.success * self.sc.success_factor[case.category])
            v.agree_at = 1 + int(self.rng.random() * max(1, level.max_sessions)) if self.chance(p) else 0
        v.level_seen, v.tier_seen, v.open_seen = case.jurisdiction, tier, is_open
        v.had_team = bool(case.mediators)
        v.state_seen, v.version_seen = case.state, case.version

    def changed(self, case: Case):
        """True if the office moved @p case by itself (a deadline, an automatic escalation) since last seen."""
        return case.version != self.views[case.id].version_seen

    def release(self, where):
        """A mediator at @p where has room again: the longest-waiting case there gets its turn."""
        queue = self.places[where].waiting
        while queue:
            case = queue.pop(0)
            if case.state == "accepted" and case.jurisdiction == where:
                self.wake(case)
                return

    def plan(self, case: Case):
        """(step, delay in seconds) of what people do next with @p case; (None, None) once it has ended."""
        sc = self.sc
        state = case.state
        if state == "reported":
            return "intake", self.within(sc.intake_delay)
        if state == "accepted":
            return "assign", self.within(sc.assign_delay)
        if state == "mediating":
            return "session", self.within(sc.levels[self.views[case.id].tier_seen].session_gap)
        if state == "agreed":
            return "after_agreement", self.within(sc.agreement_delay)
        if state == "confirming":
            return "court_decision", self.within(sc.confirmation_time)
        if state == "follow_up":
            return "visit", self.within(sc.follow_up_time)
        if state == "failed":
            return "escalate", self.within(sc.escalation_delay)
        if state == "referred":
            return "outside", self.within(sc.outside_time)
        return None, None

    def issue(self, case, actor, command, arg=None):
        result = self.office.submit(case, actor, command, arg)
        if isinstance(result, Refused):
            self.refused_commands += 1
            return False
        return True

    def act(self, case: Case, step):
        """Issues what people do at @p step; True if the case now waits for a mediator with room."""
        sc, office = self.sc, self.office
        place = self.places[case.jurisdiction]
        lead = case.mediators[0] if case.mediators else place.handler
        if step == "intake":
            if self.chance(sc.reject):
                self.issue(case, place.handler, "reject", "not taken up")
            elif self.chance(sc.refer_at_intake):
                self.issue(case, place.handler, "refer", office.rules.top_route[case.category])
            else:
                self.issue(case, place.handler, "accept")
        elif step == "assign":
            result = office.submit(case, place.handler, "assign")
            if isinstance(result, Refused):
                if result.code == "no_eligible_mediator":
                    place.waiting.append(case)
                    self.waited_for_mediator += 1
                    return True
                self.refused_commands += 1
        elif step == "session":
            if self.chance(sc.withdraw_per_session):
                self.issue(case, place.handler, "withdraw", "applicant withdrew")
                return False
            self.issue(case, lead, "hold_session")
            if self.chance(sc.risk_rise_per_session):
                red = self.chance(sc.red_share_of_rises)
                self.issue(case, place.handler, "raise_risk", RED if red else ORANGE)
            if case.state != "mediating":
                return False  # moved by the rise in risk
            v = self.views[case.id]
            if v.agree_at != 0 and case.level_sessions >= v.agree_at:
                self.issue(case, lead, "reach_agreement", self.chance(sc.written_agreement))
            elif case.level_sessions >= sc.levels[v.tier_seen].max_sessions:
                self.issue(case, lead, "fail", "no agreement")
        elif step == "after_agreement":
            if case.written_agreement and self.chance(sc.judicial_confirmation):
                self.issue(case, place.handler, "apply_confirmation")
            else:
                self.issue(case, place.handler, "start_follow_up")
        elif step == "court_decision":
            if self.chance(sc.confirmation_granted):
                self.issue(case, place.court, "confirmation_granted")
            else:
                self.issue(case, place.court, "confirmation_denied", "not confirmed")
        elif step == "visit":
            self.issue(case, place.handler, "record_fulfilment", self.chance(sc.fulfilment))
        elif step == "escalate":
            result = office.submit(case, place.handler, "escalate")
            if isinstance(result, Refused):
                self.issue(case, place.handler, "refer", office.rules.top_route[case.category])
        elif step == "outside":
            u, o = self.rng.random(), sc.outside_outcome
            outcome = ("decided_elsewhere" if u < o[0] else "settled_elsewhere" if u < o[0] + o[1] else "abandoned")
            self.issue(case, place.closer, "close", outcome)
        return False

    # -- each day, and the end

    def end_of_day(self, day):
        """Samples the backlog by level and how busy each jurisdiction's mediators are."""
        self.backlog.append((day, dict(self.open_by_tier)))
        load, actors = self.office.load, self.county.actors
        for j, members in self.mediators_at.items():
            busy = 0.0
            for a in members:
                busy += min(1.0, load[a] / actors[a].capacity)
            self.busy_days[j] += busy

    def summary(self, days):
        """The headline figures, with the keys `fengqiao simulate --json` uses."""
        office, k = self.office, self.county
        now = office.clock()
        resolved_by_tier = {t: 0 for t in TIERS}
        by_route = {r: 0 for r in ROUTES}
        to_resolution = []
        reported = open_at_end = referred = withdrawn = rejected = overdue = escalations = ended = 0
        for c in office.cases:
            reported += 1
            is_open = c.open
            open_at_end += is_open
            if c.outcome == "resolved":
                resolved_by_tier[k.tier[c.jurisdiction]] += 1
                to_resolution.append((c.closed_at - c.reported_at) / SECONDS_PER_DAY)
            if c.route is not None:
                referred += not is_open
                by_route[c.route] += 1
            withdrawn += c.outcome == "withdrawn"
            rejected += c.outcome == "rejected"
            ended += c.outcome in ("resolved", "decided_elsewhere", "settled_elsewhere", "abandoned")
            overdue += c.overdue
            escalations += c.escalations
        to_resolution.sort()

        def percentile(q):
            if not to_resolution:
                return 0.0
            rank = math.ceil(q * len(to_resolution))
            return to_resolution[min(len(to_resolution) - 1, max(rank, 1) - 1)]

        low = resolved_by_tier["village"] + resolved_by_tier["township"]
        return {
            "scenario": self.sc.name, "county": k.name, "days": days, "horizon_days": now / SECONDS_PER_DAY,
            "reported": reported, "open_at_end": open_at_end, "resolved_by_tier": resolved_by_tier,
            "referred": referred, "referred_by_route": by_route, "withdrawn": withdrawn, "rejected": rejected,
            "overdue": overdue, "escalations": escalations, "waited_for_mediator": self.waited_for_mediator,
            "refused_commands": self.refused_commands,
            "resolved_at_or_below_township": low / ended if ended else 0.0,
            "days_to_resolution": {"p50": percentile(0.5), "p90": percentile(0.9), "p99": percentile(0.99)},
            "journal": {"records": len(office.journal), "sha256": office.digest.hexdigest()},
            "warnings": office.warnings,
            "open_at_end_by_tier": {t: self.open_by_tier[t] for t in ("village", "township", "county")},
            "mediator_utilization_by_tier": self.utilization_by_tier(days),
        }

    def utilization_by_tier(self, days):
        """Average, over days and mediators, of open cases / capacity (capped at 1), by tier."""
        busy, mediators = {}, {}
        for j, days_busy in self.busy_days.items():
            tier = self.county.tier[j]
            busy[tier] = busy.get(tier, 0.0) + days_busy
            mediators[tier] = mediators.get(tier, 0) + len(self.mediators_at[j])
        return {t: busy[t] / (days * mediators[t]) if days else 0.0 for t in busy}


DAY = DayRange((0, 1))


def open_county(scenario_path: Path):
    """The scenario, its county and the county's rules."""
    scenario = Scenario(scenario_path)
    county = County(scenario.county_file, scenario)
    county.calendar.first_day = day_number(scenario.start)
    return scenario, county, FengqiaoRules(county)


def run_peer(simulated_county, peer: str, description: str) -> int:
    """The command line both peers share: reads --scenario, --days and --seed, runs
    ``simulated_county(scenario, county, rules, seed).run(days)`` and prints its figures, labelled
    ``peer``, with the load and simulation times, as JSON on standard output."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", type=Path, default=DEFAULT_SCENARIO)
    parser.add_argument("--days", type=int, help="days to run (default: the scenario's)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    cpu0, wall0 = time.process_time(), time.perf_counter()
    scenario, county, rules = open_county(args.scenario)
    days = scenario.days if args.days is None else args.days
    cpu1 = time.process_time()
    result = simulated_county(scenario, county, rules, args.seed).run(days)
    cpu2, wall2 = time.process_time(), time.perf_counter()
    result["peer"] = peer
    result["seed"] = args.seed
    result["seconds"] = {"load_cpu": cpu1 - cpu0, "simulate_cpu": cpu2 - cpu1, "total_cpu": cpu2 - cpu0,
                         "total_wall": wall2 - wall0}
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0
