"""What else the material says about a duty: the supporting line that gives a volume or a deadline
for it, quoted whole; and whether an idea can be specific at all, or abstains.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.ideas.model import Problem
from prepflow_plugins.ideas.objects import DEADLINE, VOLUME
from prepflow_plugins.ideas.phrases import capitalised_name_stems, quote_of
from prepflow_plugins.text.duties import plain
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract

#: Where a supporting line comes from -> the key of the note that introduces it ("the requirements ask for").
_SAID = {
    "must": "said_must",
    "nice": "said_nice",
    "summary": "said_summary",
    "initiative": "said_research",
    "research": "said_research",
}
#: The objects that make an idea of the general kind specific: something the material names about the duty.
#: Naming whom the duty serves or the system it works on is not enough: "map it and agree one
#: improvement with those people" fits any duty. Only a target, a date or a volume makes it specific.
SPECIFIC_SLOTS = ("goal", "deadline", "volume", "support")
#: How long a supporting line may be to be quoted whole, in words.
SUPPORT_WORDS = 24


def add_support(problem: Problem, data: Mapping[str, Any]) -> None:
    """What else the material says about the duty: its strongest supporting line, quoted, and who says it."""
    anchor = set(extract(plain(problem.anchor.text)).all)
    for e in problem.support:
        key = _SAID.get(e.where)
        quote = quote_of(e.text, SUPPORT_WORDS)
        if not key or key not in data["notes"] or quote.endswith("…"):
            continue  # only a whole clause is quoted: a cut one reads as an invented sentence
        if not _adds_specifics(e.text, anchor):
            continue  # a restatement of the duty, or a soft skill, says nothing more about it
        if not (DEADLINE.search(e.text) or VOLUME.search(e.text)) or _NOT_A_FIGURE.search(e.text):
            continue  # only a volume or a deadline makes the idea specific ("hiring for GS-15" does not)
        problem.slots["support"] = quote
        problem.slots["said"] = data["notes"][key]
        return


#: Numbers that are about the candidate or the job's terms, not the work: years of experience, grade, pay.
_NOT_A_FIGURE = re_compile(
    r"\byears?\b[^.]{0,40}\bexperience\b|\bexperience\b[^.]{0,40}\byears?\b|\bGS-?\s?\d|\$\s?\d|"
    r"\b(?:salary|pay|per (?:hour|year|annum))\b",
    re.I,
)


def _adds_specifics(text: str, anchor: set[str]) -> bool:
    """Whether a line names something the duty does not: a number, a name it capitalises, or a concept."""
    terms = extract(plain(text))
    new = set(terms.all) - anchor
    return bool(re.search(r"\d", text)) or any(
        t in terms.concepts or t in capitalised_name_stems(text) for t in new
    )


def specific(problem: Problem) -> bool:
    """Whether an idea can say something specific: a kind of its own, or an object the material names.

    A duty of the general kind that names no goal, deadline or volume, and that no line of the posting
    or company pages gives a figure for, would get only a generic template: abstain.
    """
    return problem.kind.name != "general" or any(problem.slots.get(k) for k in SPECIFIC_SLOTS)
