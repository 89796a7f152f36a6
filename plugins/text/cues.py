"""Find which of many literal cues occur in a text, with a few compiled patterns instead of one per cue.

A cue is ``(literal, before, after)``: the literal (matched case-insensitively) and the regex
lookarounds that must hold before and after it ("" for none), e.g.
``("on call", r"(?<![A-Za-z0-9])", r"(?![A-Za-z0-9])")``. Cues with the same lookarounds share one
alternation; a cue is split into another pattern only when it could match at the same place as one
already there (one literal starts the other), so each match names exactly one cue. The patterns are
compiled on first use and kept per tuple of cues, so data added by a pack gets patterns of its own.
A pattern tries its lookarounds at every position of the text; for ASCII text and ASCII literals a
plain substring test on the lower-cased text says first whether any of its literals is there at all
(exactly: no other character folds to an ASCII letter in ASCII text), and a pattern none of whose
literals is there is not run.
"""

from __future__ import annotations

import re
from functools import lru_cache

from prepflow_plugins.text.regexstore import compile as re_compile

Cue = tuple[str, str, str]
#: A pattern, its cues, and its literals in lower case when all are ASCII (else None).
_Layer = tuple[re.Pattern[str], tuple[Cue, ...], tuple[str, ...] | None]


def cues_found(text: str, cues: tuple[Cue, ...]) -> set[Cue]:
    """The cues of ``cues`` that occur in ``text`` (anywhere, overlapping ones included)."""
    found: set[Cue] = set()
    lowered = text.lower() if text.isascii() else None
    for pattern, members, literals in _layers(cues):
        if lowered is not None and literals is not None and not any(lit in lowered for lit in literals):
            continue
        found.update(members[m.lastindex - 1] for m in pattern.finditer(text) if m.lastindex)
    return found


def any_cue(text: str, cues: tuple[Cue, ...]) -> bool:
    """Whether any of ``cues`` occurs in ``text``."""
    lowered = text.lower() if text.isascii() else None
    for pattern, _, literals in _layers(cues):
        if lowered is not None and literals is not None and not any(lit in lowered for lit in literals):
            continue
        if pattern.search(text):
            return True
    return False


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
        (_compile(before, after, tuple(c[0] for c in group)), tuple(group), _ascii_lowered(group))
        for (before, after), groups in layers.items()
        for group in groups
    )


def _ascii_lowered(group: list[Cue]) -> tuple[str, ...] | None:
    literals = tuple(literal.lower() for literal, _, _ in group)
    return literals if all(literal.isascii() for literal in literals) else None


def _compile(before: str, after: str, literals: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(f"({re.escape(literal)})" for literal in literals)
    return re_compile(f"{before}(?=(?:{alternation}){after})", re.IGNORECASE)
