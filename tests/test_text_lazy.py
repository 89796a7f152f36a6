"""LazyPattern: a reader's rarely needed patterns are compiled on first use, once."""

from __future__ import annotations

import re

from prepflow_plugins.text.lazy import LazyPattern


def test_a_lazy_pattern_compiles_on_its_first_call_and_keeps_it() -> None:
    words = LazyPattern(r"\bon[- ]call\b", re.I)
    assert words.pattern == r"\bon[- ]call\b" and words.flags == re.I
    assert words._compiled is None  # nothing compiled until it is used
    compiled = words()
    assert compiled.search("Participation in an On-Call rota") is not None
    assert words() is compiled
    assert compiled.flags & re.I


def test_a_lazy_patterns_source_builds_other_patterns_without_compiling_it() -> None:
    part = LazyPattern(r"visa|sponsor")
    whole = re.compile(rf"(?=.*(?:{part.pattern}))", re.S)
    assert whole.match("no visa sponsorship") is not None
    assert part._compiled is None
