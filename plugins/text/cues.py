"""Find which of many literal cues occur in a text, with a few compiled patterns instead of one per cue.

A cue is ``(literal, before, after)``: the literal (matched case-insensitively) and the regex
lookarounds that must hold before and after it ("" for none), e.g.
``("on call", r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])")``. Cues with the same lookarounds share one
alternation; a cue is split into another pattern only when it could match at the same place as one
already there (one literal starts the other), so each match names exactly one cue. The patterns are
compiled on first use and kept per tuple of cues, so data added by a pack gets patterns of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from prepflow_plugins.text.regexstore import compile as re_compile

Cue = tuple[str, str, str]
_Layer = tuple[re.Pattern[str], tuple[Cue, ...]]


def cues_found(text: str, cues: tuple[Cue, ...]) -> set[Cue]:
    """The cues of ``cues`` that occur in ``text`` (anywhere, overlapping ones included)."""
    found: set[Cue] = set()
    for pattern, members in _layers(cues):
        found.update(members[m.lastindex - 1] for m in pattern.finditer(text) if m.lastindex)
    return found


def any_cue(text: str, cues: tuple[Cue, ...]) -> bool:
    """Whether any of ``cues`` occurs in ``text``."""
    return any(pattern.search(text) for pattern, _ in _layers(cues))


@lru_cache(maxsize=1024)
def _layers(cues: tuple[Cue, ...]) -> tuple[_Layer, ...]:
    # Two literals can match at one place only if one starts the other (compared in lower case,
    # which is exact for ASCII); a literal with other characters gets a pattern to itself.
    layers: dict[tuple[str, str], list[list[Cue]]] = {}
    for cue in dict.fromkeys(cues):
        literal, before, after = cue
        groups = layers.setdefault((before, after), [])
        key = literal.lower()
        for group in groups:
            if literal.isascii() and all(
                other.isascii() and not other.lower().startswith(key) and not key.startswith(other.lower())
                for other, _, _ in group
            ):
                group.append(cue)
                break
        else:
            groups.append([cue])
    return tuple(
        (_compile(before, after, tuple(c[0] for c in group)), tuple(group))
        for (before, after), groups in layers.items()
        for group in groups
    )


def _compile(before: str, after: str, literals: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(f"({re.escape(literal)})" for literal in literals)
    return re_compile(f"{before}(?=(?:{alternation}){after})", re.IGNORECASE)
