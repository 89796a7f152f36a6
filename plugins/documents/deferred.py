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

import contextlib
import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
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


@contextlib.contextmanager
def importing_bs4() -> Iterator[None]:
    """Around the first ``import bs4``: its selector engine and encoding detector load on first use,
    and lxml's tree builders register on the first look-up (see the module's doc)."""
    defer("soupsieve", "charset_normalizer")
    blocked = (
        "bs4" not in sys.modules
        and _LXML_BUILDERS not in sys.modules
        and importlib.util.find_spec("lxml") is not None
    )
    if blocked:
        sys.modules[_LXML_BUILDERS] = None  # type: ignore[assignment]  # bs4 then skips it, as without lxml
    try:
        yield
    finally:
        if blocked and sys.modules.get(_LXML_BUILDERS, "") is None:
            del sys.modules[_LXML_BUILDERS]
            builder = sys.modules.get("bs4.builder")
            if builder is not None:
                _register_lxml_on_first_use(builder)


_LXML_BUILDERS = "bs4.builder._lxml"


def _register_lxml_on_first_use(builder: types.ModuleType) -> None:
    """Register lxml's tree builders in ``bs4.builder`` as its import would have, when first needed."""
    registry = builder.builder_registry

    def register() -> None:
        registry.__dict__.pop("lookup", None)
        if builder.__dict__.get("__getattr__") is named:
            del builder.__getattr__
        try:
            lxml_builders = importlib.import_module(_LXML_BUILDERS)
        except ImportError:  # as bs4 does: no lxml builders
            return
        builder.register_treebuilders_from(lxml_builders)

    def lookup(*features: str) -> Any:
        register()
        return registry.lookup(*features)

    def named(name: str) -> Any:
        if not name.startswith("LXML"):
            raise AttributeError(f"module 'bs4.builder' has no attribute {name!r}")
        register()
        return getattr(builder, name)

    registry.lookup = lookup
    builder.__getattr__ = named  # type: ignore[method-assign]


def defer_for_pdf() -> None:
    """Before the first ``import pdfminer``."""
    defer("charset_normalizer")
    defer_package_init("pdfminer")
