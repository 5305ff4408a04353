// The engine: construction (memory or SQLite journal, virtual or wall clock), one method per command,
// reading cases and their history, queries, statistics, listeners and the clock.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine.hpp"

namespace fengqiao::python {

std::unordered_set<const void*>& engine_owned() {
    static std::unordered_set<const void*> parts;
    return parts;
}

void refuse_if_engine_owned(const void* part, const char* what) {
    if (engine_owned().count(part) == 0) return;
    throw py::value_error(std::string("this ") + what +
                          " belongs to an engine and does not change behind its back: add actors with "
                          "Engine.add_actor() (jurisdictions are fixed once an engine runs)");
}

namespace {

using RequestId = std::optional<std::string>;

std::string type_name(py::handle h) { return py::str(py::type::of(h).attr("__name__")); }

// --- listeners ---------------------------------------------------------------------------------------

template <class... Args>
void call(const py::object& f, Args&&... args) {
    if (!f) return;
    py::gil_scoped_acquire gil;
    f(std::forward<Args>(args)...);
}

py::object listener_base() {
    static py::object* base = new py::object(py::module_::import("fengqiao._listener").attr("Listener"));
    return *base;
}

std::shared_ptr<PyListener> make_listener(const py::object& listener, const py::kwargs& kw) {
    auto l = std::make_shared<PyListener>();
    for (std::size_t i = 0; i < PyListener::events.size(); ++i) {
        const char* name = PyListener::events[i];
        py::object f;
        if (!listener.is_none()) {
            // Methods the object inherits unchanged from fengqiao.Listener do nothing: skip them.
            py::object own = py::getattr(py::type::of(listener), name, py::none());
            py::object base = py::getattr(listener_base(), name, py::none());
            if (!own.is_none() && !own.is(base)) f = py::getattr(listener, name);
        }
        if (kw.contains(name)) {
            if (f) throw py::type_error(std::string("subscribe() got ") + name + " both from the listener and as a keyword");
            f = kw[name];
        }
        if (f && !f.is_none()) {
            if (!PyCallable_Check(f.ptr())) {
                throw py::type_error(std::string(name) + " must be callable, got " + type_name(f));
            }
            l->callbacks[i] = f;
        }
    }
    for (auto item : kw) {
        const auto key = item.first.cast<std::string>();
        bool known = false;
        for (const char* name : PyListener::events) known = known || key == name;
        if (!known) {
            throw py::type_error("subscribe() got an unexpected keyword '" + key +
                                 "' (events: on_transition, on_escalation, on_deadline_warning, "
                                 "on_deadline_expired, on_red_risk, on_refused)");
        }
    }
    bool any = false;
    for (const auto& f : l->callbacks) any = any || static_cast<bool>(f);
    if (!any) {
        throw py::type_error("subscribe() needs a Listener (an object with on_transition, ... methods) or at least "
                             "one callback keyword such as on_transition=")
        ;
    }
    return l;
}

void unsubscribe(PyEngine& e, PyListener& l) {
    if (!l.active) return;
    e.writable().unsubscribe(&l);
    l.active = false;
    auto& v = e.listeners;
    v.erase(std::remove_if(v.begin(), v.end(), [&l](const auto& p) { return p.get() == &l; }), v.end());
}

// --- construction ---------------------------------------------------------------------------------------

std::shared_ptr<Journal> journal_from(const py::object& journal) {
    if (journal.is_none()) return std::make_shared<MemoryJournal>();
    if (py::isinstance<Journal>(journal)) return journal.cast<std::shared_ptr<Journal>>();
    py::object os = py::module_::import("os");
    if (PyUnicode_Check(journal.ptr()) || PyBytes_Check(journal.ptr()) || py::isinstance(journal, os.attr("PathLike"))) {
        return std::make_shared<SqliteJournal>(path_text(journal));
    }
    throw py::type_error("journal must be None (in memory), a path to a SQLite file, or a Journal, got " +
                         type_name(journal));
}

std::shared_ptr<Clock> clock_from(const py::object& clock, const py::object& start) {
    if (clock.is_none() || (PyUnicode_Check(clock.ptr()) && clock.cast<std::string>() == "virtual")) {
        return std::make_shared<VirtualClock>(start.is_none() ? VirtualClock::default_start() : from_datetime(start));
    }
    if (PyUnicode_Check(clock.ptr()) && clock.cast<std::string>() == "system") {
        if (!start.is_none()) throw py::value_error("start= sets a virtual clock; the system clock starts at now");
        return std::make_shared<SystemClock>();
    }
    throw py::value_error("clock must be 'virtual' (the default) or 'system', got " + py::repr(clock).cast<std::string>());
}

PolicySet policies_from(const py::object& policies) {
    if (policies.is_none()) return PolicySet::minimal();
    if (py::isinstance<PolicySet>(policies)) return policies.cast<PolicySet>();
    throw py::type_error("policies must be a PolicySet, got " + type_name(policies));
}

std::unique_ptr<PyEngine> make_engine(JurisdictionTree tree, Roster roster, const py::object& policies,
                                      const py::object& journal, const py::object& clock, const py::object& start) {
    const PolicySet p = policies_from(policies);
    return std::make_unique<PyEngine>(std::move(tree), std::move(roster), owned_policies(p), journal_from(journal),
                                      clock_from(clock, start));
}

// --- commands ------------------------------------------------------------------------------------------

Receipt submit(PyEngine& e, CaseId id, const ActorRef& actor, Command command, const RequestId& request_id) {
    const ActorId who = resolve(e.use().roster(), actor);
    Result<Receipt> r = e.run([&] { return e.writable().submit(id, who, std::move(command), request_id.value_or(std::string{})); });
    if (!r.ok()) raise_rejected(r.error());
    return *std::move(r);
}

CaseQuery query_from(const PyEngine& e, std::optional<State> state, const PlaceRef& within,
                     std::optional<Category> category, std::optional<RiskGrade> min_risk, bool open_only,
                     bool overdue_only) {
    CaseQuery q;
    q.state = state;
    if (!within.code.empty() || within.id.valid()) q.within = resolve(e.use().jurisdictions(), within);
    q.category = category;
    q.min_risk = min_risk;
    q.open_only = open_only;
    q.overdue_only = overdue_only;
    return q;
}

template <class E, std::size_t N>
py::dict counts(const std::array<std::size_t, N>& values) {
    py::dict out;
    for (std::size_t i = 0; i < N; ++i) out[enum_member(static_cast<E>(i))] = values[i];
    return out;
}

// A command object given to submit() or in a batch (@p what names the argument); anything else is a
// TypeError that says what was expected, and, for a command's name given as text, how to issue it.
Command command_from(py::handle obj, const std::string& what) {
    // None would load as a null command object and fail later with a reference error: refused here.
    if (!obj.is_none()) {
        try {
            return obj.cast<Command>();
        } catch (const py::cast_error&) {
            // Not a command object: refused below.
        }
    }
    std::string msg = what + " must be a command object such as fengqiao.Accept() or fengqiao.Refer(route=...), not " +
                      type_name(obj);
    if (py::isinstance<py::str>(obj)) {
        const auto name = obj.cast<std::string>();
        msg += " " + static_cast<std::string>(py::repr(obj));
        const auto kind = parse_enum<CommandKind>(name);
        if (kind && !engine_only(*kind) && *kind != CommandKind::report) {
            msg += "; or call engine." + name + "(case_id, actor, ...)";
        }
    }
    throw py::type_error(msg);
}

Request request_from(const PyEngine& e, py::handle item, std::size_t index) {
    if (py::isinstance<Request>(item)) return item.cast<Request>();
    if (py::isinstance<py::tuple>(item) || py::isinstance<py::list>(item)) {
        auto t = py::reinterpret_borrow<py::sequence>(item);
        if (t.size() != 3 && t.size() != 4) {
            throw py::type_error("submit_batch() request " + std::to_string(index) +
                                 ": a request tuple is (case_id, actor, command) or (case_id, actor, command, "
                                 "request_id), this one has " + std::to_string(t.size()) + " items");
        }
        Request r;
        r.case_id = t[0].cast<CaseId>();
        r.actor = resolve(e.use().roster(), t[1].cast<ActorRef>());
        r.command = command_from(t[2], "submit_batch() request " + std::to_string(index) + ": its command");
        if (t.size() == 4 && !t[3].is_none()) r.request_id = t[3].cast<std::string>();
        return r;
    }
    throw py::type_error("submit_batch() request " + std::to_string(index) +
                         ": expected a Request object or a (case_id, actor, command) tuple, got " + type_name(item));
}

PyEngine* engine_in(PyObject* self) {
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    auto vh = inst->get_value_and_holder();
    return vh.holder_constructed() ? vh.value_ptr<PyEngine>() : nullptr;
}

int traverse_engine(PyObject* self, visitproc visit, void* arg) {
    Py_VISIT(Py_TYPE(self));  // heap types own a reference to their type
    const PyEngine* e = engine_in(self);
    if (e == nullptr) return 0;
    for (const auto& l : e->listeners) {
        for (const auto& f : l->callbacks) Py_VISIT(f.ptr());
    }
    return visit_python_policies(e->engine.policies(), visit, arg);
}

int clear_engine(PyObject* self) {
    PyEngine* e = engine_in(self);
    if (e == nullptr) return 0;
    for (const auto& l : std::vector<std::shared_ptr<PyListener>>(e->listeners)) unsubscribe(*e, *l);
    if (e->python_policies) {
        e->engine.set_policies(without_python_policies(e->engine.policies()));
        e->python_policies = false;
    }
    return 0;
}

void dealloc_engine(PyObject* self) {
    // Untracked first: the engine's destructor releases Python objects, which may start a collection
    // that must not traverse an engine half destroyed.
    PyObject_GC_UnTrack(self);
    py::detail::pybind11_object_dealloc(self);
}

void collectable_engine(PyHeapTypeObject* heap_type) {
    PyTypeObject* type = &heap_type->ht_type;
    type->tp_flags |= Py_TPFLAGS_HAVE_GC;
    type->tp_traverse = &traverse_engine;
    type->tp_clear = &clear_engine;
    type->tp_dealloc = &dealloc_engine;
}

}  // namespace

std::string path_text(const py::handle& path) {
    // fsdecode, not fspath: a bytes path is a file name in the file system's encoding, not "b'...'".
    return py::module_::import("os").attr("fsdecode")(path).cast<std::string>();
}

PyListener::~PyListener() {
    if (!Py_IsInitialized()) {
        // The interpreter is gone and took the callables with it; never touch them.
        for (auto& f : callbacks) (void)f.release();
        (void)engine.release();
        return;
    }
    py::gil_scoped_acquire gil;
    for (auto& f : callbacks) f = py::object();
    engine = py::object();
}

void PyListener::on_transition(const Case& c, const JournalRecord& record) { call(callbacks[0], c, record); }
void PyListener::on_escalation(const Case& c, const JournalRecord& record) { call(callbacks[1], c, record); }
void PyListener::on_deadline_warning(const Case& c, TimePoint due) { call(callbacks[2], c, due); }
void PyListener::on_deadline_expired(const Case& c, const JournalRecord& record) { call(callbacks[3], c, record); }
void PyListener::on_red_risk(const Case& c, const JournalRecord& record) { call(callbacks[4], c, record); }
void PyListener::on_refused(const JournalRecord& record) { call(callbacks[5], record); }

void register_engine(py::module_& m) {
    py::class_<Request>(m, "Request", "A command addressed to a case by an actor, for Engine.submit_batch().")
        .def(py::init([](CaseId case_id, ActorId actor, Command command, std::string request_id) {
                 return Request{case_id, actor, std::move(command), std::move(request_id)};
             }),
             py::arg("case_id"), py::arg("actor"), py::arg("command"), py::arg("request_id") = "",
             "A request; `case_id` is ignored (None) for a Report.")
        .def_readwrite("case_id", &Request::case_id, "The case (ignored for a Report).")
        .def_readwrite("actor", &Request::actor, "Who issues it (an id).")
        .def_readwrite("command", &Request::command, "What.")
        .def_readwrite("request_id", &Request::request_id, "If set, a repeat with the same id returns the first receipt.");

    py::class_<Statistics>(m, "Statistics", "Counts over all cases, computed from the engine's primary state.")
        .def_readonly("cases", &Statistics::cases, "Cases reported.")
        .def_readonly("open", &Statistics::open, "Cases not in a final state.")
        .def_readonly("overdue", &Statistics::overdue, "Open cases past a deadline or marked overdue.")
        .def_property_readonly("by_state", [](const Statistics& s) { return counts<State>(s.by_state); },
                               "Cases per State (a dict with every state).")
        .def_property_readonly("by_outcome", [](const Statistics& s) { return counts<Outcome>(s.by_outcome); },
                               "Cases per Outcome (a dict with every outcome).")
        .def_property_readonly("resolved_by_tier", [](const Statistics& s) { return counts<Tier>(s.resolved_by_tier); },
                               "Cases resolved by mediation, by the Tier where they were resolved.")
        .def_property_readonly("referred_by_route",
                               [](const Statistics& s) { return counts<ReferralRoute>(s.referred_by_route); },
                               "Cases ever referred out, by ReferralRoute.")
        .def_property_readonly("resolved_at_or_below_township", &Statistics::resolved_at_or_below_township,
                               "The headline figure: of the cases that ended on their merits, the share resolved by "
                               "mediation at village or township level (0.0 when nothing has ended).")
        .def("__repr__", [](const Statistics& s) {
            std::ostringstream out;
            out << "Statistics(cases=" << s.cases << ", open=" << s.open << ", overdue=" << s.overdue
                << ", resolved_at_or_below_township=" << s.resolved_at_or_below_township() << ")";
            return out.str();
        });

    py::class_<PyListener, std::shared_ptr<PyListener>>(m, "Subscription",
                                                         "A listener subscribed to an engine; cancel() removes it.")
        .def_property_readonly("active", [](const PyListener& l) { return l.active; }, "True until cancelled.")
        .def(
            "cancel",
            [](PyListener& l) {
                if (!l.active) return;
                py::object e = l.engine ? l.engine() : py::object(py::none());
                if (!e.is_none()) unsubscribe(e.cast<PyEngine&>(), l);
                l.active = false;
            },
            "Stops the notifications (does nothing if already cancelled or the engine is gone).");

    // The engine owns Python objects (listener callbacks, Python policies) that may refer back to it, as a
    // closure over the engine does: it reports them to the garbage collector so such cycles are freed.
    py::class_<PyEngine> cls(m, "Engine", py::custom_type_setup(&collectable_engine),
                             "Runs cases through the lifecycle on one clock: consults the policies, appends every "
                             "decision to the journal, fires deadlines, answers queries. Single writer: use one "
                             "engine from one thread at a time.");
    cls.def(py::init([](const JurisdictionTree& tree, const Roster& roster, const py::object& policies,
                        const py::object& journal, const py::object& clock, const py::object& start) {
                return make_engine(tree, roster, policies, journal, clock, start);
            }),
            py::arg("jurisdictions"), py::arg("roster"), py::arg("policies") = py::none(), py::kw_only(),
            py::arg("journal") = py::none(), py::arg("clock") = py::none(), py::arg("start") = py::none(),
            "An engine over copies of `jurisdictions` and `roster` with `policies` (PolicySet.minimal() if None). "
            "`journal`: None keeps it in memory; a path opens (or creates) a SQLite journal and recovers the cases "
            "it holds; or a Journal object. `clock`: 'virtual' (default; starts at `start`, by default "
            "2025-01-01 00:00 +08:00, and moves only with advance()) or 'system' (wall time).");

    // Commands: report() and one method per command (accept(), refer(), ...) are in
    // register_command_methods.cpp; submit() takes any command object.
    const auto rid = py::arg("request_id") = py::none();
    cls.def("submit", [](PyEngine& e, CaseId id, const ActorRef& a, const py::object& command, const RequestId& r) {
                Command c = command_from(command, "submit() argument 'command'");
                if (id.valid() && std::holds_alternative<Report>(c)) {
                    throw py::value_error("submit() argument 'case_id': a Report makes a new case and names none; "
                                          "give case_id=None, got " + std::to_string(id.value()));
                }
                return submit(e, id, a, std::move(c), r);
            },
            py::arg("case_id"), py::arg("actor"), py::arg("command"), py::kw_only(), rid,
            "Applies any command object (Accept(), Refer(route=...), Report(...) with case_id None, ...). Raises "
            "fengqiao.CommandRejected (or NotAuthorized) if the engine refuses it.");
    cls.def(
        "submit_batch",
        [](PyEngine& e, const py::iterable& requests) {
            std::vector<Request> batch;
            for (py::handle item : requests) batch.push_back(request_from(e, item, batch.size()));
            std::vector<Result<Receipt>> results = e.run([&] { return e.writable().submit_batch(batch); });
            py::list out;
            for (auto& r : results) {
                if (r.ok()) {
                    out.append(py::cast(*r));
                    continue;
                }
                try {
                    raise_rejected(r.error());
                } catch (py::error_already_set& x) {
                    out.append(x.value());
                }
            }
            return out;
        },
        py::arg("requests"),
        "Applies Request objects (or (case_id, actor, command[, request_id]) tuples) in order and commits them "
        "together. Returns one item per request: its Receipt, or the CommandRejected it would have raised (not "
        "raised: a refused request does not stop the rest).");

    // Reading cases.
    cls.def("__len__", [](const PyEngine& e) { return e.use().size(); }, "Number of cases.");
    // The readers below take a case that exists: None (the none id) is a wrong argument, not an unknown case.
    cls.def("case", [](const PyEngine& e, CaseId id) { return e.use().at(given_case(id, "case")); }, py::arg("case_id"),
            "A snapshot of case `case_id`; raises fengqiao.NotFound if there is none.");
    cls.def("cases", [](const PyEngine& e) { return e.use().cases(); },
            "Snapshots of every case in id order (for many cases, cases_frame() is much faster).");
    cls.def("file", [](const PyEngine& e, CaseId id) { return e.use().file(given_case(id, "file")); },
            py::arg("case_id"), "The free text of a case: parties, summary, latest agreement.");
    cls.def("history", [](const PyEngine& e, CaseId id) {
                (void)e.use().at(given_case(id, "history"));
                return e.use().history(id);
            },
            py::arg("case_id"), "The journal records of a case, oldest first.");
    cls.def("policy_version", [](const PyEngine& e, CaseId id) {
                return e.use().policy_version(e.use().at(given_case(id, "policy_version")));
            },
            py::arg("case_id"), "The policy-set version the case was reported under.");
    cls.def("open_cases_of", [](const PyEngine& e, const ActorRef& a) {
                return e.use().open_cases_of(e.use().roster().at(resolve(e.use().roster(), a)).id);
            },
            py::arg("actor"), "Open cases assigned to an actor.");
    cls.def(
        "query",
        [](const PyEngine& e, std::optional<State> state, const PlaceRef& within, std::optional<Category> category,
           std::optional<RiskGrade> min_risk, bool open_only, bool overdue_only) {
            return e.use().query(query_from(e, state, within, category, min_risk, open_only, overdue_only));
        },
        py::kw_only(), py::arg("state") = py::none(), py::arg("within") = py::none(), py::arg("category") = py::none(),
        py::arg("min_risk") = py::none(), py::arg("open_only") = false, py::arg("overdue_only") = false,
        "Ids of the cases matching every filter given, in id order: in `state`, handled `within` a jurisdiction "
        "(id or code) or below it, of `category`, at `min_risk` or higher, still open, overdue.");
    cls.def(
        "count",
        [](const PyEngine& e, std::optional<State> state, const PlaceRef& within, std::optional<Category> category,
           std::optional<RiskGrade> min_risk, bool open_only, bool overdue_only) {
            return e.use().count(query_from(e, state, within, category, min_risk, open_only, overdue_only));
        },
        py::kw_only(), py::arg("state") = py::none(), py::arg("within") = py::none(), py::arg("category") = py::none(),
        py::arg("min_risk") = py::none(), py::arg("open_only") = false, py::arg("overdue_only") = false,
        "How many cases query() with the same filters would return.");
    cls.def("statistics", [](const PyEngine& e) { return e.use().statistics(); },
            "Counts over all cases: by state, outcome, resolving tier and referral route, and the share resolved "
            "at or below township level.");

    // The county, the roster and the policies.
    cls.def_property_readonly("jurisdictions", [](const PyEngine& e) -> const JurisdictionTree& { return e.use().jurisdictions(); },
                              py::return_value_policy::reference_internal, "The jurisdiction tree (read only).");
    cls.def_property_readonly("roster", [](const PyEngine& e) -> const Roster& { return e.use().roster(); },
                              py::return_value_policy::reference_internal, "The roster of actors (read only; see add_actor()).");
    cls.def(
        "add_actor",
        [](PyEngine& e, std::string name, Role role, const PlaceRef& jurisdiction, std::string code,
           std::optional<CategorySet> specialties, long long capacity, bool body) {
            Actor a;
            a.name = std::move(name);
            a.role = role;
            a.jurisdiction = resolve(e.use().jurisdictions(), jurisdiction);
            a.code = std::move(code);
            a.specialties = specialties ? *specialties : CategorySet::all();
            a.capacity = count_arg(capacity, "capacity");
            a.body = body;
            return e.writable().add_actor(std::move(a));
        },
        py::arg("name"), py::arg("role"), py::arg("jurisdiction"), py::kw_only(), py::arg("code") = "",
        py::arg("specialties") = py::none(), py::arg("capacity") = 0, py::arg("body") = false,
        "Registers another actor (a new mediator, say) at `jurisdiction` (id or code) and returns its id. The "
        "actor lives in this engine's roster only: a SQLite store whose records name it is read again only with "
        "a county file that lists it too, appended after its other actors (docs/durability.md).");
    cls.def_property_readonly("policies", [](const PyEngine& e) { return owned_policies(e.use().policies()); },
                              "A copy of the policies in force (change it and pass it to set_policies()).");
    cls.def(
        "set_policies",
        [](PyEngine& e, const PolicySet& p) {
            e.writable().set_policies(owned_policies(p));
            e.python_policies = involves_python(e.use().policies());
        },
        py::arg("policies"), "Replaces the policies; cases reported from now on record the new version.");
    cls.def_property_readonly("journal", [](const PyEngine& e) { return e.journal; }, "The journal the engine writes.");
    cls.def(
        "replay",
        [](PyEngine& e, const Journal& source) { e.run_released([&] { e.engine.replay(source); }); }, py::arg("source"),
        "Applies every record of `source` to this engine, which must have no cases. Raises "
        "fengqiao.JournalCorrupt naming the first record that does not fit.");

    // Time.
    cls.def_property_readonly("now", [](const PyEngine& e) { return e.use().now(); }, "The engine's clock reading.");
    cls.def_property_readonly("clock_is_virtual", [](PyEngine& e) { return (void)e.use(), e.engine.clock().is_virtual(); },
                              "True for a virtual clock (moved by advance()), False for wall time.");
    cls.def(
        "advance",
        [](PyEngine& e, const py::object& delta, double days, double hours, double minutes, double seconds) {
            Duration d{0};
            if (!delta.is_none()) {
                d = from_timedelta(delta);
                if (delta.attr("microseconds").cast<long>() != 0) {
                    throw py::value_error("advance() moves the clock by whole seconds (the engine's clock counts "
                                          "seconds), got a timedelta of " + std::string(py::str(delta)) + "; round it");
                }
            }
            const double extra = ((days * 24 + hours) * 60 + minutes) * 60 + seconds;
            if (!std::isfinite(extra)) throw py::value_error("advance() needs a finite duration, got " + std::to_string(extra));
            // Whole seconds, give or take the rounding of days=0.1 and the like.
            if (std::abs(extra - std::round(extra)) > 1e-6) {
                throw py::value_error("advance() moves the clock by whole seconds (the engine's clock counts seconds), "
                                      "got " + std::to_string(extra) + " s; round it (advance(seconds=round(x)))");
            }
            if (extra < 0 || (!delta.is_none() && d.count() < 0)) {
                throw py::value_error("advance() moves the clock forward; got a negative duration");
            }
            if (extra > 4e11) {  // more than 10,000 years: no calendar goes that far
                throw py::value_error("advance() by " + std::to_string(extra) + " s goes past the year 9999");
            }
            d += Duration(static_cast<std::int64_t>(std::llround(extra)));
            e.run_released([&] { e.engine.advance(d); });
        },
        py::arg("delta") = py::none(), py::kw_only(), py::arg("days") = 0.0, py::arg("hours") = 0.0,
        py::arg("minutes") = 0.0, py::arg("seconds") = 0.0,
        "Moves a virtual clock forward by `delta` (a timedelta) plus days/hours/minutes/seconds, firing every "
        "deadline and warning on the way. The clock counts whole seconds: a duration with a fraction of a second "
        "raises ValueError.");
    cls.def(
        "advance_to",
        [](PyEngine& e, const py::object& time) {
            if (time.is_none()) {
                throw py::type_error("advance_to() argument 'time': expected a datetime, date or ISO string, got None");
            }
            const TimePoint t = time.cast<TimePoint>();
            e.run_released([&] { e.engine.advance_to(t); });
        },
        py::arg("time"),
        "Moves a virtual clock to `time` (a datetime, date or ISO string), firing every due timer in order. Raises "
        "fengqiao.InvalidArgument for a wall clock or a time in the past.");
    cls.def(
        "run_due_timers",
        [](PyEngine& e) {
            std::size_t fired = 0;
            e.run_released([&] { fired = e.engine.run_due_timers(); });
            return fired;
        },
        "Fires every timer due now (for wall clocks: call it periodically). Returns how many fired.");
    cls.def_property_readonly("pending_timers", [](const PyEngine& e) { return e.use().pending_timers(); },
                              "Timers waiting to fire (including stale ones, skipped when reached).");

    // Listeners.
    cls.def(
        "subscribe",
        [](py::object self, const py::object& listener, const py::kwargs& kw) {
            PyEngine& e = self.cast<PyEngine&>();
            auto l = make_listener(listener, kw);
            l->engine = py::weakref(self);
            e.writable().subscribe(l);
            e.listeners.push_back(l);
            return l;
        },
        py::arg("listener") = py::none(),
        "Calls Python back after each stored change. Give a fengqiao.Listener (any object with on_transition, "
        "on_escalation, on_deadline_warning, on_deadline_expired, on_red_risk, on_refused methods), or the "
        "callbacks as keywords. Returns a Subscription; an exception raised by a callback propagates to the "
        "call that caused it (the change is already stored).");
    cls.def("unsubscribe", [](PyEngine& e, PyListener& l) { unsubscribe(e, l); }, py::arg("subscription"),
            "Stops a subscription (same as subscription.cancel()).");

    cls.def("__repr__", [](const PyEngine& e) {
        return "Engine(" + std::to_string(e.use().size()) + " cases, " +
               std::to_string(e.use().jurisdictions().size()) + " jurisdictions, " +
               std::to_string(e.use().roster().size()) + " actors, now " +
               std::string(py::str(to_datetime(e.use().now()).attr("isoformat")())) + ")";  // +08:00, as every time
    });

    // County.engine(): the usual way in for a county file.
    py::reinterpret_borrow<py::class_<County>>(m.attr("County"))
        .def(
            "engine",
            [](const County& c, const py::object& policies, const py::object& journal, const py::object& clock,
               const py::object& start) {
                // County::engine() binds a SQLite journal to the county (and adds the mediators a
                // simulation recorded); the policies and the clock are checked before it touches the store.
                County with = c;
                with.policy_set = owned_policies(policies_from(policies.is_none() ? py::cast(c.policies()) : policies));
                std::shared_ptr<Clock> time = clock_from(clock, start);
                std::shared_ptr<Journal> store = journal_from(journal);
                auto engine = std::make_unique<PyEngine>(with.engine({std::move(time), store}), store);
                // A store of records written without a county (by Engine(tree, roster, ...)) cannot be
                // checked: its ids are read as this county's. Said, as `fengqiao stats` says it.
                if (const auto* sqlite = dynamic_cast<const SqliteJournal*>(store.get());
                    sqlite != nullptr && sqlite->size() != 0 && sqlite->attribute(county_attribute).empty()) {
                    const std::string message = "journal '" + sqlite->path() +
                                                "' records no county (it was written by an engine built without "
                                                "one), so nothing shows it belongs to " +
                                                county_identity(c) + "; its ids are read as this county's";
                    if (PyErr_WarnEx(PyExc_UserWarning, message.c_str(), 1) != 0) throw py::error_already_set();
                }
                return engine;
            },
            py::kw_only(), py::arg("policies") = py::none(), py::arg("journal") = py::none(),
            py::arg("clock") = py::none(), py::arg("start") = py::none(),
            "An engine over this county with its configured policies (or `policies`); `journal`, `clock` and "
            "`start` as for Engine(). A SQLite journal is checked against the county: a new one records it, one "
            "written for another county is refused (InvalidArgument, naming both), one written for this county "
            "before actors or places were appended to it is read, and one written by `fengqiao simulate --db` "
            "with extra mediators is read with them in the roster. A store holding records but no county (written "
            "by Engine(tree, roster, journal=...)) is read with a UserWarning: nothing shows whose ids it holds.");
}

}  // namespace fengqiao::python
