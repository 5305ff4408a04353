// C++ exceptions and refused commands become the exception classes of fengqiao._errors.
#include "bindings.hpp"

namespace fengqiao::python {
namespace {

struct ErrorClasses {
    py::object error, rejected, not_authorized, not_found, invalid_argument, config, storage, corrupt;
};

const ErrorClasses& classes() {
    static const ErrorClasses* c = [] {
        py::module_ e = py::module_::import("fengqiao._errors");
        return new ErrorClasses{e.attr("Error"),         e.attr("CommandRejected"), e.attr("NotAuthorized"),
                                e.attr("NotFound"),      e.attr("InvalidArgument"), e.attr("ConfigError"),
                                e.attr("StorageError"),  e.attr("JournalCorrupt")};
    }();
    return *c;
}

void set_error(const py::object& cls, const py::object& instance) { PyErr_SetObject(cls.ptr(), instance.ptr()); }

// A message as a Python str. Messages quote what the user gave, which may be invalid UTF-8 (a damaged
// file) or hold a NUL: those bytes are shown escaped, so the error itself never fails to be raised.
py::str text(std::string_view message) {
    PyObject* s = PyUnicode_DecodeUTF8(message.data(), static_cast<Py_ssize_t>(message.size()), "backslashreplace");
    if (s == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(s);
}

py::object maybe_enum_state(std::string_view name) {
    if (auto s = parse_enum<State>(name)) return enum_member(*s);
    return py::none();
}

py::object maybe_enum_command(std::string_view name) {
    if (auto k = parse_enum<CommandKind>(name)) return enum_member(*k);
    return py::none();
}

py::object rejected_instance(const Error& e) {
    const auto& c = classes();
    const py::object& cls = e.code == ErrorCode::not_authorized ? c.not_authorized : c.rejected;
    return cls(text(e.message), py::arg("code") = enum_member(e.code), py::arg("case_id") = py::cast(e.case_id),
               py::arg("actor") = py::cast(e.actor), py::arg("state") = maybe_enum_state(e.state),
               py::arg("command") = maybe_enum_command(e.command));
}

void translate(std::exception_ptr p) {
    const auto& c = classes();
    try {
        std::rethrow_exception(p);
    } catch (const py::cast_error& e) {
        // A value of the wrong type deep inside an argument (an element of a list, say).
        PyErr_SetString(PyExc_TypeError, e.what());
    } catch (const CommandRejected& e) {
        py::object x = rejected_instance(e.error());
        set_error(py::type::of(x), x);
    } catch (const ConfigError& e) {
        set_error(c.config, c.config(text(e.what()), py::arg("code") = enum_member(e.code()),
                                     py::arg("path") = e.path()));
    } catch (const StorageError& e) {
        set_error(c.storage, c.storage(text(e.what()), py::arg("code") = enum_member(e.code())));
    } catch (const JournalCorrupt& e) {
        set_error(c.corrupt, c.corrupt(text(e.what()), py::arg("code") = enum_member(e.code())));
    } catch (const Exception& e) {
        const py::object* cls = &c.error;
        switch (e.code()) {
            case ErrorCode::unknown_case:
            case ErrorCode::unknown_actor:
            case ErrorCode::unknown_jurisdiction: cls = &c.not_found; break;
            case ErrorCode::invalid_argument: cls = &c.invalid_argument; break;
            case ErrorCode::config_error: cls = &c.config; break;
            case ErrorCode::storage_failure: cls = &c.storage; break;
            case ErrorCode::corrupt_journal: cls = &c.corrupt; break;
            default: break;
        }
        set_error(*cls, (*cls)(text(e.what()), py::arg("code") = enum_member(e.code())));
    }
}

}  // namespace

void raise_rejected(const Error& e) {
    py::object x = rejected_instance(e);
    PyErr_SetObject(py::type::of(x).ptr(), x.ptr());
    throw py::error_already_set();
}

void register_errors(py::module_& m) {
    (void)classes();
    py::register_exception_translator(&translate);
    (void)m;
}

}  // namespace fengqiao::python
