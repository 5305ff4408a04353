// fengqiao.Receipt: what every command returns.
//
// A command from Python returns one on every call, so making it must cost next to nothing: the object
// holds the C++ Receipt itself and builds each attribute only when it is read. It is read-only,
// compares by value and unpacks like the tuple of its fields.
#include <cstddef>
#include <new>
#include <sstream>

#include "bindings.hpp"

namespace fengqiao::python {
namespace {

struct ReceiptObject {
    PyObject_HEAD
    Receipt value;
};

PyTypeObject* receipt_type = nullptr;

constexpr std::array<const char*, 10> field_names{"case_id",    "sequence",           "case_sequence",
                                                  "command",    "from_state",         "to_state",
                                                  "jurisdiction_before", "jurisdiction_after", "reason",
                                                  "follow_ups"};

const Receipt& value_of(PyObject* self) { return reinterpret_cast<ReceiptObject*>(self)->value; }

PyObject* id_object(std::uint32_t raw) {
    if (raw == 0) Py_RETURN_NONE;
    return PyLong_FromUnsignedLong(raw);
}

// Field @p i as a new reference (nullptr with an exception set on failure).
PyObject* field(const Receipt& r, std::size_t i) {
    try {
        switch (i) {
            case 0: return id_object(r.case_id.value());
            case 1: return PyLong_FromUnsignedLongLong(r.sequence);
            case 2: return PyLong_FromUnsignedLong(r.case_sequence);
            case 3: return enum_member(r.command).release().ptr();
            case 4: return enum_member(r.from).release().ptr();
            case 5: return enum_member(r.to).release().ptr();
            case 6: return id_object(r.jurisdiction_before.value());
            case 7: return id_object(r.jurisdiction_after.value());
            case 8: return PyUnicode_FromStringAndSize(r.reason.data(), static_cast<Py_ssize_t>(r.reason.size()));
            case 9: return PyLong_FromUnsignedLong(r.follow_ups);
            default: break;
        }
        PyErr_SetString(PyExc_IndexError, "Receipt index out of range (it has 10 fields)");
    } catch (py::error_already_set& e) {
        e.restore();
    } catch (const std::exception& e) {
        PyErr_SetString(PyExc_RuntimeError, e.what());
    }
    return nullptr;
}

template <std::size_t I>
PyObject* get(PyObject* self, void*) {
    return field(value_of(self), I);
}

void dealloc(PyObject* self) {
    PyTypeObject* type = Py_TYPE(self);
    reinterpret_cast<ReceiptObject*>(self)->value.~Receipt();
    type->tp_free(self);
    Py_DECREF(type);
}

Py_ssize_t length(PyObject*) { return static_cast<Py_ssize_t>(field_names.size()); }

PyObject* item(PyObject* self, Py_ssize_t i) {
    if (i < 0 || static_cast<std::size_t>(i) >= field_names.size()) {
        PyErr_SetString(PyExc_IndexError, "Receipt index out of range (it has 10 fields)");
        return nullptr;
    }
    return field(value_of(self), static_cast<std::size_t>(i));
}

bool same(const Receipt& a, const Receipt& b) {
    return a.case_id == b.case_id && a.sequence == b.sequence && a.case_sequence == b.case_sequence &&
           a.command == b.command && a.from == b.from && a.to == b.to &&
           a.jurisdiction_before == b.jurisdiction_before && a.jurisdiction_after == b.jurisdiction_after &&
           a.reason == b.reason && a.follow_ups == b.follow_ups;
}

PyObject* compare(PyObject* self, PyObject* other, int op) {
    if ((op != Py_EQ && op != Py_NE) || Py_TYPE(other) != receipt_type) Py_RETURN_NOTIMPLEMENTED;
    const bool equal = same(value_of(self), value_of(other));
    return PyBool_FromLong((op == Py_EQ) == equal ? 1 : 0);
}

Py_hash_t hash(PyObject* self) {
    const Receipt& r = value_of(self);
    // The journal sequence identifies a receipt; the case and version keep distinct engines apart.
    const auto h = static_cast<Py_hash_t>(r.sequence * 1000003u ^ (std::uint64_t{r.case_id.value()} << 20) ^
                                          r.case_sequence);
    return h == -1 ? -2 : h;
}

PyObject* repr(PyObject* self) {
    try {
        std::string out = "Receipt(";
        for (std::size_t i = 0; i < field_names.size(); ++i) {
            py::object v = py::reinterpret_steal<py::object>(field(value_of(self), i));
            if (!v) return nullptr;
            // Enumeration members show as their names, like everywhere else in the package.
            if (PyUnicode_Check(v.ptr())) v = py::reinterpret_steal<py::object>(PyObject_Str(v.ptr()));
            if (!v) return nullptr;
            const std::string text = py::repr(v).cast<std::string>();
            out += (i ? ", " : "") + std::string(field_names[i]) + "=" + text;
        }
        return PyUnicode_FromString((out + ")").c_str());
    } catch (py::error_already_set& e) {
        e.restore();
        return nullptr;
    }
}

PyObject* as_dict(PyObject* self, PyObject*) {
    PyObject* d = PyDict_New();
    if (d == nullptr) return nullptr;
    for (std::size_t i = 0; i < field_names.size(); ++i) {
        PyObject* v = field(value_of(self), i);
        if (v == nullptr || PyDict_SetItemString(d, field_names[i], v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(d);
            return nullptr;
        }
        Py_DECREF(v);
    }
    return d;
}

PyGetSetDef getset[] = {
    {"case_id", &get<0>, nullptr, "The case (the new one, for a report).", nullptr},
    {"sequence", &get<1>, nullptr, "The journal record's sequence.", nullptr},
    {"case_sequence", &get<2>, nullptr, "The case's version after the command.", nullptr},
    {"command", &get<3>, nullptr, "What was applied (CommandKind).", nullptr},
    {"from_state", &get<4>, nullptr, "State before (State).", nullptr},
    {"to_state", &get<5>, nullptr, "State after this command (State).", nullptr},
    {"jurisdiction_before", &get<6>, nullptr, "Level before (a jurisdiction id).", nullptr},
    {"jurisdiction_after", &get<7>, nullptr, "Level after this command.", nullptr},
    {"reason", &get<8>, nullptr, "The policy's reason, if any.", nullptr},
    {"follow_ups", &get<9>, nullptr,
     "Records the engine added right after as the system actor (automatic escalation, risk escalation).", nullptr},
    {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyMethodDef methods[] = {
    {"_asdict", &as_dict, METH_NOARGS, "The fields as a dict, in order."},
    {nullptr, nullptr, 0, nullptr}};

PyType_Slot slots[] = {
    {Py_tp_doc, const_cast<char*>(
                    "What the engine returns for an accepted command: case_id, sequence, case_sequence, command, "
                    "from_state, to_state, jurisdiction_before, jurisdiction_after, reason, follow_ups. Read-only; "
                    "compares by value; unpacks and indexes like the tuple of those fields.")},
    {Py_tp_dealloc, reinterpret_cast<void*>(&dealloc)},
    {Py_tp_free, reinterpret_cast<void*>(&PyObject_Free)},
    {Py_tp_getset, getset},
    {Py_tp_methods, methods},
    {Py_tp_repr, reinterpret_cast<void*>(&repr)},
    {Py_tp_richcompare, reinterpret_cast<void*>(&compare)},
    {Py_tp_hash, reinterpret_cast<void*>(&hash)},
    {Py_tp_iter, reinterpret_cast<void*>(&PySeqIter_New)},
    {Py_sq_length, reinterpret_cast<void*>(&length)},
    {Py_sq_item, reinterpret_cast<void*>(&item)},
    {0, nullptr}};

PyType_Spec spec = {"fengqiao.Receipt", static_cast<int>(sizeof(ReceiptObject)), 0,
                    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION | Py_TPFLAGS_IMMUTABLETYPE, slots};

}  // namespace

PyObject* receipt_object(Receipt&& r) {
    auto* self = static_cast<ReceiptObject*>(PyObject_Malloc(sizeof(ReceiptObject)));
    if (self == nullptr) throw std::bad_alloc();
    PyObject_Init(reinterpret_cast<PyObject*>(self), receipt_type);  // takes a reference to the type
    new (&self->value) Receipt(std::move(r));
    return reinterpret_cast<PyObject*>(self);
}

PyObject* receipt_object(const Receipt& r) { return receipt_object(Receipt(r)); }

void register_receipt(py::module_& m) {
    receipt_type = reinterpret_cast<PyTypeObject*>(PyType_FromSpec(&spec));
    if (receipt_type == nullptr) throw py::error_already_set();
    py::object type = py::reinterpret_borrow<py::object>(reinterpret_cast<PyObject*>(receipt_type));
    py::tuple fields(field_names.size());
    for (std::size_t i = 0; i < field_names.size(); ++i) fields[i] = py::str(field_names[i]);
    // Py_TPFLAGS_IMMUTABLETYPE forbids setattr on the type from Python, not from here.
    if (PyDict_SetItemString(receipt_type->tp_dict, "_fields", fields.ptr()) < 0) throw py::error_already_set();
    PyType_Modified(receipt_type);
    m.attr("Receipt") = type;
}

}  // namespace fengqiao::python
