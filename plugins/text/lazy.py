"""Regular expressions compiled when first used, not when their module is imported.

Compiling a pattern costs far more than most searches with it, and a reader holds many patterns
that only some documents reach (a legal-entity name, a physical-demands clause). A
:class:`LazyPattern` is compiled on its first call and kept; its source stays readable as
``.pattern`` (to build other patterns from) without compiling it.
"""

from __future__ import annotations

import re

from prepflow_plugins.text.regexstore import compile as re_compile


class LazyPattern:
    """``re.compile(pattern, flags)``, done on the first call: ``WORDS().search(text)``."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int | re.RegexFlag = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __call__(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re_compile(self.pattern, self.flags)
        return self._compiled
