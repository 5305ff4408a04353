// The five policy interfaces (subclassable in Python), their decisions, the built-in policies with
// their settings, and PolicySet.
//
// A Python policy handed to a PolicySet is held through a shared_ptr whose deleter owns a reference
// to the Python object, so the object lives exactly as long as some PolicySet (or engine) holds it,
// whatever happens to the Python names bound to it.
#include <limits>

#include "bindings.hpp"

namespace fengqiao::python {

EngineCall*& current_engine_call() {
    thread_local EngineCall* call = nullptr;
    return call;
}

namespace {

// The range a setting takes: the same as in a county file (src/config/county.cpp), which gives amounts
// in whole yuan where these take fen; by default, whatever the C++ type holds.
struct Range {
    long long lo;
    long long hi;
};
template <class T>
constexpr Range whole_range{static_cast<long long>(std::numeric_limits<T>::min()),
                            static_cast<long long>(std::numeric_limits<T>::max())};
constexpr Range days_range{0, 3650};                        // a time limit, an extension, a warning's lead
constexpr Range points_range{0, 100};                       // risk points and grade thresholds, sessions
constexpr Range parties_range{1, 65535};                    // numbers of parties
constexpr Range fen_range{0, 1'000'000'000'000LL * 100};    // amounts: up to a trillion yuan, in fen

// Whole numbers for C++ fields of type T: a float, a bool, a string or a number outside @p range is
// refused with a message naming the class and field, not pybind's list of accepted signatures.
template <class T>
T whole_number(py::handle v, const char* owner, const char* field, Range range = whole_range<T>) {
    if (!is_integer(v)) {
        throw py::type_error(std::string(owner) + "." + field + " must be a whole number, got " +
                             std::string(py::str(py::type::of(v).attr("__name__"))));
    }
    const py::int_ n = py::reinterpret_borrow<py::object>(v);
    const py::int_ lo(range.lo);
    const py::int_ hi(range.hi);
    if (n < lo || n > hi) {
        const auto text = [](py::handle h) { return std::string(py::str(h)); };
        throw py::value_error(std::string(owner) + "." + field + " must be " + text(lo) + " to " + text(hi) +
                              ", got " + text(n));
    }
    return static_cast<T>(n.cast<long long>());
}

// A read-write property for the whole-number field @p field of the class @p cls, checked by
// whole_number() under the class's Python name.
template <class C, class T>
py::class_<C>& whole_number_field(py::class_<C>& cls, const char* name, T C::*field, const char* doc,
                                  Range range = whole_range<T>) {
    std::string owner = py::str(cls.attr("__name__"));
    return cls.def_property(
        name, [field](const C& c) { return static_cast<long long>(c.*field); },
        [field, owner = std::move(owner), name, range](C& c, const py::object& v) {
            c.*field = whole_number<T>(v, owner.c_str(), name, range);
        },
        doc);
}

std::string type_name(py::handle h) { return py::str(py::type::of(h).attr("__name__")); }

// The engine's tree and roster as Python objects that keep the engine alive; copies when a policy is
// called outside any engine.
py::object tree_object(const JurisdictionTree& tree) {
    const EngineCall* call = current_engine_call();
    if (call != nullptr && call->tree == &tree) {
        return py::cast(&tree, py::return_value_policy::reference_internal, call->engine);
    }
    return py::cast(tree);
}

py::object roster_object(const Roster& roster) {
    const EngineCall* call = current_engine_call();
    if (call != nullptr && call->roster == &roster) {
        return py::cast(&roster, py::return_value_policy::reference_internal, call->engine);
    }
    return py::cast(roster);
}

py::object workload_object(const Workload& load) {
    py::object out = py::cast(load);
    // A Workload points into its engine's counters: tie it to the engine so it cannot outlive them.
    if (const EngineCall* call = current_engine_call()) py::detail::keep_alive_impl(out, call->engine);
    return out;
}

// Marks the engine consulting a policy as "in a policy" while its Python code runs, so that code cannot
// issue commands on that engine half-way through one of its commands.
class InPolicy {
public:
    InPolicy() noexcept : call_(current_engine_call()) {
        if (call_ != nullptr) {
            before_ = call_->in_policy;
            call_->in_policy = true;
        }
    }
    InPolicy(const InPolicy&) = delete;
    InPolicy& operator=(const InPolicy&) = delete;
    ~InPolicy() {
        if (call_ != nullptr) call_->in_policy = before_;
    }

private:
    EngineCall* call_;
    bool before_ = false;
};

// The Python override of @p method, or NotImplementedError naming the class and the method.
template <class Base>
py::function override_of(const Base* self, const char* method, const char* interface) {
    py::function f = py::get_override(self, method);
    if (!f) {
        py::handle obj = py::detail::get_object_handle(self, py::detail::get_type_info(typeid(Base)));
        const std::string cls = obj ? type_name(obj) : std::string(interface);
        throw py::type_error(cls + " does not implement " + interface + "." + method + "()");
    }
    return f;
}

[[noreturn]] void wrong_return(const char* interface, const char* method, const char* expected, py::handle got) {
    throw py::type_error(std::string(interface) + "." + method + "() must return " + expected + ", got " +
                         type_name(got));
}

class PyEscalationPolicy final : public EscalationPolicy {
public:
    EscalationDecision decide(const Case& c, Trigger why, const JurisdictionTree& tree) const override {
        py::gil_scoped_acquire gil;
        InPolicy scope;
        py::object r = override_of<EscalationPolicy>(this, "decide", "EscalationPolicy")(c, why, tree_object(tree));
        if (!py::isinstance<EscalationDecision>(r)) {
            wrong_return("EscalationPolicy", "decide", "an EscalationDecision", r);
        }
        return r.cast<EscalationDecision>();
    }
};

class PyAssignmentPolicy final : public AssignmentPolicy {
public:
    Result<Assignment> assign(const Case& c, const JurisdictionTree& tree, const Roster& roster,
                              const Workload& load) const override {
        py::gil_scoped_acquire gil;
        InPolicy scope;
        py::object r = override_of<AssignmentPolicy>(this, "assign", "AssignmentPolicy")(
            c, tree_object(tree), roster_object(roster), workload_object(load));
        if (r.is_none()) return nobody(c, "the assignment policy found nobody to take the case");
        if (!py::isinstance<Assignment>(r)) wrong_return("AssignmentPolicy", "assign", "an Assignment or None", r);
        auto a = r.cast<Assignment>();
        if (a.team.empty()) return nobody(c, a.reason.empty() ? "the assignment policy found nobody" : a.reason);
        return a;
    }

private:
    static Error nobody(const Case& c, std::string why) {
        Error e;
        e.code = ErrorCode::no_eligible_mediator;
        e.case_id = c.id;
        e.message = std::move(why);
        return e;
    }
};

class PyDeadlinePolicy final : public DeadlinePolicy {
public:
    Deadline deadline(const Case& c, TimePoint entered) const override {
        py::gil_scoped_acquire gil;
        InPolicy scope;
        py::object r = override_of<DeadlinePolicy>(this, "deadline", "DeadlinePolicy")(c, entered);
        if (r.is_none()) return {};
        if (!py::isinstance<Deadline>(r)) wrong_return("DeadlinePolicy", "deadline", "a Deadline or None", r);
        return r.cast<Deadline>();
    }
};

class PyRiskPolicy final : public RiskPolicy {
public:
    RiskGrade assess(const Case& c, const Command& command) const override {
        py::gil_scoped_acquire gil;
        InPolicy scope;
        py::object r = override_of<RiskPolicy>(this, "assess", "RiskPolicy")(c, command);
        if (!PyUnicode_Check(r.ptr())) wrong_return("RiskPolicy", "assess", "a RiskGrade", r);
        try {
            return enum_from<RiskGrade>(r);
        } catch (const py::value_error& e) {
            throw py::value_error(std::string("RiskPolicy.assess() returned ") + e.what());
        }
    }
};

class PyAuthorizationPolicy final : public AuthorizationPolicy {
public:
    AuthorizationDecision authorize(const Actor& actor, CommandKind command, const Case* subject, JurisdictionId where,
                                    const JurisdictionTree& tree) const override {
        py::gil_scoped_acquire gil;
        InPolicy scope;
        py::object case_obj = subject ? py::cast(*subject) : py::none();
        py::object r = override_of<AuthorizationPolicy>(this, "authorize", "AuthorizationPolicy")(
            actor, command, case_obj, where, tree_object(tree));
        if (is_bool(r)) {  // True or False, or a NumPy bool
            return PyObject_IsTrue(r.ptr()) == 1 ? AuthorizationDecision::allow()
                                      : AuthorizationDecision::deny("refused by " + type_name(
                                            py::detail::get_object_handle(this, py::detail::get_type_info(
                                                                                    typeid(AuthorizationPolicy)))));
        }
        if (!py::isinstance<AuthorizationDecision>(r)) {
            wrong_return("AuthorizationPolicy", "authorize", "an AuthorizationDecision or a bool", r);
        }
        return r.cast<AuthorizationDecision>();
    }
};

// A shared_ptr for a policy object from Python: the holder itself for a built-in policy, or one whose
// deleter owns a reference to the Python object for a Python subclass.
template <class P, class Trampoline>
std::shared_ptr<const P> hold(py::handle obj, const char* member) {
    if (obj.is_none() || !py::isinstance<P>(obj)) {
        throw py::type_error(std::string("PolicySet.") + member + " must be a fengqiao." +
                             py::str(py::type::of<P>().attr("__name__")).cast<std::string>() +
                             " (a built-in one or a Python subclass), got " + type_name(obj));
    }
    P* raw = obj.cast<P*>();
    if (dynamic_cast<Trampoline*>(raw) == nullptr) return obj.cast<std::shared_ptr<P>>();
    PyObject* keep = obj.ptr();
    Py_INCREF(keep);
    return std::shared_ptr<const P>(raw, [keep](const P*) {
        if (!Py_IsInitialized()) return;  // the interpreter is gone and took the object with it
        py::gil_scoped_acquire gil;
        Py_DECREF(keep);
    });
}

// The Python object of a Python policy (borrowed), or nullptr for a built-in one.
template <class P, class Trampoline>
PyObject* python_object_of(const std::shared_ptr<const P>& p) {
    const auto* t = dynamic_cast<const Trampoline*>(p.get());
    if (t == nullptr) return nullptr;
    return py::detail::get_object_handle(static_cast<const P*>(t), py::detail::get_type_info(typeid(P))).ptr();
}

template <class P, class Trampoline>
std::shared_ptr<const P> own(const std::shared_ptr<const P>& p) {
    PyObject* obj = python_object_of<P, Trampoline>(p);
    return obj == nullptr ? p : hold<P, Trampoline>(obj, "member");
}

template <class P, class Trampoline>
py::object policy_object(const std::shared_ptr<const P>& p) {
    if (!p) return py::none();
    if (dynamic_cast<const Trampoline*>(p.get()) != nullptr) {
        // The Python subclass instance that owns it: pybind11 finds it by address.
        return py::cast(const_cast<P*>(p.get()), py::return_value_policy::reference);
    }
    return py::cast(std::const_pointer_cast<P>(p));
}

template <class P, class Trampoline>
void policy_member(py::class_<PolicySet>& cls, const char* name, std::shared_ptr<const P> PolicySet::*member,
                   const char* doc) {
    cls.def_property(
        name, [member](const PolicySet& s) { return policy_object<P, Trampoline>(s.*member); },
        [member, name](PolicySet& s, py::handle obj) { s.*member = hold<P, Trampoline>(obj, name); }, doc);
}

void set_policy_kwargs(PolicySet& s, const py::kwargs& kw) {
    for (auto item : kw) {
        const auto key = item.first.cast<std::string>();
        if (key == "escalation") s.escalation = hold<EscalationPolicy, PyEscalationPolicy>(item.second, "escalation");
        else if (key == "assignment") s.assignment = hold<AssignmentPolicy, PyAssignmentPolicy>(item.second, "assignment");
        else if (key == "deadline") s.deadline = hold<DeadlinePolicy, PyDeadlinePolicy>(item.second, "deadline");
        else if (key == "risk") s.risk = hold<RiskPolicy, PyRiskPolicy>(item.second, "risk");
        else if (key == "authorization") s.authorization = hold<AuthorizationPolicy, PyAuthorizationPolicy>(item.second, "authorization");
        else if (key == "version") s.version = item.second.cast<std::string>();
        else {
            throw py::type_error("PolicySet has no member '" + key +
                                 "' (members: escalation, assignment, deadline, risk, authorization, version)");
        }
    }
}

py::dict top_routes(const FengqiaoEscalationSettings& s) {
    py::dict out;
    for (auto c : enum_values<Category>()) out[enum_member(c)] = enum_member(s.top_route[static_cast<std::size_t>(c)]);
    return out;
}

void set_top_routes(FengqiaoEscalationSettings& s, const py::dict& routes) {
    for (auto item : routes) {
        s.top_route[static_cast<std::size_t>(enum_from<Category>(item.first))] = enum_from<ReferralRoute>(item.second);
    }
}

void register_decisions(py::module_& m) {
    py::class_<EscalationDecision>(m, "EscalationDecision",
                                   "What an escalation policy decided, and why (the reason lands in the journal).")
        .def(py::init([](EscalationDecision::Kind kind, JurisdictionId target, ReferralRoute route, std::string reason) {
                 return EscalationDecision{kind, target, route, std::move(reason)};
             }),
             py::arg("kind") = EscalationDecision::Kind::stay, py::arg("target") = py::none(),
             py::arg("route") = ReferralRoute::none, py::arg("reason") = "",
             "A decision; prefer the stay(), escalate() and refer() constructors.")
        .def_static("stay", &EscalationDecision::stay, py::arg("reason"), "Keep the case where it is.")
        .def_static("escalate", &EscalationDecision::escalate, py::arg("target"), py::arg("reason"),
                    "Move the case to `target` (an ancestor's id).")
        .def_static("refer", &EscalationDecision::refer, py::arg("route"), py::arg("reason"),
                    "Send the case out along `route`.")
        .def_readwrite("kind", &EscalationDecision::kind, "The answer (EscalationKind).")
        .def_readwrite("target", &EscalationDecision::target, "The ancestor to move to, when kind is escalate.")
        .def_readwrite("route", &EscalationDecision::route, "The route out, when kind is refer.")
        .def_readwrite("reason", &EscalationDecision::reason, "Why, e.g. 'red risk: skip to the county centre'.")
        .def("__repr__", [](const EscalationDecision& d) {
            std::string out = "EscalationDecision." + std::string(to_string(d.kind)) + "(";
            if (d.kind == EscalationDecision::Kind::escalate) out += std::to_string(d.target.value()) + ", ";
            if (d.kind == EscalationDecision::Kind::refer) out += std::string(to_string(d.route)) + ", ";
            return out + py::repr(py::str(d.reason)).cast<std::string>() + ")";
        });

    py::class_<Assignment>(m, "Assignment",
                           "The team an assignment policy picked, and why. An empty team means nobody is eligible; "
                           "the reason then says why.")
        .def(py::init([](Team team, std::string reason) { return Assignment{team, std::move(reason)}; }),
             py::arg("team"), py::arg("reason") = "", "A team of up to four actor ids.")
        .def_static("nobody", [](std::string reason) { return Assignment{Team{}, std::move(reason)}; },
                    py::arg("reason"), "No one can take the case, because of `reason`.")
        .def_readwrite("team", &Assignment::team, "Ids of who mediates (list of int).")
        .def_readwrite("reason", &Assignment::reason, "Why this team (or why nobody).")
        .def("__repr__", [](const Assignment& a) {
            std::string out = "Assignment(team=[";
            for (std::size_t i = 0; i < a.team.size(); ++i) out += (i ? ", " : "") + std::to_string(a.team[i].value());
            return out + "], reason=" + py::repr(py::str(a.reason)).cast<std::string>() + ")";
        });

    py::class_<Workload>(m, "Workload", "How many open cases each actor carries, read from the engine's state.")
        .def("open_cases", &Workload::open_cases, py::arg("actor"), "Open cases the actor is assigned to.");

    py::class_<Deadline>(m, "Deadline", "A time limit: when it expires and when to warn (None: none).")
        .def(py::init([](TimePoint due, TimePoint warn_at) { return Deadline{due, warn_at}; }),
             py::arg("due") = py::none(), py::arg("warn_at") = py::none(), "A limit; both times are optional.")
        .def_readwrite("due", &Deadline::due, "When it expires (None: no limit).")
        .def_readwrite("warn_at", &Deadline::warn_at, "When listeners get a warning (None: no warning).")
        .def("__repr__", [](const Deadline& d) {
            return "Deadline(due=" + std::string(d.due == no_time ? "None" : format_time(d.due)) +
                   ", warn_at=" + std::string(d.warn_at == no_time ? "None" : format_time(d.warn_at)) + ")";
        });

    py::class_<AuthorizationDecision>(m, "AuthorizationDecision", "Whether a command is allowed, and if not, why.")
        .def(py::init([](bool allowed, std::string reason) { return AuthorizationDecision{allowed, std::move(reason)}; }),
             py::arg("allowed") = true, py::arg("reason") = "", "A verdict.")
        .def_static("allow", &AuthorizationDecision::allow, "Allowed.")
        .def_static("deny", &AuthorizationDecision::deny, py::arg("reason"), "Refused because of `reason`.")
        .def_readwrite("allowed", &AuthorizationDecision::allowed, "The verdict.")
        .def_readwrite("reason", &AuthorizationDecision::reason, "Why not (empty when allowed).")
        .def("__bool__", [](const AuthorizationDecision& d) { return d.allowed; }, "The verdict.")
        .def("__repr__", [](const AuthorizationDecision& d) {
            return d.allowed ? std::string("AuthorizationDecision.allow()")
                             : "AuthorizationDecision.deny(" + py::repr(py::str(d.reason)).cast<std::string>() + ")";
        });
}

void register_settings(py::module_& m) {
    using EscalationSettings = FengqiaoEscalationSettings;
    py::class_<EscalationSettings> escalation(m, "FengqiaoEscalationSettings", "Parameters of FengqiaoEscalation.");
    escalation.def(py::init<>(), "The defaults.")
        .def_readwrite("escalate_automatically", &EscalationSettings::escalate_automatically,
                       "Act on a failure or an expired deadline at once, as the system actor.")
        .def_readwrite("red_risk_to_county", &EscalationSettings::red_risk_to_county,
                       "A rise to red risk moves the case straight to the county.")
        .def_readwrite("handled_by", &EscalationSettings::handled_by,
                       "(Category, Role) pairs: a failed case of the category goes to the nearest ancestor hosting "
                       "an actor with the role.")
        .def_property("top_route", &top_routes, &set_top_routes,
                      "Where a case goes when there is no level above: a dict Category -> ReferralRoute (assigning "
                      "a dict replaces only the categories it names).");
    whole_number_field(escalation, "min_sessions", &EscalationSettings::min_sessions,
                       "Sessions a case must have had at its level before a failure moves it up.", points_range);

    using AssignmentSettings = FengqiaoAssignmentSettings;
    py::class_<AssignmentSettings> assignment(m, "FengqiaoAssignmentSettings",
                                              "Parameters of FengqiaoAssignment: when a township case gets the joint team.");
    assignment.def(py::init<>(), "The defaults.")
        .def_readwrite("joint_team_min_risk", &AssignmentSettings::joint_team_min_risk,
                       "Risk grade from which a case is serious.");
    whole_number_field(assignment, "joint_team_min_amount", &AssignmentSettings::joint_team_min_amount,
                       "Claimed amount (fen) from which a case is serious.", fen_range);
    whole_number_field(assignment, "joint_team_min_parties", &AssignmentSettings::joint_team_min_parties,
                       "Parties from which a case is serious (a group dispute).", parties_range);

    py::class_<DeadlineRule> rule(m, "DeadlineRule",
                                  "One statutory time limit: which cases it applies to, how long, and its source.");
    rule.def(py::init([](State state, const py::object& days, DayCount count, std::optional<Category> category,
                         std::optional<Channel> channel, std::optional<ReferralRoute> route,
                         const py::object& extension_days, std::string source) {
                 DeadlineRule r;
                 r.state = state;
                 r.days = whole_number<std::uint16_t>(days, "DeadlineRule", "days", days_range);
                 r.count = count;
                 r.category = category;
                 r.channel = channel;
                 r.route = route;
                 r.extension_days = whole_number<std::uint16_t>(extension_days, "DeadlineRule", "extension_days", days_range);
                 r.source = std::move(source);
                 return r;
             }),
             py::arg("state") = State::mediating, py::arg("days") = 30, py::arg("count") = DayCount::calendar,
             py::kw_only(), py::arg("category") = py::none(), py::arg("channel") = py::none(),
             py::arg("route") = py::none(), py::arg("extension_days") = 0, py::arg("source") = "", "A rule.")
        .def_readwrite("state", &DeadlineRule::state, "The state the limit runs in.")
        .def_readwrite("category", &DeadlineRule::category, "Only cases of this category (None: any).")
        .def_readwrite("channel", &DeadlineRule::channel, "Only cases that came through this channel (None: any).")
        .def_readwrite("route", &DeadlineRule::route, "Only cases referred along this route (None: any).")
        .def_readwrite("count", &DeadlineRule::count, "How days count (DayCount).")
        .def_readwrite("source", &DeadlineRule::source, "The statute or practice.");
    whole_number_field(rule, "days", &DeadlineRule::days, "The limit.", days_range);
    whole_number_field(rule, "extension_days", &DeadlineRule::extension_days, "Extension the statute allows.", days_range);

    py::class_<StatutoryDeadlineSettings> deadlines(m, "StatutoryDeadlineSettings",
                                                    "Parameters of StatutoryDeadlines.");
    deadlines.def(py::init<>(), "No rules at all (see defaults()).")
        .def_static("defaults", &StatutoryDeadlineSettings::defaults, "The statutory defaults, each citing its source.")
        .def_readwrite("rules", &StatutoryDeadlineSettings::rules, "The limits (list of DeadlineRule).")
        .def_readwrite("grant_extensions", &StatutoryDeadlineSettings::grant_extensions,
                       "Count every rule's extension as granted.");
    whole_number_field(deadlines, "warning_lead_days", &StatutoryDeadlineSettings::warning_lead_days,
                       "Warn this many days before a limit expires.", days_range);

    using RiskSettings = FengqiaoRiskSettings;
    py::class_<RiskSettings> risk(m, "FengqiaoRiskSettings",
                          "Parameters of FengqiaoRisk: points per fact, and the points where grades start.");
    risk.def(py::init<>(), "The defaults.");
    whole_number_field(risk, "threat", &RiskSettings::threat, "Points for a recorded threat.", points_range);
    whole_number_field(risk, "violence_history", &RiskSettings::violence_history, "Points for a violence record.", points_range);
    whole_number_field(risk, "per_failure", &RiskSettings::per_failure, "Points per failed mediation ...", points_range);
    whole_number_field(risk, "max_failure_points", &RiskSettings::max_failure_points, "... up to this many.", points_range);
    whole_number_field(risk, "per_repeat", &RiskSettings::per_repeat, "Points per earlier report ...", points_range);
    whole_number_field(risk, "max_repeat_points", &RiskSettings::max_repeat_points, "... up to this many.", points_range);
    whole_number_field(risk, "many_parties", &RiskSettings::many_parties, "Parties for a group dispute (1 point).", parties_range);
    whole_number_field(risk, "mass_parties", &RiskSettings::mass_parties, "Parties for a mass dispute (2 points).", parties_range);
    whole_number_field(risk, "large_amount", &RiskSettings::large_amount, "Claimed fen worth 1 point.", fen_range);
    whole_number_field(risk, "huge_amount", &RiskSettings::huge_amount, "Claimed fen worth 2 points.", fen_range);
    whole_number_field(risk, "yellow", &RiskSettings::yellow, "Points from which the grade is yellow.", points_range);
    whole_number_field(risk, "orange", &RiskSettings::orange, "Points from which the grade is orange.", points_range);
    whole_number_field(risk, "red", &RiskSettings::red, "Points from which the grade is red.", points_range);

    py::class_<RolePermissions>(m, "RolePermissions", "Which commands each role may issue.")
        .def(py::init<>(), "No role may do anything (see defaults()).")
        .def_static("defaults", &RolePermissions::defaults, "The Fengqiao defaults.")
        .def("allow", &RolePermissions::allow, py::arg("role"), py::arg("command"), "Allows `role` to issue `command`.")
        .def("clear", &RolePermissions::clear, py::arg("role"), "Forbids `role` to issue anything.")
        .def("allows", &RolePermissions::allows, py::arg("role"), py::arg("command"),
             "True if `role` may issue `command`.")
        .def("describe", &RolePermissions::describe, py::arg("role"),
             "The commands `role` may issue, as 'report, raise-risk' ('nothing' when none).");

    py::class_<FengqiaoSettings>(m, "FengqiaoSettings", "Every parameter of the Fengqiao policies.")
        .def(py::init<>(), "The built-in values of every parameter (see defaults()).")
        .def_static("defaults", &FengqiaoSettings::defaults,
                    "The defaults, with labour and work-injury disputes handled by the arbitrator.")
        .def_readwrite("version", &FengqiaoSettings::version, "Recorded on every case reported under these settings.")
        .def_readwrite("escalation", &FengqiaoSettings::escalation, "See FengqiaoEscalation.")
        .def_readwrite("assignment", &FengqiaoSettings::assignment, "See FengqiaoAssignment.")
        .def_readwrite("deadline", &FengqiaoSettings::deadline, "See StatutoryDeadlines.")
        .def_readwrite("risk", &FengqiaoSettings::risk, "See FengqiaoRisk.")
        .def_readwrite("authorization", &FengqiaoSettings::authorization, "See RoleScopeAuthorization.");
}

}  // namespace

bool involves_python(const PolicySet& s) {
    return dynamic_cast<const PyEscalationPolicy*>(s.escalation.get()) != nullptr ||
           dynamic_cast<const PyAssignmentPolicy*>(s.assignment.get()) != nullptr ||
           dynamic_cast<const PyDeadlinePolicy*>(s.deadline.get()) != nullptr ||
           dynamic_cast<const PyRiskPolicy*>(s.risk.get()) != nullptr ||
           dynamic_cast<const PyAuthorizationPolicy*>(s.authorization.get()) != nullptr;
}

PolicySet owned_policies(const PolicySet& s) {
    PolicySet out = s;
    out.escalation = own<EscalationPolicy, PyEscalationPolicy>(s.escalation);
    out.assignment = own<AssignmentPolicy, PyAssignmentPolicy>(s.assignment);
    out.deadline = own<DeadlinePolicy, PyDeadlinePolicy>(s.deadline);
    out.risk = own<RiskPolicy, PyRiskPolicy>(s.risk);
    out.authorization = own<AuthorizationPolicy, PyAuthorizationPolicy>(s.authorization);
    return out;
}

int visit_python_policies(const PolicySet& s, visitproc visit, void* arg) {
    for (PyObject* obj : {python_object_of<EscalationPolicy, PyEscalationPolicy>(s.escalation),
                          python_object_of<AssignmentPolicy, PyAssignmentPolicy>(s.assignment),
                          python_object_of<DeadlinePolicy, PyDeadlinePolicy>(s.deadline),
                          python_object_of<RiskPolicy, PyRiskPolicy>(s.risk),
                          python_object_of<AuthorizationPolicy, PyAuthorizationPolicy>(s.authorization)}) {
        Py_VISIT(obj);
    }
    return 0;
}

PolicySet without_python_policies(const PolicySet& s) {
    const PolicySet minimal = PolicySet::minimal();
    PolicySet out = s;
    if (python_object_of<EscalationPolicy, PyEscalationPolicy>(s.escalation)) out.escalation = minimal.escalation;
    if (python_object_of<AssignmentPolicy, PyAssignmentPolicy>(s.assignment)) out.assignment = minimal.assignment;
    if (python_object_of<DeadlinePolicy, PyDeadlinePolicy>(s.deadline)) out.deadline = minimal.deadline;
    if (python_object_of<RiskPolicy, PyRiskPolicy>(s.risk)) out.risk = minimal.risk;
    if (python_object_of<AuthorizationPolicy, PyAuthorizationPolicy>(s.authorization)) {
        out.authorization = minimal.authorization;
    }
    return out;
}

void register_policies(py::module_& m) {
    register_decisions(m);
    register_settings(m);

    // Interfaces: subclass these in Python. Concrete policies are final: compose them instead
    // (call a built-in policy from your own), since a Python override of a built-in method would
    // never be seen by the engine.
    py::class_<EscalationPolicy, PyEscalationPolicy, std::shared_ptr<EscalationPolicy>>(
        m, "EscalationPolicy",
        "Decides where a case goes when mediation fails, its deadline passes or its risk turns red. Subclass it "
        "and implement decide(case, why, tree) -> EscalationDecision.")
        .def(py::init<>(), "Call from a subclass's __init__.")
        .def("decide", &EscalationPolicy::decide, py::arg("case"), py::arg("why"), py::arg("tree"),
             "Decides what happens to `case` (its state already updated) after `why` (a Trigger).");
    py::class_<ParentEscalation, EscalationPolicy, std::shared_ptr<ParentEscalation>>(
        m, "ParentEscalation", py::is_final(),
        "The minimal default: an Escalate command moves a failed case to its parent; nothing happens automatically.")
        .def(py::init<>(), "The policy.");
    py::class_<FengqiaoEscalation, EscalationPolicy, std::shared_ptr<FengqiaoEscalation>>(
        m, "FengqiaoEscalation", py::is_final(),
        "The default Fengqiao escalation: up one level after mediation fails, skipping to the body that handles a "
        "category or to the county on red risk, and referring out at the top.")
        .def(py::init<FengqiaoEscalationSettings, const JurisdictionTree&, const Roster&>(), py::arg("settings"),
             py::arg("tree"), py::arg("roster"), "The policy; `tree` and `roster` tell which places host which roles.")
        .def_property_readonly("settings", &FengqiaoEscalation::settings, "The parameters in force.");

    py::class_<AssignmentPolicy, PyAssignmentPolicy, std::shared_ptr<AssignmentPolicy>>(
        m, "AssignmentPolicy",
        "Picks mediators for an Assign command that names none. Subclass it and implement "
        "assign(case, tree, roster, load) -> Assignment (an empty team, or None, when nobody is eligible).")
        .def(py::init<>(), "Call from a subclass's __init__.")
        .def(
            "assign",
            [](const AssignmentPolicy& p, const Case& c, const JurisdictionTree& tree, const Roster& roster,
               const Workload& load) {
                Result<Assignment> r = p.assign(c, tree, roster, load);
                if (!r.ok()) return Assignment{Team{}, r.error().message};
                return *r;
            },
            py::arg("case"), py::arg("tree"), py::arg("roster"), py::arg("load"),
            "Picks a team for `case` at its current jurisdiction; an empty team means nobody, with the reason.");
    py::class_<LeastLoadedAssignment, AssignmentPolicy, std::shared_ptr<LeastLoadedAssignment>>(
        m, "LeastLoadedAssignment", py::is_final(),
        "The minimal default: the least-loaded mediator at the case's jurisdiction with the category as a "
        "specialty and spare capacity.")
        .def(py::init<>(), "The policy.");
    py::class_<FengqiaoAssignment, AssignmentPolicy, std::shared_ptr<FengqiaoAssignment>>(
        m, "FengqiaoAssignment", py::is_final(),
        "The default Fengqiao assignment: joint teams for serious township cases, stationed departments at the "
        "county, the least-loaded specialist elsewhere.")
        .def(py::init<FengqiaoAssignmentSettings>(), py::arg("settings") = FengqiaoAssignmentSettings{}, "The policy.")
        .def("serious", &FengqiaoAssignment::serious, py::arg("case"), "True if the case meets a joint-team threshold.")
        .def_property_readonly("settings", &FengqiaoAssignment::settings, "The parameters in force.");

    py::class_<DeadlinePolicy, PyDeadlinePolicy, std::shared_ptr<DeadlinePolicy>>(
        m, "DeadlinePolicy",
        "Sets the time limit of a case whenever it enters a state or a new level. Subclass it and implement "
        "deadline(case, entered) -> Deadline (or None for no limit).")
        .def(py::init<>(), "Call from a subclass's __init__.")
        .def("deadline", &DeadlinePolicy::deadline, py::arg("case"), py::arg("entered"),
             "The limit for `case`, which entered its current state (or level) at `entered`.");
    py::class_<CalendarDayDeadlines, DeadlinePolicy, std::shared_ptr<CalendarDayDeadlines>>(
        m, "CalendarDayDeadlines", py::is_final(),
        "The minimal default: mediation 30 days, judicial confirmation applied for within 30 days of a written "
        "agreement; a warning 3 days before each.")
        .def(py::init<>(), "The policy.");
    py::class_<StatutoryDeadlines, DeadlinePolicy, std::shared_ptr<StatutoryDeadlines>>(
        m, "StatutoryDeadlines", py::is_final(),
        "Statutory time limits on a working-day calendar with holidays, make-up days and suspensions.")
        .def(py::init<StatutoryDeadlineSettings, WorkingCalendar>(),
             py::arg("settings") = StatutoryDeadlineSettings::defaults(), py::arg("calendar") = WorkingCalendar{},
             "The policy over `calendar`.")
        .def(
            "rule_for",
            [](const StatutoryDeadlines& p, const Case& c) -> std::optional<DeadlineRule> {
                const DeadlineRule* r = p.rule_for(c);
                if (r == nullptr) return std::nullopt;
                return *r;
            },
            py::arg("case"), "The rule that applies to `case` in its current state, or None.")
        .def_property_readonly("settings", &StatutoryDeadlines::settings, "The parameters in force.")
        .def_property_readonly("calendar", &StatutoryDeadlines::calendar, "The calendar limits are counted on.");

    py::class_<RiskPolicy, PyRiskPolicy, std::shared_ptr<RiskPolicy>>(
        m, "RiskPolicy",
        "Grades a case's risk after every accepted command. Subclass it and implement "
        "assess(case, command) -> RiskGrade.")
        .def(py::init<>(), "Call from a subclass's __init__.")
        .def("assess", &RiskPolicy::assess, py::arg("case"), py::arg("command"),
             "The grade of `case` after `command` was applied to it.");
    py::class_<DeclaredRisk, RiskPolicy, std::shared_ptr<DeclaredRisk>>(
        m, "DeclaredRisk", py::is_final(), "The minimal default: the grade given at report, raised by RaiseRisk.")
        .def(py::init<>(), "The policy.");
    py::class_<FengqiaoRisk, RiskPolicy, std::shared_ptr<FengqiaoRisk>>(
        m, "FengqiaoRisk", py::is_final(), "The default Fengqiao risk grading: points from case facts give a grade.")
        .def(py::init<FengqiaoRiskSettings>(), py::arg("settings") = FengqiaoRiskSettings{}, "The policy.")
        .def("points", &FengqiaoRisk::points, py::arg("case"), "The points `case` scores from its facts.")
        .def_property_readonly("settings", &FengqiaoRisk::settings, "The parameters in force.");

    py::class_<AuthorizationPolicy, PyAuthorizationPolicy, std::shared_ptr<AuthorizationPolicy>>(
        m, "AuthorizationPolicy",
        "Decides whether an actor may issue a command. Subclass it and implement "
        "authorize(actor, command, subject, where, tree) -> AuthorizationDecision (or a bool).")
        .def(py::init<>(), "Call from a subclass's __init__.")
        .def("authorize", &AuthorizationPolicy::authorize, py::arg("actor"), py::arg("command"), py::arg("subject"),
             py::arg("where"), py::arg("tree"),
             "May `actor` issue `command` (a CommandKind) on `subject` (a Case, or None for a report) at `where`?");
    py::class_<ScopedAuthorization, AuthorizationPolicy, std::shared_ptr<ScopedAuthorization>>(
        m, "ScopedAuthorization", py::is_final(),
        "The minimal default: an actor may act in its own jurisdiction and below; auditors change nothing.")
        .def(py::init<>(), "The policy.");
    py::class_<RoleScopeAuthorization, AuthorizationPolicy, std::shared_ptr<RoleScopeAuthorization>>(
        m, "RoleScopeAuthorization", py::is_final(),
        "The default Fengqiao authorization: role x jurisdiction scope x command.")
        .def(py::init<RolePermissions>(), py::arg("permissions") = RolePermissions::defaults(), "The policy.")
        .def_property_readonly("permissions", &RoleScopeAuthorization::permissions, "The permissions in force.");

    py::class_<PolicySet> set(m, "PolicySet",
                              "The five policies an engine consults, each replaceable alone (by a built-in policy "
                              "or a Python subclass of its interface), and the version recorded on every case.");
    set.def(py::init([](const py::kwargs& kw) {
                PolicySet s = PolicySet::minimal();
                set_policy_kwargs(s, kw);
                return s;
            }),
            "The minimal defaults, with any member given as a keyword replaced (escalation=, assignment=, "
            "deadline=, risk=, authorization=, version=).")
        .def_static("minimal", &PolicySet::minimal,
                    "ParentEscalation, LeastLoadedAssignment, CalendarDayDeadlines, DeclaredRisk, ScopedAuthorization.")
        .def(
            "replace",
            [](const PolicySet& s, const py::kwargs& kw) {
                PolicySet out = s;
                set_policy_kwargs(out, kw);
                return out;
            },
            "A copy with the members given as keywords replaced.")
        .def_property_readonly("involves_python", &involves_python,
                               "True if any member is implemented in Python (commands then hold the GIL).")
        .def_readwrite("version", &PolicySet::version, "Recorded on every case reported under this set.");
    policy_member<EscalationPolicy, PyEscalationPolicy>(set, "escalation", &PolicySet::escalation,
                                                        "Where failed cases go (EscalationPolicy).");
    policy_member<AssignmentPolicy, PyAssignmentPolicy>(set, "assignment", &PolicySet::assignment,
                                                        "Who mediates (AssignmentPolicy).");
    policy_member<DeadlinePolicy, PyDeadlinePolicy>(set, "deadline", &PolicySet::deadline,
                                                    "Time limits (DeadlinePolicy).");
    policy_member<RiskPolicy, PyRiskPolicy>(set, "risk", &PolicySet::risk, "Risk grading (RiskPolicy).");
    policy_member<AuthorizationPolicy, PyAuthorizationPolicy>(set, "authorization", &PolicySet::authorization,
                                                              "Who may do what (AuthorizationPolicy).");

    m.def("fengqiao_policies", &fengqiao_policies, py::arg("settings"), py::arg("calendar"), py::arg("tree"),
          py::arg("roster"), "The Fengqiao policies built from `settings`, as a PolicySet.");
}

}  // namespace fengqiao::python
