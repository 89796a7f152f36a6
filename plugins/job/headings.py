"""Lines that work as headings though nothing marks them: bold or emphasised on their own, ALL
CAPS, a label ending in ":" or " -", a short title above a list or set apart above a paragraph;
and the lines that look like headings but are items of a list typed one per line.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re

from prepflow_plugins.job.lines import _FIELD_LABEL, _is_shout
from prepflow_plugins.job.model import Line
from prepflow_plugins.job.vocabulary import classify_heading
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile


def _pseudo_heading(line: Line, nxt: Line | None = None) -> bool:
    """A short line that works as a heading, judged by its shape.

    Bold or emphasised on its own, ALL CAPS, a label ending in ":" or " -", or a
    short line without final punctuation directly above a list ("Who you are",
    "Basic qualifications"), or above a block when it names a section.
    """
    if line.kind != "text":
        return False
    raw, text = line.raw.strip(), line.text
    words = text.split()
    if len(words) > 9 or len(text) < 3:
        return False
    if _EMPHASIS_LINE.fullmatch(raw):
        return not _FIELD_LABEL.match(text)  # "**Pay band: TP02**" is a field, not a heading
    if text.endswith(":") and (
        (len(words) <= 6 and not re_compile(r"\b(?:include|following|below|are|is)\b", re.I).search(text))
        or (len(words) <= 4 and classify_heading(text) is not None)  # "who you are:"
    ):
        return True
    if re_compile(r"\s[-–—]$").search(text) and len(words) <= 7:
        return True
    if _is_shout(text) and not text.endswith((".", ",")) and len(words) <= 6:
        return True
    if text.endswith("?") and len(words) <= 7 and nxt is not None and classify_heading(text) is not None:
        return True  # "How do I qualify?", "What can I expect to do?": a heading asked as a question
    if (
        nxt is None
        or len(words) > 7
        or text.endswith((".", ",", ";", "!", "?", ")", ":"))
        or not text[:1].isupper()
        or _FIELD_LABEL.match(text)
    ):
        return False
    if nxt.kind == "bullet":
        return True
    if nxt.kind == "text" and (
        len(words) <= 3
        and len(nxt.text.split()) <= 3
        and not nxt.text.endswith((".", ",", ";", "!", "?", ")"))
        and classify_heading(nxt.text) is not None
    ):
        return True  # "Criteria" over "Knowledge" over "Essential": a stack of headings, as a table's cells
    if nxt.kind != "text" or line.tight:  # "A full driving licence" in a list typed one item per line
        return False
    if _ITEM_SHAPE().match(text) or (nxt.tight and text.split()[0].lower() == nxt.text.split()[0].lower()):
        return False  # "Knowledge of GDPR" over "Knowledge of agile practice": two items of a list
    if len(words) <= 3 and not nxt.tight and classify_heading(text) is not None:
        return True  # "Criteria", then a blank line, then "Knowledge": headings set apart
    return len(nxt.text.split()) > len(words) and (
        classify_heading(text) is not None or _standalone_title(line, nxt)
    )


#: The shape of an item, not a heading: "Knowledge of GDPR", "Experience in retail", "Ability to lift".
_ITEM_SHAPE = LazyPattern(
    r"^(?:must|should|will)\s+(?:have|be|hold|possess|demonstrate)\s+\w+|"  # "Must have experience with X"
    r"^(?:(?:some|basic|good|strong|proven|sound|solid|excellent|working|an?|the)\s+)*"
    r"(?:knowledge|experience|understanding|ability|abilities|proficiency|familiarity|skills?|degree|"
    r"qualifications?|expertise|background|awareness)\s+(?:of|in|with|to|using|for|working|across|within)\b",
    re.I,
)


def _standalone_title(line: Line, nxt: Line) -> bool:
    """A short title-like line set apart above a paragraph ("Department Information", "Your Tour"):
    a heading of plain text, though it names no section we know. Not a short item of a list
    ("Bachelor's Degree"), which names what is asked."""
    words = line.text.split()
    return (
        len(words) <= 6
        and not line.tight
        and len(nxt.text.split()) >= 20
        and sum(w[:1].isupper() for w in words if len(w) > 3)
        >= max(1, len([w for w in words if len(w) > 3]) - 1)
        and not _ASKED_WORDS().search(line.text)
    )


#: Words of a requirement, not of a heading: a short item of a list typed one per line.
_ASKED_WORDS = LazyPattern(
    r"\b(?:experience|degree|diploma|licen[cs]e|certificat\w*|years?|ability|able|knowledge|skills?|"
    r"proficien\w*|fluen\w*|must|required)\b",
    re.I,
)


#: A line that is only emphasis: "**Qualifications**", "*ABOUT THE COMPANY:*", "__Skills__:".
_EMPHASIS_LINE = re_compile(r"(\*\*|__|\*|_)[^*_\n]+(\*\*|__|\*|_):?")
