// Batches and tables: many commands at once from NumPy arrays, and the cases and the journal as
// columns for pandas (the DataFrames themselves are assembled in fengqiao/_frames.py).
#include <pybind11/numpy.h>

#include <algorithm>
#include <exception>
#include <optional>

#include "engine.hpp"

namespace fengqiao::python {
namespace {

template <class T>
using Column = py::array_t<T, py::array::c_style | py::array::forcecast>;

std::string type_name(py::handle h) { return py::str(py::type::of(h).attr("__name__")); }

// A per-row input: one value for every row, or a column of them.
template <class T>
class Input {
public:
    Input() = default;
    Input(T scalar) : scalar_(scalar) {}  // NOLINT(google-explicit-constructor)
    explicit Input(Column<T> column) : column_(std::move(column)), data_(column_.data()), size_(column_.size()) {}

    [[nodiscard]] T operator[](std::size_t i) const noexcept { return data_ ? data_[i] : scalar_; }
    [[nodiscard]] bool is_column() const noexcept { return data_ != nullptr; }
    [[nodiscard]] std::size_t size() const noexcept { return static_cast<std::size_t>(size_); }

private:
    T scalar_{};
    Column<T> column_;
    const T* data_ = nullptr;
    py::ssize_t size_ = 0;
};

bool is_array_like(py::handle h) {
    return py::isinstance<py::array>(h) || py::isinstance<py::list>(h) || py::isinstance<py::tuple>(h) ||
           py::hasattr(h, "__array__");
}

// A column argument as a one-dimensional array: a 2-D array would otherwise be read row after row
// as if it were one long column.
py::array as_column(py::handle h, const char* what) {
    py::object source = py::reinterpret_borrow<py::object>(h);
    // pandas' nullable columns (Int64, boolean: what read_csv gives a column with gaps) become NumPy
    // arrays of their own type; one that holds a missing value cannot, and is named.
    if (!py::isinstance<py::array>(h) && py::hasattr(h, "to_numpy") && py::hasattr(h, "dtype") &&
        py::hasattr(h.attr("dtype"), "numpy_dtype")) {
        try {
            source = h.attr("to_numpy")(py::arg("dtype") = h.attr("dtype").attr("numpy_dtype"));
        } catch (py::error_already_set& e) {
            if (!e.matches(PyExc_ValueError)) throw;
            throw py::value_error(std::string(what) + " holds a missing value (NA); fill or drop it first");
        }
    }
    py::array a = py::array::ensure(source);
    if (!a) throw py::type_error(std::string(what) + " could not be read as an array (got " + type_name(h) + ")");
    if (a.ndim() != 1) {
        throw py::value_error(std::string(what) + " must be a one-dimensional column, got an array of " +
                              std::to_string(a.ndim()) + " dimensions");
    }
    return a;
}

// Enumeration inputs: a member or name for every row, or a column of codes (integers, the C++ values),
// or a column of members / names.
// Whether an integer array holds a value below @p lo or above @p hi, compared as Python ints (an
// unsigned 64-bit value does not fit a long long).
bool values_outside(const py::array& a, long long lo, long long hi) {
    if (a.size() == 0) return false;
    const py::int_ least(a.attr("min")()), most(a.attr("max")());
    return least < py::int_(lo) || most > py::int_(hi);
}

template <class E>
Input<std::uint8_t> enum_input(py::handle h, const char* what) {
    if (PyUnicode_Check(h.ptr())) return Input<std::uint8_t>(static_cast<std::uint8_t>(enum_from<E>(h)));
    if (is_integer(h)) {
        const auto code = h.cast<long long>();
        if (code < 0 || code >= static_cast<long long>(EnumNames<E>::names.size())) {
            throw py::value_error(std::string(what) + " code " + std::to_string(code) + " is outside 0.." +
                                  std::to_string(EnumNames<E>::names.size() - 1) + " (the " +
                                  std::string(EnumNames<E>::kind) + " codes)");
        }
        return Input<std::uint8_t>(static_cast<std::uint8_t>(code));
    }
    if (!is_array_like(h)) {
        throw py::type_error(std::string(what) + " must be a " + std::string(EnumNames<E>::kind) +
                             " (a member, its name or its integer code), or an array of them, got " + type_name(h));
    }
    py::array a = as_column(h, what);
    if (a.size() == 0) return Input<std::uint8_t>(Column<std::uint8_t>(0));  // [] is float64 to NumPy
    Column<std::uint8_t> codes;
    const char k = a.dtype().kind();
    if (k == 'i' || k == 'u') {
        codes = Column<std::uint8_t>::ensure(a);
        const auto* d = codes.data();
        const auto n = static_cast<std::size_t>(codes.size());
        auto bad = std::find_if(d, d + n, [](std::uint8_t v) { return v >= EnumNames<E>::names.size(); });
        // A negative or huge code wraps when cast to uint8; check the original values too.
        if (n > 0 && (values_outside(a, 0, static_cast<long long>(EnumNames<E>::names.size()) - 1) || bad != d + n)) {
            throw py::value_error(std::string(what) + " holds codes outside 0.." +
                                  std::to_string(EnumNames<E>::names.size() - 1) + " (the " +
                                  std::string(EnumNames<E>::kind) + " codes)");
        }
    } else if (k == 'U' || k == 'O' || k == 'S') {
        codes = Column<std::uint8_t>(a.size());
        auto* out = codes.mutable_data();
        py::ssize_t i = 0;
        for (py::handle item : a.attr("ravel")().attr("tolist")()) out[i++] = static_cast<std::uint8_t>(enum_from<E>(item));
    } else {
        throw py::type_error(std::string(what) + " must hold integer codes or names, not dtype " +
                             py::str(a.dtype()).cast<std::string>());
    }
    return Input<std::uint8_t>(std::move(codes));
}

Input<std::uint32_t> id_input(py::handle h, const char* what, const Roster* roster = nullptr,
                              const JurisdictionTree* tree = nullptr) {
    if (is_integer(h) || PyUnicode_Check(h.ptr()) || h.is_none()) {
        if (h.is_none()) return Input<std::uint32_t>(0U);
        if (roster != nullptr) return Input<std::uint32_t>(resolve(*roster, h.cast<ActorRef>()).value());
        if (tree != nullptr) return Input<std::uint32_t>(resolve(*tree, h.cast<PlaceRef>()).value());
        return Input<std::uint32_t>(id_value(h, what));
    }
    if (!is_array_like(h)) {
        throw py::type_error(std::string(what) + " must be an id or an array of ids, got " + type_name(h));
    }
    py::array a = as_column(h, what);
    if (a.size() == 0) return Input<std::uint32_t>(Column<std::uint32_t>(0));  // [] is float64 to NumPy
    const char k = a.dtype().kind();
    if (k == 'O') {  // Python ints too large for any NumPy integer type land here
        bool all_ints = true;
        for (py::handle v : a.attr("tolist")()) all_ints = all_ints && is_integer(v);
        if (all_ints) throw py::value_error(std::string(what) + " holds values outside the id range 0..4294967295");
    }
    if (k != 'i' && k != 'u') {
        throw py::type_error(std::string(what) + " must hold integer ids, not " +
                             (a ? "dtype " + py::str(a.dtype()).cast<std::string>() : type_name(h)));
    }
    if (values_outside(a, 0, 0xFFFFFFFFLL)) {
        throw py::value_error(std::string(what) + " holds values outside the id range 0..4294967295");
    }
    return Input<std::uint32_t>(Column<std::uint32_t>::ensure(a));
}

Input<bool> bool_input(py::handle h, bool fallback, const char* what) {
    if (h.is_none()) return Input<bool>(fallback);
    if (is_bool(h)) return Input<bool>(PyObject_IsTrue(h.ptr()) == 1);
    if (!is_array_like(h)) {
        throw py::type_error(std::string(what) + " must be a bool or an array of bools, got " + type_name(h));
    }
    py::array a = as_column(h, what);
    if (a.size() == 0) return Input<bool>(Column<bool>(0));
    // Only real booleans: NaN, 0.2 or "no" would otherwise all read as true.
    if (a.dtype().kind() != 'b') {
        throw py::type_error(std::string(what) + " must hold bools, not dtype " + py::str(a.dtype()).cast<std::string>());
    }
    return Input<bool>(Column<bool>::ensure(a));
}

Input<std::int64_t> int_input(py::handle h, const char* what) {
    if (h.is_none()) return Input<std::int64_t>(std::int64_t{0});
    if (is_integer(h)) {
        int overflow = 0;
        const long long v = PyLong_AsLongLongAndOverflow(py::reinterpret_steal<py::object>(PyNumber_Index(h.ptr())).ptr(),
                                                         &overflow);
        if (overflow != 0) throw py::value_error(std::string(what) + " is out of the 64-bit range");
        return Input<std::int64_t>(static_cast<std::int64_t>(v));
    }
    if (!is_array_like(h)) {
        throw py::type_error(std::string(what) + " must be an int or an array of ints, got " + type_name(h));
    }
    py::array a = as_column(h, what);
    if (a.size() == 0) return Input<std::int64_t>(Column<std::int64_t>(0));
    // Only integers: floats would be cut to whole numbers (and NaN to the smallest integer) without a word.
    const char k = a.dtype().kind();
    if (k != 'i' && k != 'u') {
        throw py::type_error(std::string(what) + " must hold integers, not dtype " + py::str(a.dtype()).cast<std::string>());
    }
    if (k == 'u' && a.itemsize() == 8 && a.attr("max")().cast<unsigned long long>() > 0x7FFFFFFFFFFFFFFFULL) {
        throw py::value_error(std::string(what) + " holds values beyond the 64-bit signed range");
    }
    return Input<std::int64_t>(Column<std::int64_t>::ensure(a));
}

// The rows of a batch, checked for equal lengths.
std::size_t rows_of(std::initializer_list<std::pair<const char*, std::size_t>> columns) {
    std::optional<std::size_t> n;
    const char* first = nullptr;
    for (const auto& [name, size] : columns) {
        if (size == static_cast<std::size_t>(-1)) continue;
        if (!n) {
            n = size;
            first = name;
        } else if (*n != size) {
            throw py::value_error(std::string("column ") + name + " has " + std::to_string(size) + " rows but " +
                                  first + " has " + std::to_string(*n));
        }
    }
    if (!n) throw py::value_error("a batch needs at least one column (an array), not only single values");
    return *n;
}

template <class T>
std::size_t size_of(const Input<T>& in) {
    return in.is_column() ? in.size() : static_cast<std::size_t>(-1);
}

struct Payload {
    Input<std::uint8_t> route{static_cast<std::uint8_t>(ReferralRoute::litigation)};
    Input<std::uint8_t> outcome{static_cast<std::uint8_t>(Outcome::decided_elsewhere)};
    Input<std::uint8_t> grade{static_cast<std::uint8_t>(RiskGrade::yellow)};
    Input<bool> fulfilled{true};
    Input<bool> written{true};
    Input<bool> threat{false};
    Input<std::uint32_t> mediator{0U};
};

Command make_command(CommandKind kind, const Payload& p, std::size_t i) {
    switch (kind) {
        case CommandKind::accept: return Accept{};
        case CommandKind::reject: return Reject{};
        case CommandKind::assign: {
            Assign a;
            if (p.mediator[i] != 0) a.mediators.push_back(ActorId(p.mediator[i]));
            return a;
        }
        case CommandKind::hold_session: return HoldSession{};
        case CommandKind::reach_agreement: return ReachAgreement{{}, p.written[i]};
        case CommandKind::fail: return Fail{};
        case CommandKind::expire: return Expire{};
        case CommandKind::escalate: return Escalate{};
        case CommandKind::refer: return Refer{static_cast<ReferralRoute>(p.route[i]), {}};
        case CommandKind::apply_confirmation: return ApplyConfirmation{};
        case CommandKind::confirmation_granted: return ConfirmationGranted{};
        case CommandKind::confirmation_denied: return ConfirmationDenied{};
        case CommandKind::start_follow_up: return StartFollowUp{};
        case CommandKind::record_fulfilment: return RecordFulfilment{p.fulfilled[i], {}};
        case CommandKind::close: return Close{static_cast<Outcome>(p.outcome[i]), {}};
        case CommandKind::withdraw: return Withdraw{};
        case CommandKind::raise_risk: return RaiseRisk{static_cast<RiskGrade>(p.grade[i]), {}, p.threat[i]};
        case CommandKind::risk_escalation: return RiskEscalation{};
        case CommandKind::report: break;
    }
    return Report{};  // refused by the caller before it gets here
}

// How many requests are committed together: large enough that the commit is amortised, small enough
// that the batch's requests never need much memory at once.
constexpr std::size_t chunk = 4096;

struct BatchOutcome {
    py::array_t<std::int8_t> error;  // -1 applied, else the ErrorCode value; one per row stored
    std::optional<Error> first;      // the first refusal, with its message
    // Each stored row's new case id (0 where refused), when the caller asked for them: read from the
    // receipts, since a listener issuing reports of its own between two groups takes ids in between.
    std::optional<py::array_t<std::uint32_t>> case_ids;
    std::size_t refused = 0;
    bool gil_released = false;
    // A policy, a listener or the journal raised: the rows before error.size() were stored, the rest
    // not submitted. Raised again, carrying the BatchResult, by batch_result().
    std::exception_ptr interrupted;
};

// The Python exception that pybind11 raises for @p caught (a Python exception as it is; a C++ one
// through the module's translators, as if it had left the call).
py::error_already_set as_python_error(const std::exception_ptr& caught) {
    try {
        std::rethrow_exception(caught);
    } catch (py::error_already_set& x) {
        return x;
    } catch (...) {
        if (!py::detail::apply_exception_translators(py::detail::get_local_internals().registered_exception_translators) &&
            !py::detail::apply_exception_translators(py::detail::get_internals().registered_exception_translators)) {
            PyErr_SetString(PyExc_SystemError, "an unknown C++ exception escaped a batch");
        }
    }
    return py::error_already_set();  // takes the error the translator set
}

template <class Fill>
BatchOutcome run_batch(PyEngine& e, std::size_t n, Fill&& fill, bool want_case_ids = false) {
    BatchOutcome out;
    out.error = py::array_t<std::int8_t>(static_cast<py::ssize_t>(n));
    std::int8_t* err = out.error.mutable_data();
    std::uint32_t* ids = nullptr;
    if (want_case_ids) ids = out.case_ids.emplace(static_cast<py::ssize_t>(n)).mutable_data();
    std::size_t stored = 0;  // rows whose group was committed
    auto body = [&] {
        std::vector<Request> requests;
        std::vector<Result<Receipt>> results;
        requests.reserve(std::min(n, chunk));
        const auto record = [&](std::size_t start) {
            for (std::size_t i = start; i < start + results.size(); ++i) {
                const auto& r = results[i - start];
                if (ids != nullptr) ids[i] = r.ok() ? r.value().case_id.value() : 0U;
                if (r.ok()) {
                    err[i] = -1;
                } else {
                    err[i] = static_cast<std::int8_t>(r.error().code);
                    if (!out.first) out.first = r.error();
                    ++out.refused;
                }
            }
            stored = start + results.size();
        };
        for (std::size_t start = 0; start < n; start += chunk) {
            const std::size_t end = std::min(n, start + chunk);
            requests.clear();
            for (std::size_t i = start; i < end; ++i) requests.push_back(fill(i));
            try {
                e.engine.submit_batch(requests, results);
            } catch (...) {
                // Results are there only if the group was committed before a listener raised. The
                // exception is kept as it is (the GIL may be released here) and raised again later.
                record(start);
                out.interrupted = std::current_exception();
                return;
            }
            record(start);
        }
    };
    out.gil_released = e.run_released(body);
    if (stored < n) {
        py::array_t<std::int8_t> kept(static_cast<py::ssize_t>(stored));
        std::copy_n(out.error.data(), stored, kept.mutable_data());
        out.error = std::move(kept);
        if (out.case_ids) {
            py::array_t<std::uint32_t> kept_ids(static_cast<py::ssize_t>(stored));
            std::copy_n(out.case_ids->data(), stored, kept_ids.mutable_data());
            out.case_ids = std::move(kept_ids);
        }
    }
    return out;
}

py::object batch_result(BatchOutcome&& o) {
    py::object case_ids = o.case_ids ? py::object(std::move(*o.case_ids)) : py::object(py::none());
    py::object first = py::none();
    if (o.first) {
        try {
            raise_rejected(*o.first);
        } catch (py::error_already_set& x) {
            first = x.value();
        }
    }
    py::module_ frames = py::module_::import("fengqiao._frames");
    py::object result = frames.attr("BatchResult")(o.error, o.refused, first, case_ids, o.gil_released);
    if (o.interrupted) {
        py::error_already_set error = as_python_error(o.interrupted);
        py::setattr(error.value(), "batch_result", result);
        throw error;
    }
    return result;
}

// --- tables ----------------------------------------------------------------------------------------------

template <class T>
py::array_t<T> column(std::size_t n) {
    return py::array_t<T>(static_cast<py::ssize_t>(n));
}

std::int64_t seconds(TimePoint t) {
    return t == no_time ? std::numeric_limits<std::int64_t>::min() : t.time_since_epoch().count();
}

py::dict case_columns(PyEngine& e) {
    const auto& cases = e.use().cases();
    const auto& tree = e.engine.jurisdictions();
    const std::size_t n = cases.size();
    auto id = column<std::uint32_t>(n), jurisdiction = column<std::uint32_t>(n), origin = column<std::uint32_t>(n);
    auto state = column<std::int8_t>(n), category = column<std::int8_t>(n), channel = column<std::int8_t>(n),
         risk = column<std::int8_t>(n), outcome = column<std::int8_t>(n), route = column<std::int8_t>(n),
         level = column<std::int8_t>(n);
    auto open = column<bool>(n), overdue = column<bool>(n);
    auto sessions = column<std::uint16_t>(n), failures = column<std::uint16_t>(n), escalations = column<std::uint16_t>(n),
         parties = column<std::uint16_t>(n);
    auto amount = column<std::int64_t>(n), reported = column<std::int64_t>(n), since = column<std::int64_t>(n),
         deadline = column<std::int64_t>(n), closed = column<std::int64_t>(n);
    {
        // Pointers first: the loop below runs without the GIL.
        auto* p_id = id.mutable_data();
        auto* p_j = jurisdiction.mutable_data();
        auto* p_o = origin.mutable_data();
        auto* p_state = state.mutable_data();
        auto* p_cat = category.mutable_data();
        auto* p_ch = channel.mutable_data();
        auto* p_risk = risk.mutable_data();
        auto* p_out = outcome.mutable_data();
        auto* p_route = route.mutable_data();
        auto* p_level = level.mutable_data();
        auto* p_open = open.mutable_data();
        auto* p_over = overdue.mutable_data();
        auto* p_ses = sessions.mutable_data();
        auto* p_fail = failures.mutable_data();
        auto* p_esc = escalations.mutable_data();
        auto* p_par = parties.mutable_data();
        auto* p_amt = amount.mutable_data();
        auto* p_rep = reported.mutable_data();
        auto* p_since = since.mutable_data();
        auto* p_dl = deadline.mutable_data();
        auto* p_closed = closed.mutable_data();
        const TimePoint now = e.engine.now();
        const PyEngine::Busy busy(e);
        py::gil_scoped_release release;
        std::vector<std::int8_t> tier(tree.size());
        for (const auto& j : tree.nodes()) tier[j.id.index()] = static_cast<std::int8_t>(tier_of(j.kind));
        for (std::size_t i = 0; i < n; ++i) {
            const Case& c = cases[i];
            p_id[i] = c.id.value();
            p_j[i] = c.jurisdiction.value();
            p_o[i] = c.origin.value();
            p_state[i] = static_cast<std::int8_t>(c.state);
            p_cat[i] = static_cast<std::int8_t>(c.category);
            p_ch[i] = static_cast<std::int8_t>(c.channel);
            p_risk[i] = static_cast<std::int8_t>(c.risk);
            p_out[i] = static_cast<std::int8_t>(c.outcome);
            p_route[i] = static_cast<std::int8_t>(c.route);
            p_level[i] = tier[c.jurisdiction.index()];
            p_open[i] = c.open();
            p_over[i] = c.open() && (c.overdue || c.deadline <= now);
            p_ses[i] = c.sessions;
            p_fail[i] = c.failures;
            p_esc[i] = c.escalations;
            p_par[i] = c.parties;
            p_amt[i] = c.claimed_amount;
            p_rep[i] = seconds(c.reported_at);
            p_since[i] = seconds(c.state_since);
            p_dl[i] = seconds(c.deadline);
            p_closed[i] = seconds(c.closed_at);
        }
    }
    py::dict d;
    d["case_id"] = id;
    d["state"] = state;
    d["category"] = category;
    d["channel"] = channel;
    d["risk"] = risk;
    d["outcome"] = outcome;
    d["route"] = route;
    d["level"] = level;
    d["jurisdiction"] = jurisdiction;
    d["origin"] = origin;
    d["open"] = open;
    d["overdue"] = overdue;
    d["sessions"] = sessions;
    d["failures"] = failures;
    d["escalations"] = escalations;
    d["parties"] = parties;
    d["claimed_amount"] = amount;
    d["reported_at"] = reported;
    d["state_since"] = since;
    d["deadline"] = deadline;
    d["closed_at"] = closed;
    return d;
}

py::dict journal_columns(PyEngine& e, bool text) {
    const auto& tree = e.use().jurisdictions();
    const Journal& j = *e.journal;
    const auto n = static_cast<std::size_t>(j.size());
    auto sequence = column<std::uint64_t>(n);
    auto case_id = column<std::uint32_t>(n), case_seq = column<std::uint32_t>(n), actor = column<std::uint32_t>(n),
         before = column<std::uint32_t>(n), after = column<std::uint32_t>(n);
    auto kind = column<std::int8_t>(n), command = column<std::int8_t>(n), from = column<std::int8_t>(n),
         to = column<std::int8_t>(n), risk = column<std::int8_t>(n), route = column<std::int8_t>(n),
         level_before = column<std::int8_t>(n), level_after = column<std::int8_t>(n);
    auto time = column<std::int64_t>(n);
    std::vector<std::string> reasons;
    std::size_t rows = 0;
    {
        auto* p_seq = sequence.mutable_data();
        auto* p_case = case_id.mutable_data();
        auto* p_cseq = case_seq.mutable_data();
        auto* p_actor = actor.mutable_data();
        auto* p_before = before.mutable_data();
        auto* p_after = after.mutable_data();
        auto* p_kind = kind.mutable_data();
        auto* p_cmd = command.mutable_data();
        auto* p_from = from.mutable_data();
        auto* p_to = to.mutable_data();
        auto* p_risk = risk.mutable_data();
        auto* p_route = route.mutable_data();
        auto* p_lb = level_before.mutable_data();
        auto* p_la = level_after.mutable_data();
        auto* p_time = time.mutable_data();
        std::vector<std::int8_t> tier(tree.size() + 1, -1);
        for (const auto& jd : tree.nodes()) tier[jd.id.value()] = static_cast<std::int8_t>(tier_of(jd.kind));
        auto level = [&tier](JurisdictionId id) { return id.value() < tier.size() ? tier[id.value()] : std::int8_t{-1}; };
        if (text) reasons.reserve(n);
        const PyEngine::Busy busy(e);
        std::optional<py::gil_scoped_release> release;
        if (!text) release.emplace();
        j.for_each([&](const JournalRecord& r) {
            if (rows == n) return;  // records appended meanwhile are not ours to report
            const std::size_t i = rows++;
            p_seq[i] = r.sequence;
            p_case[i] = r.case_id.value();
            p_cseq[i] = r.case_sequence;
            p_actor[i] = r.actor.value();
            p_before[i] = r.jurisdiction_before.value();
            p_after[i] = r.jurisdiction_after.value();
            p_kind[i] = static_cast<std::int8_t>(r.kind);
            p_cmd[i] = static_cast<std::int8_t>(r.command_kind());
            p_from[i] = static_cast<std::int8_t>(r.from);
            p_to[i] = static_cast<std::int8_t>(r.to);
            p_risk[i] = static_cast<std::int8_t>(r.risk_after);
            p_route[i] = static_cast<std::int8_t>(r.route_after);
            p_lb[i] = level(r.jurisdiction_before);
            p_la[i] = level(r.jurisdiction_after);
            p_time[i] = seconds(r.time);
            if (text) reasons.push_back(r.reason);
        });
    }
    py::dict d;
    auto cut = [rows](py::array a) -> py::object { return a[py::slice(0, static_cast<py::ssize_t>(rows), 1)]; };
    d["sequence"] = cut(sequence);
    d["case_id"] = cut(case_id);
    d["case_sequence"] = cut(case_seq);
    d["kind"] = cut(kind);
    d["command"] = cut(command);
    d["from_state"] = cut(from);
    d["to_state"] = cut(to);
    d["actor"] = cut(actor);
    d["jurisdiction_before"] = cut(before);
    d["jurisdiction_after"] = cut(after);
    d["level_before"] = cut(level_before);
    d["level_after"] = cut(level_after);
    d["risk_after"] = cut(risk);
    d["route_after"] = cut(route);
    d["time"] = cut(time);
    if (text) d["reason"] = py::cast(reasons);
    return d;
}

}  // namespace

void register_batch(py::module_& m) {
    auto engine = py::reinterpret_borrow<py::class_<PyEngine>>(m.attr("Engine"));

    engine.def(
        "submit_many",
        [](PyEngine& e, const py::object& case_ids, const py::object& actors, const py::object& commands,
           const py::object& route, const py::object& outcome, const py::object& grade, const py::object& threat,
           const py::object& fulfilled, const py::object& written, const py::object& mediator) {
            auto cases = id_input(case_ids, "case_ids");
            auto who = id_input(actors, "actors", &e.use().roster());
            auto kinds = enum_input<CommandKind>(commands, "commands");
            Payload p;
            if (!route.is_none()) p.route = enum_input<ReferralRoute>(route, "route");
            if (!outcome.is_none()) p.outcome = enum_input<Outcome>(outcome, "outcome");
            if (!grade.is_none()) p.grade = enum_input<RiskGrade>(grade, "grade");
            p.threat = bool_input(threat, false, "threat");
            p.fulfilled = bool_input(fulfilled, true, "fulfilled");
            p.written = bool_input(written, true, "written");
            // 0 (or None) lets the assignment policy choose.
            if (!mediator.is_none() && !(is_integer(mediator) && mediator.cast<long long>() == 0)) {
                p.mediator = id_input(mediator, "mediator", &e.use().roster());
            }
            const std::size_t n = rows_of({{"case_ids", size_of(cases)},  {"actors", size_of(who)},
                                           {"commands", size_of(kinds)},  {"route", size_of(p.route)},
                                           {"outcome", size_of(p.outcome)}, {"grade", size_of(p.grade)},
                                           {"threat", size_of(p.threat)}, {"fulfilled", size_of(p.fulfilled)},
                                           {"written", size_of(p.written)}, {"mediator", size_of(p.mediator)}});
            for (std::size_t i = 0; i < (kinds.is_column() ? n : 1); ++i) {
                if (static_cast<CommandKind>(kinds[i]) == CommandKind::report) {
                    throw py::value_error("submit_many() applies commands to existing cases (row " + std::to_string(i) +
                                          " is a report); use report_many() to report");
                }
            }
            auto o = run_batch(e, n, [&](std::size_t i) {
                const auto k = static_cast<CommandKind>(kinds[i]);
                Request r;
                r.case_id = CaseId(cases[i]);
                r.actor = ActorId(who[i]);
                r.command = make_command(k, p, i);
                return r;
            });
            return batch_result(std::move(o));
        },
        py::arg("case_ids"), py::arg("actors"), py::arg("commands"), py::kw_only(), py::arg("route") = py::none(),
        py::arg("outcome") = py::none(), py::arg("grade") = py::none(), py::arg("threat") = py::none(),
        py::arg("fulfilled") = py::none(), py::arg("written") = py::none(), py::arg("mediator") = py::none(),
        "Applies many commands from NumPy arrays (or lists): row i issues commands[i] on case_ids[i] by actors[i]. "
        "Any argument may be a single value used for every row. `commands` holds CommandKind members, names or "
        "integer codes (fengqiao.codes(fengqiao.CommandKind)); payload columns: `route` (refer), `outcome` "
        "(close), `grade` and `threat` (raise-risk), `fulfilled` (fulfilment), `written` (agree), `mediator` "
        "(assign; 0 lets the policy choose). Text fields are empty. Requests are committed in groups of 4096; the "
        "GIL is released while no Python policy or listener is involved. Returns a BatchResult; refusals are "
        "counted there, not raised. An exception that interrupts the batch carries the BatchResult of the "
        "rows stored before it as `batch_result`.");

    engine.def(
        "report_many",
        [](PyEngine& e, const py::object& actors, const py::object& jurisdictions, const py::object& categories,
           const py::object& channels, const py::object& claimed_amounts, const py::object& risks) {
            auto who = id_input(actors, "actors", &e.use().roster());
            auto where = id_input(jurisdictions, "jurisdictions", nullptr, &e.use().jurisdictions());
            auto cat = enum_input<Category>(categories, "categories");
            auto ch = channels.is_none() ? Input<std::uint8_t>(static_cast<std::uint8_t>(Channel::walk_in))
                                         : enum_input<Channel>(channels, "channels");
            auto amount = int_input(claimed_amounts, "claimed_amounts");
            auto risk = risks.is_none() ? Input<std::uint8_t>(static_cast<std::uint8_t>(RiskGrade::blue))
                                        : enum_input<RiskGrade>(risks, "risks");
            const std::size_t n = rows_of({{"actors", size_of(who)},      {"jurisdictions", size_of(where)},
                                           {"categories", size_of(cat)},  {"channels", size_of(ch)},
                                           {"claimed_amounts", size_of(amount)}, {"risks", size_of(risk)}});
            auto o = run_batch(e, n, [&](std::size_t i) {
                Report r;
                r.jurisdiction = JurisdictionId(where[i]);
                r.category = static_cast<Category>(cat[i]);
                r.channel = static_cast<Channel>(ch[i]);
                r.claimed_amount = amount[i];
                r.risk = static_cast<RiskGrade>(risk[i]);
                return Request{CaseId{}, ActorId(who[i]), std::move(r), {}};
            }, true);
            return batch_result(std::move(o));
        },
        py::arg("actors"), py::arg("jurisdictions"), py::arg("categories"), py::kw_only(),
        py::arg("channels") = py::none(), py::arg("claimed_amounts") = py::none(), py::arg("risks") = py::none(),
        "Reports many disputes from arrays (any argument may be a single value for every row). Returns a "
        "BatchResult whose case_ids holds each new case's id (0 where the report was refused). An exception that "
        "interrupts the batch carries the BatchResult of the rows stored before it as `batch_result`.");

    engine.def(
        "cases_frame",
        [](const py::object& self) { return py::module_::import("fengqiao._frames").attr("cases_frame")(self); },
        "Every case as one row of a pandas DataFrame indexed by case_id. state, category, channel, risk, outcome, "
        "route and level (the Tier of the current jurisdiction) are categorical with every value as a category, so "
        "empty ones still count; times are in China Standard Time (NaT where unset; a column with a time "
        "outside pandas' 1677-2262 holds Python datetimes instead).");
    engine.def(
        "journal_frame",
        [](const py::object& self, bool text) {
            return py::module_::import("fengqiao._frames").attr("journal_frame")(self, text);
        },
        py::arg("text") = false,
        "Every committed journal record as one row of a pandas DataFrame indexed by sequence. kind, command, "
        "from_state, to_state, level_before, level_after, risk_after and route_after are categorical; with "
        "text=True a reason column holds the policies' reasons and refusal messages.");
    engine.def("_case_columns", &case_columns, "The cases as NumPy columns (see cases_frame()).");
    engine.def("_journal_columns", &journal_columns, py::arg("text") = false,
               "The committed journal as NumPy columns (see journal_frame()).");
}

}  // namespace fengqiao::python
