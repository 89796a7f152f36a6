"""Which section states the minimum a candidate must meet, and what that makes of the sections
beside it: a "What we're looking for" next to "Minimum qualifications" lists nice-to-haves, and an
item said in both is a must-have.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.lines import _norm
from prepflow_plugins.job.model import Analysis
from prepflow_plugins.job.vocabulary import classify_heading
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

#: A section that states the minimum a candidate must meet.
_MINIMUM = re_compile(
    r"\b(?:minimum|basic|required|essential|mandatory|must[- ]haves?|how (?:do|can) (?:i|you) qualify|"
    r"requirements of the (?:job|role|position|post))\b",
    re.I,
)
#: A section that describes the person hoped for: "What we're looking for", "About you", "Skills".
_HOPED_FOR = LazyPattern(
    r"looking for|about you|you(?:'ll| will)? (?:have|bring|are)|ideal|skills|competenc|profile|"
    r"what it takes|qualities|strengths|attributes",
    re.I,
)


def _beside_minimum(result: Analysis) -> None:
    """Next to a section of minimum qualifications, a section describing the person hoped for
    ("What we're looking for") lists what is preferred: its items are nice, unless they say must."""
    titles = {item.section for item in result.requirements if item.section}
    titles |= {str(section["title"]) for section in result.sections}  # "How do I qualify?" above its parts
    if not any(_MINIMUM.search(t) and classify_heading(t) == "requirements" for t in titles):
        return
    # the lines each minimum section covers, its sub-sections included ("Leadership skills" under
    # "How do I qualify?" is part of the minimum)
    spans: list[tuple[int, int]] = []
    for n, section in enumerate(result.sections):
        title = str(section["title"])
        if _MINIMUM.search(title) and classify_heading(title) == "requirements":
            level = section["level"]
            after = [s for s in result.sections[n + 1 :] if s["level"] <= level]
            # in plain text its parts are its siblings: requirement sections right after it
            while (
                after
                and after[0]["category"] == "requirements"
                and not _PERSON_HOPED_FOR.search(str(after[0]["title"]).replace("’", "'"))
            ):
                after = after[1:]
            end = after[0]["source"]["start"] - 1 if after else 10**9
            spans.append((section["source"]["start"], end))
    for item in result.requirements:
        section = item.section or ""
        why = item.why or {}
        if (
            item.priority == "must"
            and why.get("from") == "section"
            and not _MINIMUM.search(section)
            and not any(start <= item.source["start"] <= end for start, end in spans)
            and _HOPED_FOR().search(section.replace("’", "'"))
            and item.kind not in ("eligibility", "licence")
        ):
            item.priority = item.where = "nice"
            item.why = {**why, "cue": f"{section} (beside a section of minimum qualifications)"}


#: A section in the voice of the person hoped for ("What we're looking for", "About you").
_PERSON_HOPED_FOR = re_compile(
    r"looking for|about you|ideal|you(?:'ll| will)? (?:have|bring|are)|what it takes", re.I
)


def _restated(result: Analysis, key: str, priority: str, section: str | None, why: dict[str, Any]) -> None:
    """An item said again under the minimum qualifications ("Two years of ..." in "What we're
    looking for" and in "Minimum qualifications") takes that section, and its priority, from there."""
    if priority != "must" or not section or not _MINIMUM.search(section):
        return
    for item in result.requirements:
        if _norm(item.text) == key and not (item.section and _MINIMUM.search(item.section)):
            item.section, item.priority, item.where, item.why = section, priority, priority, why
            return
