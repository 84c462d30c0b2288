"""The public API in one place: `rag` exports what a caller needs, each with a docstring, and every
error class lives in rag/errors.py and is exported."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import rag
from rag import errors

NEEDED = {"Assistant", "Query", "Filter", "Answer", "Citation", "Settings", "IngestReport",
          "Retrieval", "TimeFilter"}


def public_members(cls: type) -> dict[str, object]:
    """The public methods and properties a class defines itself (not dataclass fields)."""
    return {name: value for name, value in vars(cls).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or isinstance(value, (property, classmethod)))}


def test_the_package_exports_what_a_caller_needs():
    assert NEEDED <= set(rag.__all__)
    assert all(hasattr(rag, name) for name in rag.__all__)


def test_every_export_and_its_public_methods_have_docstrings():
    missing = [name for name in rag.__all__ if not inspect.getdoc(getattr(rag, name))]
    for name in rag.__all__:
        value = getattr(rag, name)
        if inspect.isclass(value) and not issubclass(value, Exception):
            missing += [f"{name}.{member}" for member, obj in public_members(value).items()
                        if not (obj.__doc__ if not isinstance(obj, classmethod)
                                else obj.__func__.__doc__)]
    assert missing == []


def test_every_error_class_lives_in_errors_and_is_exported():
    for module in pkgutil.walk_packages(rag.__path__, "rag."):
        importlib.import_module(module.name)
    error_classes = _subclasses(errors.NewsragError) | {errors.NewsragError}
    assert {cls.__module__ for cls in error_classes} == {"rag.errors"}
    assert {cls.__name__ for cls in error_classes} <= set(rag.__all__)


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found
