"""Every public name of the package is documented, down to methods and properties."""

import enum
import inspect

import pytest

import fengqiao as fq

PUBLIC = [n for n in fq.__all__ if n != "Command"]


def _doc_text(obj, name=None):
    doc = inspect.getdoc(obj) or ""
    lines = doc.splitlines()
    # pybind11 puts the signature first; the documentation is what follows it.
    name = name or getattr(obj, "__name__", None)
    if lines and name and lines[0].startswith(name + "(") and "->" in lines[0]:
        lines = lines[1:]
    return "\n".join(lines).strip()


def _members(cls):
    for name, value in vars(cls).items():
        if name.startswith("_") and name not in {"__init__", "__len__", "__iter__", "__getitem__", "__contains__"}:
            continue
        if issubclass(cls, enum.Enum) or name in getattr(cls, "__slots__", ()):
            continue
        if isinstance(value, (int, str)) or inspect.isclass(value):
            continue
        if name == "__init__" and type(value).__name__ == "wrapper_descriptor":
            continue  # no constructor: the class is made by the library only
        yield name, value


@pytest.mark.parametrize("name", PUBLIC)
def test_every_public_name_has_a_docstring(name):
    obj = getattr(fq, name)
    if isinstance(obj, (int, str)) or name == "CHINA_STANDARD_TIME":
        pytest.skip("a constant")
    assert _doc_text(obj), f"{name} has no docstring"


@pytest.mark.parametrize("name", [n for n in PUBLIC if isinstance(getattr(fq, n), type)])
def test_every_method_and_property_has_a_docstring(name):
    cls = getattr(fq, name)
    undocumented = [m for m, value in _members(cls) if not _doc_text(value, m)]
    assert not undocumented, f"{name}: {undocumented}"
