"""The records the step works with: a piece of evidence about the employer's problems, a kind of
work, and a problem anchored on a duty with the objects its ideas name.

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Evidence:
    """One piece of evidence: its words, where it comes from, its weight and how to cite it."""

    text: str
    where: str  # duty | summary | must | nice | theme | initiative | research
    weight: float
    source: Mapping[str, Any] | None = None  # a posting span, cited with a quote built here
    cites: list[dict[str, Any]] = field(default_factory=list)  # ready-made citations (research)
    kind: str | None = None
    hits: int = 0  # how many of its kind's keywords it has
    rank: float = 0.0  # for a duty that can anchor a problem: how central it is to the posting


@dataclass(frozen=True)
class Kind:
    """A kind of work (``[kinds.*]`` in ``ideas.toml``): its keywords as one pattern, and its phrasing."""

    name: str
    label: str
    pattern: re.Pattern[str] | None
    templates: Mapping[str, Any]


@dataclass
class Problem:
    """A problem the employer hires to solve: its kind, the duty it rests on, the evidence that supports
    it, and the objects its ideas name (``slots``: :func:`prepflow_plugins.ideas.objects.fill_slots`)."""

    kind: Kind
    anchor: Evidence
    support: list[Evidence]
    slots: dict[str, str] = field(default_factory=dict)

    @property
    def evidence(self) -> list[Evidence]:
        return [self.anchor, *self.support]
