"""Lead-ins: a line that introduces the list under it ("Applicants are expected to have:",
"must include THREE of the following:") and what it makes of the list's items.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re

from prepflow_plugins.job.cues import _CAPABILITY
from prepflow_plugins.job.model import Context, Line
from prepflow_plugins.job.vocabulary import _MUST, _REQ_CATEGORIES, _nice_cue
from prepflow_plugins.text.regexstore import compile as re_compile


def _lead_in(text: str, ctx: Context) -> tuple[str | None, bool, bool]:
    """What a lead-in line makes of the list under it: (priority/category, alternatives, sticky)."""
    low = text.lower().replace("’", "'")
    if re_compile(r"for each job|on your resume|provide:|application|how it will work|to apply").search(
        low
    ) and not re_compile(r"must include|must have|experience (?:in|with)|skills in|knowledge of").search(low):
        return "drop", False, False
    if re_compile(r"benefits|perks|we offer").search(low):
        return "drop", False, False
    if re_compile(r"conditions|if selected").search(low):
        return "conditions", False, False
    if re_compile(
        r"\b(?:basic|minimum) (?:requirements|qualifications)\b|\brequired\b|must (?:have|possess)"
    ).search(low):
        return "must", False, True
    if re_compile(
        r"\b(?:one|two|three|four|any|either|some)\b(?: \w+)? of the following|at least (?:one|two|three)"
    ).search(low) and not re.search(r"\ball of the following|each of the", low):
        return ("nice" if ctx.category in _REQ_CATEGORIES or _MUST.search(low) else None), True, False
    if re_compile(r"all of the following|each of the following|must include").search(low):
        return "must", False, False
    if re_compile(r"scored|competenc|rated on|evaluated on|assessed on").search(low):
        return "nice", False, False
    if _nice_cue(low):
        return "nice", False, False
    if re_compile(r"duties|responsibilities|you will|you'll|day to day|tasks|successful .*:$").search(low):
        return "responsibilities", False, False
    if re_compile(r"\b(?:expected to|need to|needs to|should have|should possess|will need|must)\b").search(
        low
    ):
        return "must", False, False  # "Applicants are expected to have:"
    if re_compile(
        r"\b(?:are|is|you are|you have|you bring|we(?:'re| are) looking for|ideal candidate|should)\b"
        r".{0,20}:$"
    ).search(low):
        if ctx.category in _REQ_CATEGORIES:
            return None, False, False
        return "nice", False, False
    return None, False, False


def _stray_colon(text: str, line: Line, nxt: Line | None) -> bool:
    """A bullet that ends in ":" but states a requirement of its own, with the next bullet beside
    it rather than under it ("Experience crafting outreach messaging:")."""
    return (
        nxt is not None
        and nxt.kind == "bullet"
        and nxt.depth <= line.depth
        and bool(_CAPABILITY.match(text))
        and not re.search(
            r"\b(?:following|include[sd]?|including|below|such as|as follows|these|either|one|any|all|each|"
            r"areas?|one or more)\b[^:]*:$|\b(?:is|are|to|in|with|of|for|on)\s*:$",
            text,
            re.I,
        )
    )


#: A sentence that introduces the list under it without ending in ":".
_POINTS_DOWN = re_compile(r"\b(?:the following|as follows|listed below|below)\b", re.I)


def _lead_text(label: str) -> bool:
    return bool(
        re_compile(r"\b(?:include|following|below|requirements?|qualifications?|skills)\b", re.I).search(
            label
        )
    )
