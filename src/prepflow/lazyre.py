"""Regular expressions of the core compiled the first time they are used, not when imported.

Compiling a pattern runs ``re``'s parser and code generator in Python (about half a
million instructions for a short one); most of the core's patterns check things a
cached run never looks at (a pack manifest, a TOML error's position, an
expression's tokens), so a module keeps a :class:`LazyPattern` where it kept a
compiled one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "finditer", "findall", "split")


class LazyPattern:
    """``re.compile(pattern, flags)``, compiled on the first use of any of its methods or attributes."""

    match: Callable[..., re.Match[str] | None]
    fullmatch: Callable[..., re.Match[str] | None]
    search: Callable[..., re.Match[str] | None]
    sub: Callable[..., str]
    subn: Callable[..., tuple[str, int]]
    finditer: Callable[..., Iterator[re.Match[str]]]
    findall: Callable[..., list[Any]]
    split: Callable[..., list[Any]]

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> re.Pattern[str]:
        """The compiled pattern (from ``re``'s own cache after the first call)."""
        return re.compile(self.pattern, self._flags)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_flags":
            raise AttributeError(name)
        compiled = self.compiled()
        for method in _METHODS:  # bound once: later calls find them on the instance
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
