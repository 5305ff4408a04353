#!/usr/bin/env python3
"""One year of Xiangyuan county written with the Python `transitions` state machine library (Debian's
python3-transitions 0.9.0), the peer that `fengqiao simulate --scenario data/scenarios/xiangyuan.json`
is compared with in `make bench`.

    /usr/bin/python3 bench/peers/transitions_xiangyuan.py [--days N] [--seed S] [--scenario FILE]

A `transitions.Machine` built from fengqiao's transition table drives every case's lifecycle: each
case is a model of the one machine, and every command is one of its triggers (`case.accept()`,
`case.escalate(answer)`, ...), with the escalation answer and the follow-up's finding as the
conditions that pick a row. Time advances with a heapq agenda of people's next steps, day by day, as
fengqiao's simulator does it, and a second heap holds the office's deadline and warning timers.

The county, the Fengqiao rules, the case office (authorization, policies, deadlines, loads, a
journal record per command) and the people's decisions are in county_office.py, shared with the
SimPy peer. The script prints the headline figures and its run time as JSON.
"""

from __future__ import annotations

import heapq
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import transitions  # noqa: E402
from transitions import Machine, MachineError  # noqa: E402

import county_office as co  # noqa: E402

# People look at a case again this long after its deadline: the office may have moved it by then.
LOOK_AGAIN = 60
ARRIVE, CHECK = "arrive", "check"


class MachineLifecycle:
    """fengqiao's lifecycle as one `transitions.Machine`, with each case added as a model."""

    def __init__(self):
        self.machine = Machine(model=None, states=list(co.STATES), initial="reported", auto_transitions=False,
                               ignore_invalid_triggers=False)
        for command, source, dest, guard in co.LIFECYCLE_ROWS:
            # dest None: an internal transition (HoldSession, RaiseRisk, Expire outside mediation).
            self.machine.add_transition(command, source, dest, conditions=[guard] if guard else None)

    def attach(self, case):
        self.machine.add_model(case)

    def fire(self, case, command, arg=None):
        try:
            return getattr(case, command)(arg)
        except MachineError:
            return False


class SimulatedCounty:
    """One county on a heapq agenda: arrivals and people's steps on one heap, the office's timers on another."""

    def __init__(self, scenario, county, rules, seed):
        self.now = 0
        self.order = 0
        self.agenda: list[tuple] = []  # (time, order, case id or arrival, token, step)
        self.timers: list[tuple] = []  # (time, order, case, warning)
        self.office = co.Office(county, rules, MachineLifecycle(), self.clock, self.arm,
                                county.settings.get("version", "fengqiao-1"))
        self.people = co.People(scenario, county, self.office, random.Random(seed), self.wake)
        self.arrivals: list[tuple] = []

    def clock(self):
        return self.now

    def push(self, at, subject, token, step):
        self.order += 1
        heapq.heappush(self.agenda, (at, self.order, subject, token, step))

    def arm(self, case, at, warning):
        self.order += 1
        heapq.heappush(self.timers, (at, self.order, case, warning))

    def advance_to(self, t):
        """Fires the office's timers due by @p t, in time order, then sets the clock to @p t."""
        timers, office = self.timers, self.office
        while timers and timers[0][0] <= t:
            at, _, case, warning = heapq.heappop(timers)
            self.now = at
            office.fire_timer(case, at, warning)
        self.now = t

    def wake(self, case):
        """A mediator has room again: the waiting case tries to be assigned now."""
        self.push(self.now, case.id, self.people.views[case.id].token, "assign")

    def plan(self, case):
        """Schedules people's next step with @p case (superseding any earlier plan)."""
        view = self.people.views[case.id]
        view.token += 1
        step, delay = self.people.plan(case)
        if step is None:
            return
        when = self.now + delay
        self.push(when, case.id, view.token, step)
        # If the office's deadline comes first, look again just after it: the case may have moved.
        if case.deadline is not None and case.deadline < when:
            self.push(case.deadline + LOOK_AGAIN, case.id, view.token, CHECK)

    def handle(self, subject, token, step):
        people = self.people
        if step == ARRIVE:
            at, where, category = self.arrivals[subject]
            case = people.arrive(where, category)
            if case is not None:
                self.plan(case)
            return
        case = self.office.cases[subject]
        view = people.views[subject]
        if token != view.token:
            return  # superseded by a later plan
        if people.changed(case):  # the office acted by itself (a deadline, an automatic escalation)
            people.observe(case)
            self.plan(case)
            return
        if step == CHECK:
            return
        waits = people.act(case, step)
        people.observe(case)
        if waits:
            view.token += 1  # nothing is planned until a mediator is free
        else:
            self.plan(case)

    def run(self, days):
        agenda = self.agenda
        for day in range(days):
            day_end = (day + 1) * co.SECONDS_PER_DAY
            self.arrivals = self.people.arrivals_for(day)
            for i, (at, _, _) in enumerate(self.arrivals):
                self.push(at, i, 0, ARRIVE)
            while agenda and agenda[0][0] < day_end:
                at, _, subject, token, step = heapq.heappop(agenda)
                if at > self.now:
                    self.advance_to(at)
                self.handle(subject, token, step)
            self.advance_to(day_end)
            self.people.end_of_day(day + 1)
        return self.people.summary(days)


def main() -> int:
    return co.run_peer(SimulatedCounty, "transitions " + transitions.__version__, __doc__)


if __name__ == "__main__":
    sys.exit(main())
