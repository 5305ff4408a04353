// The engine as the Python module holds it: the C++ Engine plus what Python needs next to it (the
// journal object, listeners written in Python, whether any policy is written in Python).
#pragma once

#include <memory>
#include <vector>

#include "bindings.hpp"

namespace fengqiao::python {

/// A listener whose callbacks are Python callables (any of them may be None).
class PyListener final : public Listener {
public:
    /// Callback names, in the order of the members below.
    static constexpr std::array<const char*, 6> events{"on_transition",     "on_escalation", "on_deadline_warning",
                                                       "on_deadline_expired", "on_red_risk",  "on_refused"};
    /// One callable (or None) per event.
    std::array<py::object, 6> callbacks;
    /// The Python Engine it is subscribed to (a weak reference, so a subscription never keeps an engine).
    py::object engine;
    /// True until unsubscribed.
    bool active = true;

    /// Releases the callables with the GIL held.
    ~PyListener() override;

    void on_transition(const Case& c, const JournalRecord& record) override;
    void on_escalation(const Case& c, const JournalRecord& record) override;
    void on_deadline_warning(const Case& c, TimePoint due) override;
    void on_deadline_expired(const Case& c, const JournalRecord& record) override;
    void on_red_risk(const Case& c, const JournalRecord& record) override;
    void on_refused(const JournalRecord& record) override;
};

/// The Python Engine.
class PyEngine {
public:
    /// An engine over copies of @p tree and @p roster.
    PyEngine(JurisdictionTree tree, Roster roster, PolicySet policies, std::shared_ptr<Journal> store,
             std::shared_ptr<Clock> clock)
        : engine(std::move(tree), std::move(roster), std::move(policies), EngineOptions{std::move(clock), store}),
          journal(std::move(store)),
          python_policies(involves_python(engine.policies())) {
        engine_owned().insert(&engine.jurisdictions());
        engine_owned().insert(&engine.roster());
    }
    /// Takes over @p built (an engine a County built, say), which writes to @p store.
    PyEngine(Engine built, std::shared_ptr<Journal> store)
        : engine(std::move(built)), journal(std::move(store)), python_policies(involves_python(engine.policies())) {
        engine_owned().insert(&engine.jurisdictions());
        engine_owned().insert(&engine.roster());
    }
    PyEngine(const PyEngine&) = delete;
    PyEngine& operator=(const PyEngine&) = delete;
    ~PyEngine() {
        engine_owned().erase(&engine.jurisdictions());
        engine_owned().erase(&engine.roster());
    }

    Engine engine;                     ///< the engine itself
    std::shared_ptr<Journal> journal;  ///< the journal it writes (shared with Python)
    std::vector<std::shared_ptr<PyListener>> listeners;  ///< subscribed Python listeners
    bool python_policies = false;      ///< some policy is a Python subclass: calls must hold the GIL
    bool busy = false;                 ///< a batch runs on it without the GIL (read and written under the GIL)
    /// Actor and jurisdiction codes already resolved by the per-command methods (str -> int id). Actors
    /// and jurisdictions are only ever added and a code names one of them for good, so an entry never
    /// goes stale; only codes that were found are kept. Holds only str and int, so it cannot form a cycle.
    py::dict actor_codes, place_codes;

    /// The engine, for reading. Refuses while another thread runs a batch on it: the engine is single
    /// writer, and a batch that released the GIL must not be read half done.
    [[nodiscard]] const Engine& use() const {
        if (busy) throw_busy();
        return engine;
    }
    /// The engine, for a call that changes it. Refuses as use() does, and while one of this engine's
    /// own Python policies is deciding: a policy runs in the middle of a command, which must finish
    /// before the next one starts.
    Engine& writable() {
        if (busy) throw_busy();
        for (const EngineCall* c = current_engine_call(); c != nullptr; c = c->previous) {
            if (c->tree == &engine.jurisdictions() && c->in_policy) {
                throw py::value_error(
                    "a policy may not change the engine that consults it (commands, clock, actors, policies); "
                    "it can read the case, tree, roster and workload it is given");
            }
        }
        return engine;
    }

    /// True if a call may run without the GIL: no Python policy and no Python listener can be reached.
    [[nodiscard]] bool gil_free() const noexcept { return !python_policies && listeners.empty(); }

    [[noreturn]] static void throw_busy() {
        PyErr_SetString(PyExc_RuntimeError,
                        "the engine is busy with a call in another thread (a batch or a table); an engine takes "
                        "one call at a time");
        throw py::error_already_set();
    }

    /// Marks the engine busy while a call runs on it without the GIL; cleared once the GIL is back
    /// (declare it before the gil_scoped_release).
    class Busy {
    public:
        /// Marks @p e busy.
        explicit Busy(PyEngine& e) noexcept : e_(e) { e_.busy = true; }
        Busy(const Busy&) = delete;
        Busy& operator=(const Busy&) = delete;
        /// Clears the mark.
        ~Busy() { e_.busy = false; }

    private:
        PyEngine& e_;
    };

    /// Runs @p f, a long call that changes the engine: without the GIL when no Python code can be
    /// reached (other threads run meanwhile, and this engine refuses them until @p f returns), else as
    /// run() does. Returns whether the GIL was released.
    template <class F>
    bool run_released(F&& f) {
        (void)writable();
        if (!gil_free()) {
            run(f);
            return false;
        }
        const Busy mark(*this);
        py::gil_scoped_release release;
        f();
        return true;
    }

    /// Runs @p f with this engine marked as the current one (for Python policies).
    template <class F>
    decltype(auto) run(F&& f) {
        if (!python_policies) return f();
        py::handle self = py::detail::get_object_handle(this, py::detail::get_type_info(typeid(PyEngine)));
        EngineCallScope scope(self, engine.jurisdictions(), engine.roster());
        return f();
    }
};

}  // namespace fengqiao::python
