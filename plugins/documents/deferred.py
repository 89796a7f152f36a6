"""Libraries the readers' dependencies import at once but the readers seldom use, loaded on first use.

``import bs4`` imports soupsieve (its CSS selector engine; compiling its grammar costs more than
parsing a page) and an encoding detector; ``import pdfminer`` imports the same detector. The
readers run no selector and hand both libraries text, not bytes to guess. :func:`defer` puts a
stand-in in ``sys.modules`` before the first such import; the real module is imported the first
time anything asks the stand-in for an attribute, so code that does select or detect still works.
(:class:`importlib.util.LazyLoader` does not serve here: the import system reads ``__spec__`` of
a module already in ``sys.modules`` on every later ``import``, which makes it load at once.)
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any


class _Deferred(types.ModuleType):
    """A stand-in for a module that imports the real one when an attribute is first asked for."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        real = importlib.import_module(self.__name__)
        self.__dict__.update(real.__dict__)
        return getattr(real, name)


def defer(*names: str) -> None:
    """Let each top-level module of ``names`` load on first use (unless already imported or absent)."""
    for name in names:
        if name not in sys.modules and importlib.util.find_spec(name) is not None:
            sys.modules[name] = _Deferred(name)


# packages imported by defer_package_init whose __init__ has run (or is running)
_INIT_RAN: set[str] = set()


class _InitLater(types.ModuleType):
    """A package imported without its ``__init__``, which runs when a name it defines is first asked for."""

    def __getattr__(self, name: str) -> Any:
        spec = self.__spec__
        missing = AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        if self.__name__ in _INIT_RAN or spec is None or spec.loader is None:
            raise missing
        if name.isidentifier():
            try:
                module = importlib.util.find_spec(f"{self.__name__}.{name}")
            except (ImportError, ValueError):
                module = None
            if module is not None:
                raise missing  # a module of the package: the import system imports it
        _INIT_RAN.add(self.__name__)
        spec.loader.exec_module(self)
        return getattr(self, name)


def defer_package_init(name: str) -> None:
    """Import package ``name`` without running its ``__init__`` until a name it defines is asked for.

    Only for a package whose ``__init__`` imports none of its own modules (nothing else would run
    them in their order): otherwise, or when the package is imported already or absent, nothing
    changes.
    """
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None or spec.submodule_search_locations is None:
        return
    try:
        with open(spec.origin, encoding="utf-8") as f:
            source = f.read()
    except (OSError, UnicodeDecodeError):
        return
    if "from ." in source or f"import {name}" in source or f"from {name}" in source:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _InitLater
    sys.modules[name] = module


def defer_for_html() -> None:
    """Before the first ``import bs4``."""
    defer("soupsieve", "charset_normalizer")


def defer_for_pdf() -> None:
    """Before the first ``import pdfminer``."""
    defer("charset_normalizer")
    defer_package_init("pdfminer")
