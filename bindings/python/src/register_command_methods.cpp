// One engine method per command (accept, refer, close, ...), and the Receipt they return.
//
// These are the calls an analyst's loop makes millions of times, so they skip pybind11's general
// dispatcher: each is a CPython fast-call method that parses its few arguments directly, and the
// Receipt is a named tuple (a struct sequence) rather than a class instance. Everything else about
// them (argument names, defaults, errors, docstrings with signatures) matches the rest of the module.
#include <array>
#include <cstring>
#include <utility>

#include "engine.hpp"

namespace fengqiao::python {
namespace {

// --- Receipt -------------------------------------------------------------------------------------------

PyTypeObject* receipt_type = nullptr;

PyStructSequence_Field receipt_fields[] = {
    {"case_id", "The case (the new one, for a report)."},
    {"sequence", "The journal record's sequence."},
    {"case_sequence", "The case's version after the command."},
    {"command", "What was applied (CommandKind)."},
    {"from_state", "State before (State)."},
    {"to_state", "State after this command (State)."},
    {"jurisdiction_before", "Level before (a jurisdiction id)."},
    {"jurisdiction_after", "Level after this command."},
    {"reason", "The policy's reason, if any."},
    {"follow_ups", "Records the engine added right after as the system actor (automatic escalation)."},
    {nullptr, nullptr}};

PyStructSequence_Desc receipt_desc = {
    "fengqiao.Receipt",
    "What the engine returns for an accepted command: a named tuple (case_id, sequence, case_sequence, command, "
    "from_state, to_state, jurisdiction_before, jurisdiction_after, reason, follow_ups).",
    receipt_fields, 10};

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

// The arguments of one call, by position: case_id, actor, payload..., request_id.
constexpr std::size_t max_args = 2 + 3 + 1;

struct Parsed {
    std::array<PyObject*, max_args> slot{};  // borrowed; nullptr where not given
};

const char* param_name(const MethodSpec& spec, std::size_t i) {
    if (i == 0) return "case_id";
    if (i == 1) return "actor";
    if (i < 2 + spec.payload_count) return spec.payload[i - 2].name;
    return "request_id";
}

Parsed parse(const MethodSpec& spec, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    Parsed p;
    const std::size_t positional_max = 2 + spec.payload_count;
    const std::size_t total = positional_max + 1;
    const auto n = static_cast<std::size_t>(nargs);
    if (n > positional_max) {
        throw py::type_error(std::string(spec.name) + "() takes at most " + std::to_string(positional_max) +
                             " positional arguments (" + std::to_string(n) + " given); request_id is a keyword");
    }
    for (std::size_t i = 0; i < n; ++i) p.slot[i] = args[i];
    if (kwnames != nullptr) {
        const Py_ssize_t nk = PyTuple_GET_SIZE(kwnames);
        for (Py_ssize_t k = 0; k < nk; ++k) {
            PyObject* key = PyTuple_GET_ITEM(kwnames, k);
            std::size_t at = total;
            for (std::size_t i = 0; i < total; ++i) {
                if (PyUnicode_CompareWithASCIIString(key, param_name(spec, i)) == 0) {
                    at = i;
                    break;
                }
            }
            if (at == total) {
                throw py::type_error(std::string(spec.name) + "() got an unexpected keyword argument '" +
                                     py::str(key).cast<std::string>() + "'");
            }
            if (p.slot[at] != nullptr) {
                throw py::type_error(std::string(spec.name) + "() got multiple values for argument '" +
                                     param_name(spec, at) + "'");
            }
            p.slot[at] = args[n + static_cast<std::size_t>(k)];
        }
    }
    for (std::size_t i = 0; i < 2; ++i) {
        if (p.slot[i] == nullptr) {
            throw py::type_error(std::string(spec.name) + "() missing required argument '" + param_name(spec, i) + "'");
        }
    }
    return p;
}

CaseId case_arg(PyObject* o) {
    if (o == Py_None) return CaseId{};
    return CaseId(id_value(o, "case_id"));
}

ActorId actor_arg(const PyEngine& e, PyObject* o) {
    if (PyLong_CheckExact(o)) return ActorId(id_value(o, "actor id"));
    return resolve(e.engine.roster(), py::handle(o).cast<ActorRef>());
}

std::string text_arg(const MethodSpec& spec, std::size_t i, PyObject* o) {
    if (o == nullptr) return {};
    Py_ssize_t size = 0;
    if (!PyUnicode_Check(o)) {
        throw py::type_error(std::string(spec.name) + "() argument '" + param_name(spec, i) + "' must be a str, not " +
                             type_name(o));
    }
    const char* text = PyUnicode_AsUTF8AndSize(o, &size);
    if (text == nullptr) throw py::error_already_set();
    return std::string(text, static_cast<std::size_t>(size));
}

bool flag_arg(PyObject* o, bool fallback) {
    if (o == nullptr) return fallback;
    if (o == Py_True) return true;
    if (o == Py_False) return false;
    return py::handle(o).cast<bool>();  // numpy.bool_ and friends
}

template <class E>
E enum_arg(PyObject* o, E fallback) {
    return o == nullptr ? fallback : enum_from<E>(o);
}

Command build(const PyEngine& e, const MethodSpec& spec, const Parsed& p) {
    const auto payload = [&p](std::size_t i) { return p.slot[2 + i]; };
    switch (spec.kind) {
        case CommandKind::accept: return Accept{};
        case CommandKind::reject: return Reject{text_arg(spec, 2, payload(0))};
        case CommandKind::assign: {
            Assign a;
            if (PyObject* list = payload(0)) {
                if (PyUnicode_Check(list) || !PySequence_Check(list)) {
                    throw py::type_error("assign() argument 'mediators' must be a list of actor ids or codes, not " +
                                         type_name(list));
                }
                for (py::handle item : py::reinterpret_borrow<py::sequence>(list)) {
                    a.mediators.push_back(resolve(e.engine.roster(), item.cast<ActorRef>()));
                }
            }
            return a;
        }
        case CommandKind::hold_session: return HoldSession{text_arg(spec, 2, payload(0))};
        case CommandKind::reach_agreement: return ReachAgreement{text_arg(spec, 2, payload(0)), flag_arg(payload(1), true)};
        case CommandKind::fail: return Fail{text_arg(spec, 2, payload(0))};
        case CommandKind::escalate: return Escalate{text_arg(spec, 2, payload(0))};
        case CommandKind::refer:
            return Refer{enum_arg(payload(0), ReferralRoute::litigation), text_arg(spec, 3, payload(1))};
        case CommandKind::apply_confirmation: return ApplyConfirmation{};
        case CommandKind::confirmation_granted: return ConfirmationGranted{};
        case CommandKind::confirmation_denied: return ConfirmationDenied{text_arg(spec, 2, payload(0))};
        case CommandKind::start_follow_up: return StartFollowUp{};
        case CommandKind::record_fulfilment:
            return RecordFulfilment{flag_arg(payload(0), true), text_arg(spec, 3, payload(1))};
        case CommandKind::close:
            return Close{enum_arg(payload(0), Outcome::decided_elsewhere), text_arg(spec, 3, payload(1))};
        case CommandKind::withdraw: return Withdraw{text_arg(spec, 2, payload(0))};
        case CommandKind::raise_risk:
            return RaiseRisk{enum_arg(payload(0), RiskGrade::yellow), text_arg(spec, 3, payload(1)),
                             flag_arg(payload(2), false)};
        default: break;
    }
    throw py::type_error("no method for command '" + std::string(to_string(spec.kind)) + "'");
}

PyEngine& engine_of(PyObject* self) {
    if (!PyObject_TypeCheck(self, engine_type)) {
        throw py::type_error("expected a fengqiao.Engine, got " + type_name(self));
    }
    auto* inst = reinterpret_cast<py::detail::instance*>(self);
    auto vh = inst->get_value_and_holder();
    if (!vh.holder_constructed() || vh.value_ptr() == nullptr) {
        throw py::type_error("this Engine was not initialised (a subclass must call Engine.__init__)");
    }
    return *vh.value_ptr<PyEngine>();
}

PyObject* call(const MethodSpec& spec, PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    try {
        PyEngine& e = engine_of(self);
        const Parsed p = parse(spec, args, nargs, kwnames);
        const CaseId id = case_arg(p.slot[0]);
        const ActorId actor = actor_arg(e, p.slot[1]);
        Command command = build(e, spec, p);
        std::string request_id;
        if (PyObject* r = p.slot[2 + spec.payload_count]; r != nullptr && r != Py_None) {
            request_id = text_arg(spec, 2 + spec.payload_count, r);
        }
        Result<Receipt> result = [&] {
            if (!e.python_policies) return e.engine.submit(id, actor, std::move(command), std::move(request_id));
            EngineCallScope scope(self, e.engine.jurisdictions(), e.engine.roster());
            return e.engine.submit(id, actor, std::move(command), std::move(request_id));
        }();
        if (!result.ok()) raise_rejected(result.error());
        return receipt_object(*result);
    } catch (py::error_already_set& x) {
        x.restore();
    } catch (...) {
        // The same translation pybind11 applies to its own methods (fengqiao::Exception and friends).
        if (!py::detail::apply_exception_translators(py::detail::get_local_internals().registered_exception_translators) &&
            !py::detail::apply_exception_translators(py::detail::get_internals().registered_exception_translators)) {
            PyErr_SetString(PyExc_SystemError, "an unknown C++ exception escaped a fengqiao command");
        }
    }
    return nullptr;
}

template <std::size_t I>
PyObject* method(PyObject* self, PyObject* const* args, Py_ssize_t nargs, PyObject* kwnames) {
    return call(specs[I], self, args, nargs, kwnames);
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

PyObject* receipt_object(const Receipt& r) {
    PyObject* t = PyStructSequence_New(receipt_type);
    if (t == nullptr) throw py::error_already_set();
    const auto id = [](auto v) -> PyObject* {
        if (!v.valid()) Py_RETURN_NONE;
        return PyLong_FromUnsignedLong(v.value());
    };
    PyStructSequence_SET_ITEM(t, 0, id(r.case_id));
    PyStructSequence_SET_ITEM(t, 1, PyLong_FromUnsignedLongLong(r.sequence));
    PyStructSequence_SET_ITEM(t, 2, PyLong_FromUnsignedLong(r.case_sequence));
    PyStructSequence_SET_ITEM(t, 3, enum_member(r.command).release().ptr());
    PyStructSequence_SET_ITEM(t, 4, enum_member(r.from).release().ptr());
    PyStructSequence_SET_ITEM(t, 5, enum_member(r.to).release().ptr());
    PyStructSequence_SET_ITEM(t, 6, id(r.jurisdiction_before));
    PyStructSequence_SET_ITEM(t, 7, id(r.jurisdiction_after));
    PyStructSequence_SET_ITEM(t, 8, PyUnicode_FromStringAndSize(r.reason.data(), static_cast<Py_ssize_t>(r.reason.size())));
    PyStructSequence_SET_ITEM(t, 9, PyLong_FromUnsignedLong(r.follow_ups));
    for (Py_ssize_t i = 0; i < 10; ++i) {
        if (PyStructSequence_GET_ITEM(t, i) == nullptr) {
            Py_DECREF(t);
            throw py::error_already_set();
        }
    }
    return t;
}

void register_command_methods(py::module_& m) {
    receipt_type = PyStructSequence_NewType(&receipt_desc);
    if (receipt_type == nullptr) throw py::error_already_set();
    m.attr("Receipt") = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(receipt_type));

    py::object engine = m.attr("Engine");
    engine_type = reinterpret_cast<PyTypeObject*>(engine.ptr());
    static auto table = method_table(std::make_index_sequence<specs.size()>{});
    for (auto& def : table) {
        PyObject* descr = PyDescr_NewMethod(engine_type, &def);
        if (descr == nullptr) throw py::error_already_set();
        engine.attr(def.ml_name) = py::reinterpret_steal<py::object>(descr);
    }
}

}  // namespace fengqiao::python
