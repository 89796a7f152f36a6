"""LazyPattern answers as the compiled pattern would, and compiles only when used."""

from __future__ import annotations

import re

import pytest

from prepflow.lazyre import LazyPattern


def test_not_compiled_until_used(monkeypatch: pytest.MonkeyPatch) -> None:
    compiled: list[str] = []
    real = re.compile

    def counting(pattern: str, flags: int = 0) -> re.Pattern[str]:
        compiled.append(pattern)
        return real(pattern, flags)

    monkeypatch.setattr(re, "compile", counting)
    lazy = LazyPattern(r"^[a-z]+$")
    assert lazy.pattern == r"^[a-z]+$" and compiled == []
    assert lazy.match("abc") and not lazy.match("ab1")
    assert compiled == [r"^[a-z]+$"]
    assert lazy.match("x")  # the bound method is kept: no second compile
    assert compiled == [r"^[a-z]+$"]


@pytest.mark.parametrize("text", ["ab", "ab\n", "a-b", "", "A", "x.y-z"])
def test_same_answers_as_re(text: str) -> None:
    source = r"^[a-z](?:[.-]?[a-z]+)*$"
    lazy, real = LazyPattern(source, re.IGNORECASE), re.compile(source, re.IGNORECASE)
    assert bool(lazy.match(text)) == bool(real.match(text))
    assert bool(lazy.fullmatch(text)) == bool(real.fullmatch(text))
    assert lazy.sub("_", text) == real.sub("_", text)
    assert lazy.findall(text) == real.findall(text)
    assert lazy.flags == real.flags and lazy.groups == real.groups
    assert repr(lazy) == f"LazyPattern({source!r})"
