"""The kind of work a duty names (maintenance, records, calls, migration, people, data …): the one
its first clause names first after its verb, from the kinds' keywords in ``ideas.toml``.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.ideas.model import Evidence, Kind
from prepflow_plugins.ideas.objects import OBJECT_WORDS
from prepflow_plugins.ideas.phrases import quote_of
from prepflow_plugins.text.duties import duty_verb_at
from prepflow_plugins.text.regexstore import compile as re_compile


def kinds(data: Mapping[str, Any]) -> list[Kind]:
    """The kinds of the ideas data (``[kinds.*]``), in order, each with its keywords as one pattern."""
    out = []
    for name, spec in data["kinds"].items():
        keywords = spec.get("keywords") or []
        pattern = re_compile(r"\b(?:" + "|".join(keywords) + ")", re.I) if keywords else None
        out.append(Kind(name, spec.get("label", name), pattern, spec))
    return out


def classify(item: Evidence, all_kinds: list[Kind], stakeholders: list[str]) -> tuple[str | None, int]:
    """The kind the duty names first (:func:`ranked_kinds`), with how many of its keywords it has."""
    ranked = ranked_kinds(item, all_kinds, stakeholders)
    return (ranked[0][0], ranked[0][1]) if ranked else (None, 0)


def ranked_kinds(
    item: Evidence, all_kinds: list[Kind], stakeholders: list[str]
) -> list[tuple[str, int, bool]]:
    """The kinds a duty's head names, best first, each with how many of its keywords the duty has and
    whether it is named right after the verb (within ``OBJECT_WORDS`` words: its object).

    A duty is classified by its quoted first clause, what the role does, not by the
    purpose or examples that follow it ("… for site performance, reliability and security");
    who it names does not count. Within the clause, the kind named first after the verb (its
    object) comes first: "Maintaining accurate records of all maintenance and repairs" is about
    records, not repairs; a kind must be named there at all ("Provides advice and counsel to
    management and other employee groups related to compliance" is advice, not a compliance
    problem). A kind with ``match_people`` is matched on the words naming people too ("customer
    service"); a ``broad`` kind's keywords are everyone's verbs ("Develop methods to … report
    delays" is about reports), so it comes after the others.
    """
    raw = quote_of(item.text) if item.where == "duty" else item.text
    text = raw
    for who in sorted(stakeholders, key=len, reverse=True):  # "site reliability engineers" before "engineers"
        text = re.sub(rf"(?<![\w-]){re.escape(who)}(?![\w-])", " ", text, flags=re.I)
    scored = []
    for order, kind in enumerate(all_kinds):
        if kind.pattern is None:
            continue
        clause = raw if kind.templates.get("match_people") else text
        found = list(kind.pattern.finditer(clause))
        n = len({m.group(0).lower() for m in found})
        head_end = _head_end(clause)
        if not found or found[0].start() >= head_end:
            continue  # a kind the head does not name is about a side remark
        at = head_end if kind.templates.get("broad") else found[0].start()
        near = found[0].start() < _head_end(clause, OBJECT_WORDS)
        scored.append(((at, -n, order), kind.name, n, near))
    return [(name, n, near) for _, name, n, near in sorted(scored)]


#: How many words after its verb a duty's head runs: the verb and its object.
HEAD_WORDS = 10


def _head_end(clause: str, words: int = HEAD_WORDS) -> int:
    """Where the duty's head (its verb and the next ``words`` words) ends, in characters."""
    at = duty_verb_at(clause) or 0
    m = re.match(rf"(?:\S+\s+){{0,{words}}}\S+", clause[at:])
    return at + (m.end() if m else 0)
