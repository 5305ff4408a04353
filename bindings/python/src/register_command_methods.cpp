// One engine method per command (accept, refer, close, ...) and report().
//
// These are the calls an analyst's loop makes millions of times, so they skip pybind11's general
// dispatcher: each is a CPython fast-call method that parses its few arguments directly (and returns
// the light Receipt of register_receipt.cpp). Everything else about them (argument names, defaults,
// errors, docstrings with signatures) matches the rest of the module.
#include <array>
#include <cstring>
#include <limits>
#include <utility>

#include "engine.hpp"

namespace fengqiao::python {
namespace {

// --- arguments -----------------------------------------------------------------------------------------

enum class Arg : std::uint8_t { text, flag, route, outcome, grade, mediators };

struct Param {
    const char* name;
    Arg type;
};

struct MethodSpec {
    const char* name;
    CommandKind kind;
    std::array<Param, 3> payload;
    std::size_t payload_count;
    const char* doc;  // starts with the text signature, which inspect.signature() reads
};

// clang-format off
constexpr std::array<MethodSpec, 16> specs{{
    {"accept", CommandKind::accept, {}, 0,
     "accept($self, /, case_id, actor, *, request_id=None)\n--\n\n"
     "Takes up a reported case at its current jurisdiction. Returns a Receipt; raises CommandRejected or "
     "NotAuthorized."},
    {"reject", CommandKind::reject, {{{"reason", Arg::text}}}, 1,
     "reject($self, /, case_id, actor, reason='', *, request_id=None)\n--\n\n"
     "Declines a reported case (already before a court, a party refuses mediation)."},
    {"assign", CommandKind::assign, {{{"mediators", Arg::mediators}}}, 1,
     "assign($self, /, case_id, actor, mediators=(), *, request_id=None)\n--\n\n"
     "Starts mediation with up to four mediators (ids or codes); with none, the assignment policy picks them."},
    {"hold_session", CommandKind::hold_session, {{{"note", Arg::text}}}, 1,
     "hold_session($self, /, case_id, actor, note='', *, request_id=None)\n--\n\n"
     "Records a mediation session (the case stays mediating)."},
    {"reach_agreement", CommandKind::reach_agreement, {{{"terms", Arg::text}, {"written", Arg::flag}}}, 2,
     "reach_agreement($self, /, case_id, actor, terms='', written=True, *, request_id=None)\n--\n\n"
     "Records a mediation agreement (only a written one can be judicially confirmed)."},
    {"fail", CommandKind::fail, {{{"reason", Arg::text}}}, 1,
     "fail($self, /, case_id, actor, reason='', *, request_id=None)\n--\n\n"
     "Records that mediation failed at this level (the escalation policy may move the case at once)."},
    {"escalate", CommandKind::escalate, {{{"note", Arg::text}}}, 1,
     "escalate($self, /, case_id, actor, note='', *, request_id=None)\n--\n\n"
     "Sends a failed case up; the escalation policy picks where (or refers it out at the top)."},
    {"refer", CommandKind::refer, {{{"route", Arg::route}, {"reason", Arg::text}}}, 2,
     "refer($self, /, case_id, actor, route='litigation', reason='', *, request_id=None)\n--\n\n"
     "Sends a case out of mediation along `route` (a ReferralRoute)."},
    {"apply_confirmation", CommandKind::apply_confirmation, {}, 0,
     "apply_confirmation($self, /, case_id, actor, *, request_id=None)\n--\n\n"
     "Applies for judicial confirmation of the agreement (People's Mediation Law art. 33)."},
    {"confirmation_granted", CommandKind::confirmation_granted, {}, 0,
     "confirmation_granted($self, /, case_id, actor, *, request_id=None)\n--\n\n"
     "The court confirmed the agreement."},
    {"confirmation_denied", CommandKind::confirmation_denied, {{{"reason", Arg::text}}}, 1,
     "confirmation_denied($self, /, case_id, actor, reason='', *, request_id=None)\n--\n\n"
     "The court declined to confirm; mediation resumes."},
    {"start_follow_up", CommandKind::start_follow_up, {}, 0,
     "start_follow_up($self, /, case_id, actor, *, request_id=None)\n--\n\n"
     "Starts follow-up of an agreement without judicial confirmation."},
    {"record_fulfilment", CommandKind::record_fulfilment, {{{"fulfilled", Arg::flag}, {"note", Arg::text}}}, 2,
     "record_fulfilment($self, /, case_id, actor, fulfilled=True, note='', *, request_id=None)\n--\n\n"
     "Records whether the agreement was fulfilled: closes the case as resolved, or reopens mediation."},
    {"close", CommandKind::close, {{{"outcome", Arg::outcome}, {"note", Arg::text}}}, 2,
     "close($self, /, case_id, actor, outcome='decided_elsewhere', note='', *, request_id=None)\n--\n\n"
     "Closes a referred case; `outcome` is decided_elsewhere, settled_elsewhere or abandoned."},
    {"withdraw", CommandKind::withdraw, {{{"reason", Arg::text}}}, 1,
     "withdraw($self, /, case_id, actor, reason='', *, request_id=None)\n--\n\n"
     "The applicant withdraws; the case ends."},
    {"raise_risk", CommandKind::raise_risk,
     {{{"grade", Arg::grade}, {"reason", Arg::text}, {"threat", Arg::flag}}}, 3,
     "raise_risk($self, /, case_id, actor, grade='yellow', reason='', threat=False, *, request_id=None)\n--\n\n"
     "Raises the case's risk grade; red acts at once (risk escalation and the on_red_risk notification)."},
}};
// clang-format on

PyTypeObject* engine_type = nullptr;

std::string type_name(PyObject* o) { return py::str(py::type::of(o).attr("__name__")); }

// A method's parameters: the first `positional` may be given by position, the rest only by keyword;
// the first `required` must be given.
constexpr std::size_t max_params = 13;

struct Signature {
    const char* name;
    std::array<const char*, max_params> params;
    std::size_t count;
    std::size_t positional;
    std::size_t required;
};

struct Parsed {
    const Signature* sig;
    std::array<PyObject*, max_params> slot{};  // borrowed; nullptr where not given
};

// The parameter names as interned str objects, one row per signature (filled at registration).
// Keyword names in calls are interned by the compiler (and in dicts built from literals), so matching
// is usually a pointer comparison; a name built at run time falls back to comparing the text.
using InternedNames = std::array<PyObject*, max_params>;

void intern_names(const Signature& sig, InternedNames& names) {
    for (std::size_t i = 0; i < sig.count; ++i) {
        names[i] = PyUnicode_InternFromString(sig.params[i]);  // kept for the life of the process
        if (names[i] == nullptr) throw py::error_already_set();
    }
}

std::size_t keyword_slot(const Signature& sig, const InternedNames& names, PyObject* key) {
    for (std::size_t i = 0; i < sig.count; ++i) {
        if (names[i] == key) return i;
    }
    for (std::size_t i = 0; i < sig.count; ++i) {
        if (PyUnicode_CompareWithASCIIString(key, sig.params[i]) == 0) return i;
    }
    return sig.count;
}

Parsed parse(const Signature& sig, const InternedNames& names, PyObject* const* args, Py_ssize_t nargs,
             PyObject* kwnames) {
    Parsed p{&sig, {}};
    const auto n = static_cast<std::size_t>(nargs);
    if (n > sig.positional) {
        throw py::type_error(std::string(sig.name) + "() takes at most " + std::to_string(sig.positional) +
                             " positional arguments (" + std::to_string(n) + " given); the rest are keywords");
    }
    for (std::size_t i = 0; i < n; ++i) p.slot[i] = args[i];
    if (kwnames != nullptr) {
        const Py_ssize_t nk = PyTuple_GET_SIZE(kwnames);
        for (Py_ssize_t k = 0; k < nk; ++k) {
            PyObject* key = PyTuple_GET_ITEM(kwnames, k);
            const std::size_t at = keyword_slot(sig, names, key);
            if (at == sig.count) {
                throw py::type_error(std::string(sig.name) + "() got an unexpected keyword argument '" +
                                     py::str(key).cast<std::string>() + "'");
            }
            if (p.slot[at] != nullptr) {
                throw py::type_error(std::string(sig.name) + "() got multiple values for argument '" +
                                     sig.params[at] + "'");
            }
            p.slot[at] = args[n + static_cast<std::size_t>(k)];
        }
    }
    for (std::size_t i = 0; i < sig.required; ++i) {
        if (p.slot[i] == nullptr) {
            throw py::type_error(std::string(sig.name) + "() missing required argument '" + sig.params[i] + "'");
        }
    }
    return p;
}

// case_id, actor, payload..., request_id: the signature of a command method.
constexpr Signature signature_of(const MethodSpec& spec) {
    Signature sig{spec.name, {}, 3 + spec.payload_count, 2 + spec.payload_count, 2};
    sig.params[0] = "case_id";
    sig.params[1] = "actor";
    for (std::size_t i = 0; i < spec.payload_count; ++i) sig.params[2 + i] = spec.payload[i].name;
    sig.params[2 + spec.payload_count] = "request_id";
    return sig;
}

template <std::size_t... I>
constexpr std::array<Signature, sizeof...(I)> signatures(std::index_sequence<I...>) {
    return {signature_of(specs[I])...};
}

constexpr auto command_signatures = signatures(std::make_index_sequence<specs.size()>{});
std::array<InternedNames, specs.size()> command_names{};

// An id given as a plain int in range is read directly; anything else (NumPy integers, errors) goes
// through id_value(), which says what is wrong.
std::uint32_t id_arg(PyObject* o, const char* what) {
    if (PyLong_CheckExact(o)) {
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow == 0 && v >= 1 && v <= 0xFFFFFFFFLL) return static_cast<std::uint32_t>(v);
    }
    return id_value(o, what);
}

CaseId case_arg(PyObject* o) {
    if (o == Py_None) return CaseId{};
    return CaseId(id_arg(o, "case_id"));
}

// A code (an exact str) looked up in @p cache first; on a miss @p find resolves it (raising for an
// unknown code) and the answer is kept, so a loop that names its actors by code pays for the lookup once.
template <class Find>
std::uint32_t cached_code(py::dict& cache, PyObject* code, Find&& find) {
    if (PyObject* hit = PyDict_GetItemWithError(cache.ptr(), code)) {
        return static_cast<std::uint32_t>(PyLong_AsUnsignedLong(hit));
    }
    if (PyErr_Occurred() != nullptr) throw py::error_already_set();
    const std::uint32_t id = find();
    py::int_ value(id);
    if (PyDict_SetItem(cache.ptr(), code, value.ptr()) < 0) throw py::error_already_set();
    return id;
}

ActorId actor_arg(PyEngine& e, PyObject* o) {
    if (PyLong_CheckExact(o)) return ActorId(id_arg(o, "actor id"));
    if (PyUnicode_CheckExact(o)) {
        return ActorId(cached_code(e.actor_codes, o, [&] {
            return resolve(e.engine.roster(), py::handle(o).cast<ActorRef>()).value();
        }));
    }
    return resolve(e.engine.roster(), py::handle(o).cast<ActorRef>());
}

std::string text_arg(const Parsed& p, std::size_t i) {
    PyObject* o = p.slot[i];
    if (o == nullptr) return {};
    Py_ssize_t size = 0;
    if (!PyUnicode_Check(o)) {
        throw py::type_error(std::string(p.sig->name) + "() argument '" + p.sig->params[i] + "' must be a str, not " +
                             type_name(o));
    }
    const char* text = PyUnicode_AsUTF8AndSize(o, &size);
    if (text == nullptr) throw py::error_already_set();
    return std::string(text, static_cast<std::size_t>(size));
}

// A yes/no argument: True or False (or a NumPy bool). None, numbers and strings are refused, naming the
// argument: 2, NaN or "no" would otherwise read as yes.
bool flag_arg(const Parsed& p, std::size_t i, bool fallback) {
    PyObject* o = p.slot[i];
    if (o == nullptr) return fallback;
    if (is_bool(o)) return PyObject_IsTrue(o) == 1;
    throw py::type_error(std::string(p.sig->name) + "() argument '" + p.sig->params[i] + "' must be True or False, not " +
                         type_name(o));
}

template <class E>
E enum_arg(PyObject* o, E fallback) {
    return o == nullptr ? fallback : enum_from<E>(o);
}

// As enum_arg(), for a command that takes only the values @p takes: an unknown name is told those.
template <class E, class Takes>
E enum_arg(PyObject* o, E fallback, Takes takes) {
    try {
        return enum_arg(o, fallback);
    } catch (const py::value_error&) {
        std::string choices;
        for (const E v : enum_values<E>()) {
            if (takes(v)) choices += (choices.empty() ? "" : ", ") + std::string(to_string(v));
        }
        throw py::value_error("unknown " + std::string(EnumNames<E>::kind) + " '" + std::string(py::str(o)) +
                              "'; expected one of: " + choices);
    }
}

Command build(const PyEngine& e, const MethodSpec& spec, const Parsed& p) {
    const auto payload = [&p](std::size_t i) { return p.slot[2 + i]; };
    const auto text = [&p](std::size_t i) { return text_arg(p, 2 + i); };
    switch (spec.kind) {
        case CommandKind::accept: return Accept{};
        case CommandKind::reject: return Reject{text(0)};
        case CommandKind::assign: {
            Assign a;
            if (PyObject* list = payload(0)) {
                if (PyUnicode_Check(list) || !PySequence_Check(list)) {
                    throw py::type_error("assign() argument 'mediators' must be a list of actor ids or codes, not " +
                                         type_name(list));
                }
                for (py::object item : py::reinterpret_borrow<py::sequence>(list)) {
                    a.mediators.push_back(resolve(e.engine.roster(), item.cast<ActorRef>()));
                }
            }
            return a;
        }
        case CommandKind::hold_session: return HoldSession{text(0)};
        case CommandKind::reach_agreement: return ReachAgreement{text(0), flag_arg(p, 3, true)};
        case CommandKind::fail: return Fail{text(0)};
        case CommandKind::escalate: return Escalate{text(0)};
        case CommandKind::refer:
            return Refer{enum_arg(payload(0), ReferralRoute::litigation,
                                  [](ReferralRoute r) { return r != ReferralRoute::none; }),
                         text(1)};
        case CommandKind::apply_confirmation: return ApplyConfirmation{};
        case CommandKind::confirmation_granted: return ConfirmationGranted{};
        case CommandKind::confirmation_denied: return ConfirmationDenied{text(0)};
        case CommandKind::start_follow_up: return StartFollowUp{};
        case CommandKind::record_fulfilment:
            return RecordFulfilment{flag_arg(p, 2, true), text(1)};
        case CommandKind::close:
            return Close{enum_arg(payload(0), Outcome::decided_elsewhere, closes_with), text(1)};
        case CommandKind::withdraw: return Withdraw{text(0)};
        case CommandKind::raise_risk:
            return RaiseRisk{enum_arg(payload(0), RiskGrade::yellow), text(1),
                             flag_arg(p, 4, false)};
        default: break;
    }
    throw py::type_error("no method for command '" + std::string(to_string(spec.kind)) + "'");
}

PyEngine& engine_of(PyObject* self) {
    if (!PyObject_TypeCheck(self, engine_type)) {
        throw py::type_error("expected a fengqiao.Engine, got " + type_name(self));
    }
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    PyEngine* engine = nullptr;
    if (inst->simple_layout) {  // one C++ base, the usual case: the value pointer is stored inline
        if (inst->simple_holder_constructed) engine = static_cast<PyEngine*>(inst->simple_value_holder[0]);
    } else {
        auto vh = inst->get_value_and_holder();
        if (vh.holder_constructed()) engine = vh.value_ptr<PyEngine>();
    }
    if (engine == nullptr) {
        throw py::type_error("this Engine was not initialised (a subclass must call Engine.__init__)");
    }
    PyEngine& e = *engine;
    (void)e.writable();  // every method here issues a command
    return e;
}

// Runs @p body, turning every C++ exception into the Python exception pybind11 would raise for it
// (fengqiao::Exception and friends go through the module's translator).
template <class Body>
PyObject* guarded(Body&& body) {
    try {
        return body();
    } catch (py::error_already_set& x) {
        x.restore();
    } catch (...) {
        if (!py::detail::apply_exception_translators(py::detail::get_local_internals().registered_exception_translators) &&
            !py::detail::apply_exception_translators(py::detail::get_internals().registered_exception_translators)) {
            PyErr_SetString(PyExc_SystemError, "an unknown C++ exception escaped a fengqiao command");
        }
    }
    return nullptr;
}

std::string request_id_arg(const Parsed& p, std::size_t i) {
    return p.slot[i] == nullptr || p.slot[i] == Py_None ? std::string{} : text_arg(p, i);
}

PyObject* submit(PyEngine& e, PyObject* self, CaseId id, ActorId actor, Command&& command, std::string request_id) {
    Result<Receipt> result = [&] {
        if (!e.python_policies) return e.engine.submit(id, actor, std::move(command), std::move(request_id));
        EngineCallScope scope(self, e.engine.jurisdictions(), e.engine.roster());
        return e.engine.submit(id, actor, std::move(command), std::move(request_id));
    }();
    if (!result.ok()) raise_rejected(result.error());
    return receipt_object(std::move(result).value());  // ok(): the reason text is moved, not copied
}

PyObject* call(const MethodSpec& spec, const Signature& sig, const InternedNames& names, PyObject* self,
               PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    return guarded([&] {
        PyEngine& e = engine_of(self);
        const Parsed p = parse(sig, names, args, nargs, kwnames);
        const CaseId id = given_case(case_arg(p.slot[0]), sig.name);
        const ActorId actor = actor_arg(e, p.slot[1]);
        Command command = build(e, spec, p);
        return submit(e, self, id, actor, std::move(command), request_id_arg(p, 2 + spec.payload_count));
    });
}

// --- report ----------------------------------------------------------------------------------------------

constexpr Signature report_signature{
    "report",
    {"actor", "jurisdiction", "category", "channel", "claimed_amount", "risk", "parties", "unnamed_parties",
     "summary", "threat", "violence_history", "repeat_of", "request_id"},
    13, 2, 2};
InternedNames report_names{};

constexpr const char* report_doc =
    "report($self, /, actor, jurisdiction, *, category='other', channel='walk_in', claimed_amount=0, risk='blue', "
    "parties=(), unnamed_parties=0, summary='', threat=False, violence_history=False, repeat_of=None, "
    "request_id=None)\n--\n\n"
    "Registers a dispute reported by `actor` at `jurisdiction` (ids or codes); the receipt names the new case. "
    "`parties` is a list of Party (or names, as applicants); `claimed_amount` is in fen (0.01 yuan).";

long long int_arg(const Parsed& p, std::size_t i, long long lo, long long hi) {
    PyObject* o = p.slot[i];
    if (!is_integer(o)) {
        throw py::type_error(std::string(p.sig->name) + "() argument '" + p.sig->params[i] + "' must be an int, not " +
                             type_name(o));
    }
    int overflow = 0;
    py::object number = py::reinterpret_steal<py::object>(PyNumber_Index(o));
    if (!number) throw py::error_already_set();
    const long long v = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
    if (overflow != 0 || v < lo || v > hi) {
        throw py::value_error(std::string(p.sig->name) + "() argument '" + p.sig->params[i] + "' is out of range (" +
                              std::to_string(lo) + " to " + std::to_string(hi) + ")");
    }
    return v;
}

JurisdictionId place_arg(PyEngine& e, PyObject* o) {
    if (PyLong_CheckExact(o)) return JurisdictionId(id_arg(o, "jurisdiction id"));
    if (o == Py_None) throw py::type_error("report() argument 'jurisdiction' must be a jurisdiction id or code, not None");
    if (PyUnicode_CheckExact(o)) {
        return JurisdictionId(cached_code(e.place_codes, o, [&] {
            return resolve(e.engine.jurisdictions(), py::handle(o).cast<PlaceRef>()).value();
        }));
    }
    return resolve(e.engine.jurisdictions(), py::handle(o).cast<PlaceRef>());
}

PyObject* report_method(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    return guarded([&] {
        PyEngine& e = engine_of(self);
        const Parsed p = parse(report_signature, report_names, args, nargs, kwnames);
        const ActorId actor = actor_arg(e, p.slot[0]);
        Report r;
        r.jurisdiction = place_arg(e, p.slot[1]);
        r.category = enum_arg(p.slot[2], Category::other);
        r.channel = enum_arg(p.slot[3], Channel::walk_in);
        if (p.slot[4] != nullptr) r.claimed_amount = int_arg(p, 4, std::numeric_limits<std::int64_t>::min(),
                                                             std::numeric_limits<std::int64_t>::max());
        r.risk = enum_arg(p.slot[5], RiskGrade::blue);
        if (PyObject* parties = p.slot[6]) {
            if (PyUnicode_Check(parties) || !PySequence_Check(parties)) {
                throw py::type_error("report() argument 'parties' must be a list of Party or names, not " +
                                     type_name(parties));
            }
            for (py::object item : py::reinterpret_borrow<py::sequence>(parties)) {
                if (PyUnicode_Check(item.ptr())) {
                    r.parties.push_back(Party{item.cast<std::string>(), Side::applicant, false});
                } else if (py::isinstance<Party>(item)) {
                    r.parties.push_back(item.cast<Party>());
                } else {
                    throw py::type_error("report() argument 'parties' holds a " + type_name(item.ptr()) +
                                         "; expected Party objects or names");
                }
            }
        }
        if (p.slot[7] != nullptr) r.unnamed_parties = static_cast<std::uint16_t>(int_arg(p, 7, 0, 0xFFFF));
        r.summary = text_arg(p, 8);
        r.threat = flag_arg(p, 9, false);
        r.violence_history = flag_arg(p, 10, false);
        r.repeat_of = p.slot[11] == nullptr ? CaseId{} : case_arg(p.slot[11]);
        return submit(e, self, CaseId{}, actor, std::move(r), request_id_arg(p, 12));
    });
}

template <std::size_t I>
PyObject* method(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    return call(specs[I], command_signatures[I], command_names[I], self, args, nargs, kwnames);
}

template <std::size_t... I>
std::array<PyMethodDef, sizeof...(I)> method_table(std::index_sequence<I...>) {
    // METH_FASTCALL | METH_KEYWORDS functions have another signature than PyCFunction; CPython casts
    // them back according to the flags, as the C API documents.
    return {PyMethodDef{specs[I].name,
                        reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&method<I>)),
                        METH_FASTCALL | METH_KEYWORDS, specs[I].doc}...};
}

}  // namespace

void register_command_methods(py::module_& m) {
    py::object engine = m.attr("Engine");
    engine_type = reinterpret_cast<PyTypeObject*>(engine.ptr());
    for (std::size_t i = 0; i < specs.size(); ++i) intern_names(command_signatures[i], command_names[i]);
    intern_names(report_signature, report_names);
    static auto table = method_table(std::make_index_sequence<specs.size()>{});
    static PyMethodDef report_def{"report", reinterpret_cast<PyCFunction>(reinterpret_cast<void (*)()>(&report_method)),
                                  METH_FASTCALL | METH_KEYWORDS, report_doc};
    std::vector<PyMethodDef*> defs{&report_def};
    for (auto& def : table) defs.push_back(&def);
    for (PyMethodDef* def_ptr : defs) {
        PyMethodDef& def = *def_ptr;
        PyObject* descr = PyDescr_NewMethod(engine_type, &def);
        if (descr == nullptr) throw py::error_already_set();
        engine.attr(def.ml_name) = py::reinterpret_steal<py::object>(descr);
    }
}

}  // namespace fengqiao::python
