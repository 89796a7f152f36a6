"""The kinds' phrasing patterns filled with a problem's objects: a pattern is used only when every
object it names was found, and the first steps add asking about the deadline, volume and support.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.ideas.model import Kind
from prepflow_plugins.text.regexstore import compile as re_compile

#: A slot of a pattern: "{system}"; "{Quote}" capitalises the value's first letter.
_SLOT = re_compile(r"\{(\w+)\}")
#: Joining words a template may add that read badly twice ("without closing a branch without ...").
_ONCE = ("without", "so that", "while")


def fill(template: str, slots: Mapping[str, str]) -> str | None:
    """The template with its slots filled, or None when one is unknown or a joining word would repeat."""
    names = _SLOT.findall(template)
    if any(n.lower() not in slots for n in names):
        return None
    literal = _SLOT.sub(" ", template)
    for word in _ONCE:
        if re.search(rf"\b{word}\b", literal) and any(
            re.search(rf"\b{word}\b", slots[n.lower()]) for n in names
        ):
            return None

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        text = slots[name.lower()]
        return text[:1].upper() + text[1:] if name[:1].isupper() else text

    return _SLOT.sub(value, template)


def first_filled(alternatives: list[str], slots: Mapping[str, str]) -> str | None:
    """The first of the alternative patterns whose slots are all known, filled."""
    return next((t for t in (fill(a, slots) for a in alternatives) if t), None)


def template(data: Mapping[str, Any], kind: Kind, key: str) -> Any:
    """The kind's patterns for ``key``, or the general kind's where it has none."""
    return kind.templates.get(key) or data["general"][key]


def first_steps(
    data: Mapping[str, Any], alternatives: list[list[str]], slots: Mapping[str, str]
) -> list[str]:
    """The kind's first steps, then asking about the deadline and volume the duty names and what the
    supporting line means for the work."""
    steps = [s for alt in alternatives if (s := first_filled(alt, slots))]
    for key in ("ask_deadline", "ask_volume", "ask_support"):
        ask = fill(data["notes"][key], slots) if key in data["notes"] else None
        if ask and ask not in steps:
            steps.append(ask)
    return steps
