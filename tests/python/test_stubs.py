"""The package ships type stubs and py.typed, and the stubs cover every public name it has."""

import ast
import enum
import pathlib

import pytest

import fengqiao as fq

PACKAGE = pathlib.Path(fq.__file__).parent
STUB = ast.parse((PACKAGE / "__init__.pyi").read_text(encoding="utf-8"))


def _names_in(body):
    names = set()
    for node in body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            names.add(node.name)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


STUB_NAMES = _names_in(STUB.body)
STUB_CLASSES = {node.name: node for node in STUB.body if isinstance(node, ast.ClassDef)}


def _stub_members(name):
    """Names a stub class declares, including those of its stub base classes."""
    node = STUB_CLASSES[name]
    members = _names_in(node.body)
    for base in node.bases:
        if isinstance(base, ast.Name) and base.id in STUB_CLASSES:
            members |= _stub_members(base.id)
    return members


def _runtime_members(cls):
    """Public attributes and the protocol methods a user relies on, minus what builtins provide."""
    inherited = set(dir(object))
    for builtin in (BaseException, tuple, enum.StrEnum):
        if issubclass(cls, builtin):
            inherited |= set(dir(builtin))
    if issubclass(cls, tuple):
        inherited |= {"n_fields", "n_sequence_fields", "n_unnamed_fields"}
    protocol = {"__len__", "__iter__", "__getitem__", "__contains__", "__bool__", "__eq__"}
    names = {a for a in dir(cls) if not a.startswith("_") and a not in inherited}
    names |= {a for a in protocol if a in vars(cls) and getattr(cls, a, None) is not None}
    if issubclass(cls, enum.Enum):
        names |= set(cls.__members__)
    return names


def test_the_stubs_and_the_py_typed_marker_ship_inside_the_package():
    assert (PACKAGE / "py.typed").is_file()
    assert (PACKAGE / "__init__.pyi").is_file()


@pytest.mark.parametrize("name", fq.__all__)
def test_every_public_name_has_a_stub(name):
    assert name in STUB_NAMES


def test_the_stubs_name_nothing_the_package_lacks():
    public = {n for n in STUB_NAMES if not n.startswith("_")} - {"Command"}
    assert public - set(dir(fq)) == set()


@pytest.mark.parametrize("name", [n for n in fq.__all__ if isinstance(getattr(fq, n), type)])
def test_every_class_member_has_a_stub(name):
    missing = _runtime_members(getattr(fq, name)) - _stub_members(name)
    assert not missing, f"{name}: no stub for {sorted(missing)}"


@pytest.mark.parametrize("name", [n for n in fq.__all__ if isinstance(getattr(fq, n), type)])
def test_every_stub_member_exists(name):
    cls = getattr(fq, name)
    declared = {m for m in _names_in(STUB_CLASSES[name].body) if not m.startswith("_") or m.startswith("__")}
    absent = {m for m in declared if not hasattr(cls, m) and m not in getattr(cls, "__slots__", ())
              and m not in getattr(cls, "__annotations__", {})}
    # Exception attributes are set per instance.
    if issubclass(cls, fq.Error):
        absent -= {"message", "code", "case_id", "actor", "state", "command", "path"}
    assert not absent, f"{name}: stubs name {sorted(absent)}, which the class lacks"
