// Every library enumeration as a Python StrEnum, plus the id and reference casters that need no
// engine.
#include "bindings.hpp"

namespace fengqiao::python {

bool is_integer(py::handle h) {
    // Python ints and anything that is an integer by __index__ (numpy.uint32, ...), but not bool.
    // (A NumPy array has __index__ too, but is a sequence.)
    return !PyBool_Check(h.ptr()) &&
           (PyLong_Check(h.ptr()) || (PyIndex_Check(h.ptr()) && !PyFloat_Check(h.ptr()) && !PySequence_Check(h.ptr())));
}

bool is_bool(py::handle h) {
    if (PyBool_Check(h.ptr())) return true;
    const py::handle type = py::type::of(h);
    const std::string name = py::str(type.attr("__name__"));
    return (name == "bool_" || name == "bool") && std::string(py::str(type.attr("__module__"))) == "numpy";
}

std::uint32_t id_value(py::handle h, const char* what) {
    if (PyUnicode_Check(h.ptr())) {
        throw py::type_error(std::string("expected an int ") + what + ", got the str '" +
                             std::string(py::str(h)) +
                             "' (objects such as Report and Assign hold ids: JurisdictionTree.find() and "
                             "Roster.find() turn a code into its id; the engine's methods take codes as they are)");
    }
    if (!is_integer(h)) {
        throw py::type_error(std::string("expected an int ") + what + ", got " +
                             std::string(py::str(py::type::of(h).attr("__name__"))));
    }
    py::object number = py::reinterpret_borrow<py::object>(h);
    if (!PyLong_CheckExact(h.ptr())) {
        number = py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr()));
        if (!number) throw py::error_already_set();
    }
    int overflow = 0;
    const long long v = PyLong_AsLongLongAndOverflow(number.ptr(), &overflow);
    if (overflow != 0 || v < 1 || v > 0xFFFFFFFFLL) {
        throw py::value_error(std::string(what) + " " + std::string(py::str(h)) +
                              " is out of range (ids are 1 to 4294967295; use None for none)");
    }
    return static_cast<std::uint32_t>(v);
}

CaseId given_case(CaseId id, const char* method) {
    if (!id.valid()) throw py::type_error(std::string(method) + "() argument 'case_id' must be a case id, not None");
    return id;
}

ActorId resolve(const Roster& roster, const ActorRef& a) {
    if (a.code.empty()) return a.id;
    const ActorId id = roster.find_code(a.code);
    if (!id.valid()) {
        throw Exception(ErrorCode::unknown_actor, "no actor has the code '" + a.code + "' (the roster has " +
                                                      std::to_string(roster.size()) + " actors)");
    }
    return id;
}

JurisdictionId resolve(const JurisdictionTree& tree, const PlaceRef& p) {
    if (p.code.empty()) return p.id;
    const JurisdictionId id = tree.find_code(p.code);
    if (!id.valid()) {
        throw Exception(ErrorCode::unknown_jurisdiction, "no jurisdiction has the code '" + p.code +
                                                             "' (the tree has " + std::to_string(tree.size()) +
                                                             " jurisdictions)");
    }
    return id;
}

namespace {

std::string code_of(py::handle src, const char* what) {
    std::string code = src.cast<std::string>();
    if (code.empty()) throw py::value_error(std::string("an empty string does not name ") + what);
    return code;
}

}  // namespace

void register_enums(py::module_& m) {
    bind_enum<ErrorCode>(m, "ErrorCode", "Why a command, a file or a call was refused (the .code of fengqiao.Error).");
    bind_enum<State>(m, "State", "Where a case stands in its lifecycle.");
    bind_enum<CommandKind>(m, "CommandKind",
                           "The commands actors issue on cases (and the two the engine issues itself); values "
                           "are the journal's command names, e.g. 'apply-confirmation'.");
    bind_enum<Category>(m, "Category", "What a dispute is about, as county mediation statistics count it.");
    bind_enum<Channel>(m, "Channel", "How a dispute reached the system.");
    bind_enum<RiskGrade>(m, "RiskGrade", "Risk grade, lowest to highest: blue, yellow, orange, red.");
    bind_enum<Outcome>(m, "Outcome", "How a case ended (open while it is open).");
    bind_enum<ReferralRoute>(m, "ReferralRoute", "A route out of the mediation system.");
    bind_enum<Side>(m, "Side", "Which side of a dispute a party is on.");
    bind_enum<Role>(m, "Role", "What an actor does in the practice; authorization decides per role.");
    bind_enum<JurisdictionKind>(m, "JurisdictionKind", "What kind of area a jurisdiction is.");
    bind_enum<Tier>(m, "Tier", "The level a jurisdiction belongs to: village, township, county, city, province.");
    bind_enum<Trigger>(m, "Trigger", "What prompted an escalation decision.");
    bind_enum<DayCount>(m, "DayCount", "How a time limit counts days: calendar or working days.");
    bind_enum<RecordKind>(m, "RecordKind", "Whether a journal record changed a case or documents a refused attempt.");
    bind_enum<EscalationDecision::Kind>(m, "EscalationKind", "The answer of an escalation policy: stay, escalate, refer.");
    bind_enum<Durability>(m, "Durability", "When a committed transaction of a SQLite journal reaches stable storage.");

    m.attr("SYSTEM_ACTOR") = py::int_(system_actor.value());
}

}  // namespace fengqiao::python

namespace pybind11::detail {

bool type_caster<fengqiao::python::ActorRef>::load(handle src, bool convert) {
    namespace fp = fengqiao::python;
    if (fp::is_integer(src)) {
        value = {fengqiao::ActorId(fp::id_value(src, "actor id")), {}};
        return true;
    }
    if (!convert) return false;
    if (PyUnicode_Check(src.ptr())) {
        value = {{}, fp::code_of(src, "an actor")};
        return true;
    }
    if (isinstance<fengqiao::Actor>(src)) {
        value = {src.cast<const fengqiao::Actor&>().id, {}};
        return true;
    }
    throw type_error("an actor is named by its id (int), its code (str) or an Actor, not " +
                     std::string(str(type::of(src).attr("__name__"))));
}

bool type_caster<fengqiao::python::PlaceRef>::load(handle src, bool convert) {
    namespace fp = fengqiao::python;
    if (src.is_none()) {
        value = {};
        return true;
    }
    if (fp::is_integer(src)) {
        value = {fengqiao::JurisdictionId(fp::id_value(src, "jurisdiction id")), {}};
        return true;
    }
    if (!convert) return false;
    if (PyUnicode_Check(src.ptr())) {
        value = {{}, fp::code_of(src, "a jurisdiction")};
        return true;
    }
    if (isinstance<fengqiao::Jurisdiction>(src)) {
        value = {src.cast<const fengqiao::Jurisdiction&>().id, {}};
        return true;
    }
    throw type_error("a jurisdiction is named by its id (int), its code (str), a Jurisdiction or None, not " +
                     std::string(str(type::of(src).attr("__name__"))));
}

bool type_caster<fengqiao::Team>::load(handle src, bool convert) {
    if (!convert) return false;
    if (PyUnicode_Check(src.ptr()) || !isinstance<iterable>(src)) {
        throw type_error("a team is a list of actor ids, not " + std::string(str(type::of(src).attr("__name__"))));
    }
    value.clear();
    for (handle item : reinterpret_borrow<iterable>(src)) {
        const auto id = fengqiao::ActorId(fengqiao::python::id_value(item, "team member id"));
        if (value.size() == fengqiao::Team::max_size) {
            throw value_error("a team has at most " + std::to_string(fengqiao::Team::max_size) + " members");
        }
        if (!value.add(id)) throw value_error("actor " + std::to_string(id.value()) + " is named twice in the team");
    }
    return true;
}

bool type_caster<fengqiao::CategorySet>::load(handle src, bool convert) {
    if (!convert) return false;
    if (PyUnicode_Check(src.ptr()) || !isinstance<iterable>(src)) {
        throw type_error("expected a set of categories, not " + std::string(str(type::of(src).attr("__name__"))));
    }
    value = fengqiao::CategorySet{};
    for (handle item : reinterpret_borrow<iterable>(src)) value.insert(fengqiao::python::enum_from<fengqiao::Category>(item));
    return true;
}

handle type_caster<fengqiao::CategorySet>::cast(const fengqiao::CategorySet& src, return_value_policy, handle) {
    set out;
    for (auto c : fengqiao::enum_values<fengqiao::Category>()) {
        if (src.contains(c)) out.add(fengqiao::python::enum_member(c));
    }
    return out.release();
}

}  // namespace pybind11::detail
