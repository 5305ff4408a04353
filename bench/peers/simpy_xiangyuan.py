#!/usr/bin/env python3
"""One year of Xiangyuan county written in SimPy 2 (Debian's python3-simpy 2.3.1), the peer that
`fengqiao simulate --scenario data/scenarios/xiangyuan.json` is compared with in `make bench`.

    /usr/bin/python3 bench/peers/simpy_xiangyuan.py [--days N] [--seed S] [--scenario FILE]

SimPy drives time: every dispute is a Process that lives from its report to its end, holding until
people next act; every deadline or warning the office arms is a Process that holds until it is due;
a Process at each midnight samples the day that ended and brings the arrivals of the next. A case
waiting for a mediator with room is passivated, and reactivated when a mediator at its jurisdiction
is released.

The county, the Fengqiao rules, the case office (authorization, lifecycle, policies, deadlines,
loads, a journal record per command) and the people's decisions are in county_office.py, shared
with the `transitions` peer; here the lifecycle is a plain transition table. The script prints the
headline figures and its run time as JSON.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from SimPy.Simulation import Process, Simulation, hold, passivate  # noqa: E402

import county_office as co  # noqa: E402

# People look at a case again this long after its deadline: the office may have moved it by then.
LOOK_AGAIN = 60


class Deadline(Process):
    """A deadline or warning timer the office armed: fires at its time unless the case moved on."""

    def __init__(self, county):
        Process.__init__(self, name="deadline", sim=county.sim)
        self.office = county.office

    def run(self, case, at, warning):
        yield hold, self, at - self.sim.now()
        self.office.fire_timer(case, at, warning)


class Dispute(Process):
    """One dispute, from its report to its end."""

    def __init__(self, county):
        Process.__init__(self, name="dispute", sim=county.sim)
        self.county = county

    def life(self, where, category):
        people, sim = self.county.people, self.sim
        case = people.arrive(where, category)
        if case is None:
            return
        self.county.disputes[case.id] = self
        while True:
            step, delay = people.plan(case)
            if step is None:
                return  # the case has ended
            due = sim.now() + delay
            # If the office's deadline comes first, look again just after it: the case may have failed
            # by itself and moved up, and people carry on from where it now is.
            if case.deadline is not None and case.deadline + LOOK_AGAIN < due:
                yield hold, self, case.deadline + LOOK_AGAIN - sim.now()
                if people.changed(case):
                    people.observe(case)
                    continue
            yield hold, self, due - sim.now()
            if people.changed(case):
                people.observe(case)
                continue
            waits = people.act(case, step)
            people.observe(case)
            while waits:
                # Every mediator who could take the case is full: wait to be called (People.release).
                yield passivate, self
                if people.changed(case):
                    people.observe(case)
                    break
                waits = people.act(case, "assign")
                people.observe(case)


class Dawn(Process):
    """Midnight: samples the day that ended and brings the disputes of the day that begins. It runs
    before anything else due at midnight (activated with prior=True), as fengqiao draws a day's
    arrivals when the day opens."""

    def __init__(self, county):
        Process.__init__(self, name="dawn", sim=county.sim)
        self.county = county

    def run(self, day, days):
        county = self.county
        if day > 0:
            county.people.end_of_day(day)
        if day < days:
            for at, where, category in county.people.arrivals_for(day):
                dispute = Dispute(county)
                county.sim.activate(dispute, dispute.life(where, category), at=at)
        yield passivate, self  # its work is done


class SimulatedCounty:
    """The SimPy simulation of one county: the office, the people, and the processes."""

    def __init__(self, scenario, county, rules, seed):
        self.sim = Simulation()
        self.sim.initialize()
        self.office = co.Office(county, rules, co.TransitionTable(), self.sim.now, self.arm,
                                county.settings.get("version", "fengqiao-1"))
        self.people = co.People(scenario, county, self.office, random.Random(seed), self.wake)
        self.disputes: dict[int, Dispute] = {}

    def arm(self, case, at, warning):
        timer = Deadline(self)
        self.sim.activate(timer, timer.run(case, at, warning))

    def wake(self, case):
        self.sim.reactivate(self.disputes[case.id])

    def run(self, days):
        for day in range(days + 1):
            dawn = Dawn(self)
            self.sim.activate(dawn, dawn.run(day, days), at=day * co.SECONDS_PER_DAY, prior=True)
        self.sim.simulate(until=days * co.SECONDS_PER_DAY)
        return self.people.summary(days)


def main() -> int:
    return co.run_peer(SimulatedCounty, "SimPy " + simpy_version(), __doc__)


def simpy_version() -> str:
    try:
        from importlib.metadata import version
        return version("SimPy")
    except Exception:  # noqa: BLE001 - the version only labels the output
        return "2"


if __name__ == "__main__":
    sys.exit(main())
