"""The records of a posting's reading: its lines, the reading context, and the items and facts found.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Line:
    text: str  # plain text, marker removed
    raw: str  # the document's text
    line: int
    kind: str  # heading | bullet | text
    level: int = 0
    depth: int = 0
    page: int | None = None
    end: int | None = None
    marked: tuple[str, str] | None = None  # a table row's priority column: (priority, the mark)
    # the line directly under a line of text: no blank line between in text and Markdown, or
    # the same paragraph in HTML and Word (the next item of a list typed one per line)
    tight: bool = False


@dataclass
class Context:
    """Where a unit of text sits: its section's category and the lead-in governing it."""

    category: str
    section: str | None
    lead: str | None = None  # must | nice | responsibilities | drop | conditions | None
    group: str | None = None
    alternatives: bool = False
    line: int | None = None  # where the lead-in is
    section_line: int | None = None  # where the section's heading is


@dataclass
class Item:
    text: str
    priority: str
    kind: str
    years: float | None
    source: dict[str, Any]
    section: str | None
    group: str | None = None
    where: str = "requirement"
    why: dict[str, Any] | None = None  # the cue that set the priority: {"from", "cue", "line"}


@dataclass
class Analysis:
    requirements: list[Item] = field(default_factory=list)
    responsibilities: list[Item] = field(default_factory=list)
    conditions: list[Item] = field(default_factory=list)
    fields: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    sections: list[dict[str, Any]] = field(default_factory=list)
    summary: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)  # (where, normalised text) already recorded
