// What every register_<thing>.cpp shares: how ids, enumerations and times cross into Python.
//
// Every translation unit of the module includes this header first, so all of them agree on the
// type casters below (a caster seen in one file and not in another would break the one-definition
// rule).
#pragma once

#include <pybind11/operators.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fengqiao/fengqiao.hpp>
#include <fengqiao/store/digest_journal.hpp>
#include <fengqiao/store/sqlite_journal.hpp>

namespace fengqiao {
/// Names of EscalationDecision::Kind values (the library names them only in documentation; Python
/// needs them as an enumeration like any other).
template <>
struct EnumNames<EscalationDecision::Kind> {
    /// What the enum is called in messages.
    static constexpr std::string_view kind = "escalation decision";
    /// Canonical names.
    static constexpr std::array<std::string_view, 3> names{"stay", "escalate", "refer"};
    /// Display labels.
    static constexpr std::array<std::string_view, 3> labels{"留在本级", "上交", "移交"};
};
}  // namespace fengqiao

namespace fengqiao::python {

namespace py = pybind11;

// ---------------------------------------------------------------------------------------------------
// Enumerations: Python enum.StrEnum classes built from EnumNames, so a member compares equal to its
// canonical name ("labour_wages", "apply-confirmation") and the C++ names stay the one source.

/// The Python class of an enumeration and its members, by underlying value.
struct EnumClass {
    py::object cls;                ///< the StrEnum subclass
    std::vector<py::object> members;  ///< members[i] is the member whose C++ value is i
};

/// The registry slot for @p E; filled by register_enums() at import.
template <class E>
EnumClass*& enum_class_slot() {
    static EnumClass* slot = nullptr;  // leaked on purpose: Python objects must outlive static destruction
    return slot;
}

/// The Python member for @p value (a new reference).
template <class E>
py::object enum_member(E value) {
    const EnumClass* k = enum_class_slot<E>();
    const auto i = static_cast<std::size_t>(value);
    if (k == nullptr || i >= k->members.size()) throw py::value_error("enumeration value out of range");
    return k->members[i];
}

/// Parses a member or a canonical name; throws ValueError or TypeError naming the enumeration.
template <class E>
E enum_from(py::handle h) {
    const EnumClass* k = enum_class_slot<E>();
    if (k != nullptr && Py_TYPE(h.ptr()) == reinterpret_cast<PyTypeObject*>(k->cls.ptr())) {
        // A member: its value is its canonical name, so the lookup below is the same; the fast path
        // avoids building a std::string for the common case.
        for (std::size_t i = 0; i < k->members.size(); ++i) {
            if (k->members[i].ptr() == h.ptr()) return static_cast<E>(i);
        }
    }
    // A member of another enumeration is a str too (they are StrEnums), but never the one meant.
    const bool other_enum = !PyUnicode_CheckExact(h.ptr()) && PyUnicode_Check(h.ptr()) &&
                            py::isinstance(h, py::module_::import("enum").attr("Enum"));
    if (!PyUnicode_Check(h.ptr()) || other_enum) {
        const py::handle type = py::type::of(h);
        throw py::type_error(std::string("expected a ") + std::string(EnumNames<E>::kind) + " (fengqiao." +
                             (k ? py::str(k->cls.attr("__name__")).cast<std::string>() : std::string("?")) +
                             " or one of its names), got " +
                             (other_enum ? std::string(py::str(type.attr("__qualname__"))) + "." +
                                               std::string(py::str(h.attr("name")))
                                         : std::string(py::str(type.attr("__name__")))));
    }
    Py_ssize_t size = 0;
    const char* text = PyUnicode_AsUTF8AndSize(h.ptr(), &size);
    if (text == nullptr) throw py::error_already_set();
    const std::string_view name(text, static_cast<std::size_t>(size));
    if (auto v = parse_enum<E>(name)) return *v;
    throw py::value_error("unknown " + std::string(EnumNames<E>::kind) + " '" + std::string(name) +
                          "'; expected one of: " + enum_choices<E>());
}

/// Builds the StrEnum class @p name for @p E in module @p m, with a docstring and a `label` property.
template <class E>
void bind_enum(py::module_& m, const char* name, const char* doc) {
    py::module_ enum_mod = py::module_::import("enum");
    py::list pairs;
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
        std::string member(EnumNames<E>::names[i]);
        std::string attr = member;
        for (char& ch : attr) {
            if (ch == '-') ch = '_';
        }
        pairs.append(py::make_tuple(attr, member));
    }
    py::object cls = enum_mod.attr("StrEnum")(name, pairs, py::arg("module") = "fengqiao");
    cls.attr("__doc__") = py::str(doc);
    cls.attr("__qualname__") = name;
    auto* k = new EnumClass{cls, {}};
    for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
        k->members.push_back(cls(py::str(std::string(EnumNames<E>::names[i]))));
    }
    enum_class_slot<E>() = k;
    cls.attr("label") = py::module_::import("builtins").attr("property")(
        py::cpp_function([](py::handle self) { return std::string(label(enum_from<E>(self))); }),
        py::none(), py::none(), "The display label (Chinese where the practice uses Chinese terms).");
    m.attr(name) = cls;
}

// ---------------------------------------------------------------------------------------------------
// Actors and jurisdictions may be named by id (int) or by their code (str) wherever a command takes
// them; the engine resolves codes against its roster and tree.

/// An actor as a Python caller names it: an id, or a code to look up.
struct ActorRef {
    ActorId id;        ///< set when given as an int (or an Actor)
    std::string code;  ///< set when given as a str
};

/// A jurisdiction as a Python caller names it: an id, or a code to look up.
struct PlaceRef {
    JurisdictionId id;  ///< set when given as an int (or a Jurisdiction)
    std::string code;   ///< set when given as a str
};

/// Resolves @p a in @p roster; throws fengqiao.NotFound naming the code.
ActorId resolve(const Roster& roster, const ActorRef& a);
/// Resolves @p p in @p tree; throws fengqiao.NotFound naming the code.
JurisdictionId resolve(const JurisdictionTree& tree, const PlaceRef& p);

/// True for a Python int or an integer-like object such as numpy.uint32 (never a bool or a float).
bool is_integer(py::handle h);
/// True for True, False and numpy.bool_ (never an int, a float, None or a string).
bool is_bool(py::handle h);
/// Reads a raw id value from a Python int; throws TypeError / ValueError naming @p what.
std::uint32_t id_value(py::handle h, const char* what);

/// @p value as a count from 0 to 4294967295 (a population, a capacity); ValueError naming @p what
/// otherwise, where pybind11 would only say that the arguments did not match.
inline std::uint32_t count_arg(long long value, const char* what) {
    if (value < 0 || value > 0xFFFFFFFFLL) {
        throw py::value_error(std::string(what) + " must be a whole number from 0 to 4294967295, got " +
                              std::to_string(value));
    }
    return static_cast<std::uint32_t>(value);
}
/// @p id, which @p method needs to name a case: TypeError if it is the none id (None from Python).
CaseId given_case(CaseId id, const char* method);

/// A file path given as str, bytes or os.PathLike, as text (os.fsdecode); TypeError for anything else.
std::string path_text(const py::handle& path);

// ---------------------------------------------------------------------------------------------------
// Time: aware datetimes in China Standard Time (+08:00); naive datetimes and dates are read in it too,
// as the library's own parse_time() does. no_time is None.

/// The datetime for @p t (None for no_time).
py::object to_datetime(TimePoint t);
/// A datetime, date or ISO 8601 string as a TimePoint; throws TypeError / ValueError.
TimePoint from_datetime(py::handle h);
/// A datetime.timedelta (or a number of seconds) as a Duration.
Duration from_timedelta(py::handle h);

// ---------------------------------------------------------------------------------------------------
// Policies written in Python

/// The engine a command is running on, so a Python policy receives that engine's own tree, roster
/// and workload (kept alive by the engine's Python object) instead of copies.
struct EngineCall {
    py::handle engine;                        ///< the Python Engine object
    const JurisdictionTree* tree = nullptr;   ///< its tree
    const Roster* roster = nullptr;           ///< its roster
    EngineCall* previous = nullptr;           ///< the enclosing call (a policy may drive another engine)
    bool in_policy = false;                   ///< one of its policies is running Python code now
};

/// The innermost engine call on this thread, or nullptr.
EngineCall*& current_engine_call();

/// Marks the engine @p engine as running for the lifetime of the scope.
class EngineCallScope {
public:
    /// Enters the scope.
    EngineCallScope(py::handle engine, const JurisdictionTree& tree, const Roster& roster) noexcept
        : call_{engine, &tree, &roster, current_engine_call(), false} {
        current_engine_call() = &call_;
    }
    EngineCallScope(const EngineCallScope&) = delete;
    EngineCallScope& operator=(const EngineCallScope&) = delete;
    /// Leaves the scope.
    ~EngineCallScope() { current_engine_call() = call_.previous; }

private:
    EngineCall call_;
};

/// True if any policy of @p set is implemented in Python (so the engine must hold the GIL).
bool involves_python(const PolicySet& set);

/// A copy of @p set in which each Python policy is held through a reference of its own, so whoever
/// keeps the copy (an engine) owns exactly one reference to each Python policy and can report it to the
/// garbage collector.
PolicySet owned_policies(const PolicySet& set);

/// Calls @p visit on each Python policy object of @p set (for an engine's tp_traverse).
int visit_python_policies(const PolicySet& set, visitproc visit, void* arg);

/// @p set with each Python policy replaced by its minimal default (for an engine's tp_clear).
PolicySet without_python_policies(const PolicySet& set);

// ---------------------------------------------------------------------------------------------------
// Errors

/// A new fengqiao.Receipt (a named tuple) for @p r.
PyObject* receipt_object(const Receipt& r);
/// A new fengqiao.Receipt that takes over @p r (its reason text is moved, not copied).
PyObject* receipt_object(Receipt&& r);

/// Raises the Python exception for a refused command (CommandRejected, NotAuthorized).
[[noreturn]] void raise_rejected(const Error& e);
/// Unwraps a command result or raises.
template <class T>
const T& value_or_raise(const Result<T>& r) {
    if (!r.ok()) raise_rejected(r.error());
    return *r;
}

// ---------------------------------------------------------------------------------------------------
// Registration, one function per bound concept.

void register_enums(py::module_& m);
void register_errors(py::module_& m);
void register_time(py::module_& m);
void register_model(py::module_& m);
void register_commands(py::module_& m);
void register_policies(py::module_& m);
void register_journal(py::module_& m);
void register_county(py::module_& m);
void register_engine(py::module_& m);
void register_command_methods(py::module_& m);
void register_receipt(py::module_& m);
void register_batch(py::module_& m);
void register_sim(py::module_& m);

/// The trees and rosters that belong to a live engine. Python reaches them (engine.roster, a policy's
/// arguments) as the same objects it builds counties from, so their changing methods check this set:
/// an actor added behind the engine's back would have no workload entry, and jurisdictions are fixed
/// once an engine runs.
std::unordered_set<const void*>& engine_owned();

/// Raises ValueError if @p part (a tree or roster) belongs to an engine.
void refuse_if_engine_owned(const void* part, const char* what);

}  // namespace fengqiao::python

// ---------------------------------------------------------------------------------------------------
// Type casters

namespace pybind11::detail {

/// Library enumerations <-> fengqiao StrEnum members (or their names).
#define FENGQIAO_ENUM_CASTER(E, NAME)                                                   \
    template <>                                                                         \
    struct type_caster<E> {                                                             \
        PYBIND11_TYPE_CASTER(E, const_name(NAME));                                      \
        bool load(handle src, bool convert) {                                           \
            if (!convert && !PyUnicode_Check(src.ptr())) return false;                  \
            value = fengqiao::python::enum_from<E>(src);                                \
            return true;                                                                \
        }                                                                               \
        static handle cast(E src, return_value_policy, handle) {                        \
            return fengqiao::python::enum_member<E>(src).release();                     \
        }                                                                               \
    }

FENGQIAO_ENUM_CASTER(fengqiao::ErrorCode, "ErrorCode");
FENGQIAO_ENUM_CASTER(fengqiao::State, "State");
FENGQIAO_ENUM_CASTER(fengqiao::CommandKind, "CommandKind");
FENGQIAO_ENUM_CASTER(fengqiao::Category, "Category");
FENGQIAO_ENUM_CASTER(fengqiao::Channel, "Channel");
FENGQIAO_ENUM_CASTER(fengqiao::RiskGrade, "RiskGrade");
FENGQIAO_ENUM_CASTER(fengqiao::Outcome, "Outcome");
FENGQIAO_ENUM_CASTER(fengqiao::ReferralRoute, "ReferralRoute");
FENGQIAO_ENUM_CASTER(fengqiao::Side, "Side");
FENGQIAO_ENUM_CASTER(fengqiao::Role, "Role");
FENGQIAO_ENUM_CASTER(fengqiao::JurisdictionKind, "JurisdictionKind");
FENGQIAO_ENUM_CASTER(fengqiao::Tier, "Tier");
FENGQIAO_ENUM_CASTER(fengqiao::Trigger, "Trigger");
FENGQIAO_ENUM_CASTER(fengqiao::DayCount, "DayCount");
FENGQIAO_ENUM_CASTER(fengqiao::RecordKind, "RecordKind");
FENGQIAO_ENUM_CASTER(fengqiao::EscalationDecision::Kind, "EscalationKind");
FENGQIAO_ENUM_CASTER(fengqiao::Durability, "Durability");
#undef FENGQIAO_ENUM_CASTER

/// Typed ids <-> int (the "none" id is None).
template <class Tag>
struct type_caster<fengqiao::Id<Tag>> {
    PYBIND11_TYPE_CASTER(fengqiao::Id<Tag>, const_name("int | None"));
    bool load(handle src, bool convert) {
        if (src.is_none()) {
            value = fengqiao::Id<Tag>{};
            return true;
        }
        if (!convert && !fengqiao::python::is_integer(src)) return false;
        value = fengqiao::Id<Tag>(fengqiao::python::id_value(src, noun()));
        return true;
    }
    static const char* noun() {
        if constexpr (std::is_same_v<Tag, fengqiao::CaseTag>) return "case id";
        if constexpr (std::is_same_v<Tag, fengqiao::ActorTag>) return "actor id";
        if constexpr (std::is_same_v<Tag, fengqiao::JurisdictionTag>) return "jurisdiction id";
        return "id";
    }
    static handle cast(fengqiao::Id<Tag> src, return_value_policy, handle) {
        if (!src.valid()) return none().release();
        return PyLong_FromUnsignedLong(src.value());
    }
};

/// Actor references: int id, str code, or an Actor.
template <>
struct type_caster<fengqiao::python::ActorRef> {
    PYBIND11_TYPE_CASTER(fengqiao::python::ActorRef, const_name("int | str"));
    bool load(handle src, bool convert);
    static handle cast(const fengqiao::python::ActorRef& src, return_value_policy, handle) {
        if (!src.code.empty()) return str(src.code).release();
        return PyLong_FromUnsignedLong(src.id.value());
    }
};

/// Jurisdiction references: int id, str code, or a Jurisdiction.
template <>
struct type_caster<fengqiao::python::PlaceRef> {
    PYBIND11_TYPE_CASTER(fengqiao::python::PlaceRef, const_name("int | str"));
    bool load(handle src, bool convert);
    static handle cast(const fengqiao::python::PlaceRef& src, return_value_policy, handle) {
        if (!src.code.empty()) return str(src.code).release();
        return PyLong_FromUnsignedLong(src.id.value());
    }
};

/// Instants <-> datetime.datetime (None for no_time).
template <>
struct type_caster<fengqiao::TimePoint> {
    PYBIND11_TYPE_CASTER(fengqiao::TimePoint, const_name("datetime.datetime | None"));
    bool load(handle src, bool convert) {
        if (!convert) return false;
        value = src.is_none() ? fengqiao::no_time : fengqiao::python::from_datetime(src);
        return true;
    }
    static handle cast(fengqiao::TimePoint src, return_value_policy, handle) {
        return fengqiao::python::to_datetime(src).release();
    }
};

/// Durations <-> datetime.timedelta.
template <>
struct type_caster<fengqiao::Duration> {
    PYBIND11_TYPE_CASTER(fengqiao::Duration, const_name("datetime.timedelta"));
    bool load(handle src, bool convert) {
        if (!convert) return false;
        value = fengqiao::python::from_timedelta(src);
        return true;
    }
    static handle cast(fengqiao::Duration src, return_value_policy, handle);
};

/// Civil dates <-> datetime.date.
template <>
struct type_caster<fengqiao::CivilDate> {
    PYBIND11_TYPE_CASTER(fengqiao::CivilDate, const_name("datetime.date"));
    bool load(handle src, bool convert);
    static handle cast(const fengqiao::CivilDate& src, return_value_policy, handle);
};

/// A team <-> list of actor ids.
template <>
struct type_caster<fengqiao::Team> {
    PYBIND11_TYPE_CASTER(fengqiao::Team, const_name("list[int]"));
    bool load(handle src, bool convert);
    static handle cast(const fengqiao::Team& src, return_value_policy, handle) {
        list out;
        for (fengqiao::ActorId a : src) out.append(pybind11::int_(a.value()));
        return out.release();
    }
};

/// Receipts -> fengqiao.Receipt, a named tuple: cheap to make on every command.
template <>
struct type_caster<fengqiao::Receipt> {
    PYBIND11_TYPE_CASTER(fengqiao::Receipt, const_name("Receipt"));
    bool load(handle, bool) { return false; }
    static handle cast(const fengqiao::Receipt& src, return_value_policy, handle) {
        return fengqiao::python::receipt_object(src);
    }
};

/// A category set <-> set of Category.
template <>
struct type_caster<fengqiao::CategorySet> {
    PYBIND11_TYPE_CASTER(fengqiao::CategorySet, const_name("set[Category]"));
    bool load(handle src, bool convert);
    static handle cast(const fengqiao::CategorySet& src, return_value_policy, handle);
};

}  // namespace pybind11::detail
