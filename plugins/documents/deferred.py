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


def defer_for_html() -> None:
    """Before the first ``import bs4``."""
    defer("soupsieve", "charset_normalizer")


def defer_for_pdf() -> None:
    """Before the first ``import pdfminer``."""
    defer("charset_normalizer")
