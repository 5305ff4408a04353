"""An engine whose listeners refer back to it is freed by the garbage collector like any Python object."""

import gc
import weakref

import fengqiao as fq
from conftest import report


def test_a_closure_over_the_engine_does_not_keep_it_alive(small):
    engine = small.engine()
    seen = []
    engine.subscribe(on_transition=lambda case, record: seen.append(len(engine)))
    report(engine, small)
    assert seen == [1]
    alive = weakref.ref(engine)
    del engine
    gc.collect()
    assert alive() is None


def test_a_subscription_outliving_its_engine_is_inert(small):
    engine = small.engine()
    subscription = engine.subscribe(on_transition=lambda case, record: engine)
    del engine
    gc.collect()
    subscription.cancel()
    assert not subscription.active


def test_a_listener_object_holding_the_engine_is_collected_with_it(small):
    class Watcher(fq.Listener):
        def __init__(self, engine):
            self.engine = engine
            self.count = 0

        def on_transition(self, case, record):
            self.count += 1

    engine = small.engine()
    watcher = Watcher(engine)
    engine.subscribe(watcher)
    report(engine, small)
    watcher_alive, engine_alive = weakref.ref(watcher), weakref.ref(engine)
    del watcher, engine
    gc.collect()
    assert watcher_alive() is None and engine_alive() is None
