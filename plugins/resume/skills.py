"""Education and skills: degrees, institutions and the items of a skills section."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.resume.claims import claims
from prepflow_plugins.resume.dates import _clean
from prepflow_plugins.resume.headings import section_named
from prepflow_plugins.text.regexstore import compile as re_compile

# ---------------------------------------------------------------------------
# Education and skills
# ---------------------------------------------------------------------------

DEGREES = [
    (4, r"ph\.?\s?d\.?|doctor(?:ate|al)?(?: of \w+)?|ed\.?d\.?"),
    (3, r"master'?s?(?: degree)?(?: of \w+)?|mba|m\.?\s?s\.?c?\.?|m\.\s?a\.|ma|m\.?eng\.?|mfa|mpa|mph"),
    (
        2,
        r"bachelor'?s?(?: degree)?(?: of \w+)?|b\.?\s?s\.?c?\.?|b\.\s?a\.|ba|b\.?eng\.?|bfa|undergraduate",
    ),
    (1, r"associate'?s?(?: degree)?(?: of \w+)?|a\.a\.s?\.?"),
    (0, r"high school diploma|high school|ged"),
]
_DEGREE = [
    (level, re_compile(rf"(?<![\w.])(?:{pattern})(?![\w])", re.IGNORECASE)) for level, pattern in DEGREES
]
_INSTITUTION = re_compile(
    r"university|college|institute|school|academy|polytechnic|école|universität", re.IGNORECASE
)
_PARENS = re_compile(r"\s*\([^)]*\)")
_ANY_YEAR = re_compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _degree(text: str) -> tuple[str, int] | None:
    for level, pattern in _DEGREE:
        if m := pattern.search(text):
            return m.group(), level
    return None


_LEVEL = re_compile(
    r"\b(?:expert|advanced|intermediate|beginner|basic|native(?: speaker)?|fluent|proficient|conversational"
    r"|working knowledge|familiar|elementary|bilingual|mother tongue)\b|\b\d+\+?\s*(?:years?|yrs?)\b"
    r"|\b\d+\s*/\s*\d+\b|[★☆●○]+",
    re.IGNORECASE,
)


_PERSONAL = re_compile(r"\b(?:you|your|yours|please|I|my|me|we|our)\b")
_CONNECTOR = re_compile(
    r"\s+(?:with skills in|with expertise in|skills in|such as|including|using|that used|which used"
    r"|used|with)\s+",
    re.IGNORECASE,
)


def _skill_items(text: str) -> list[str]:
    """The skills of one line of a skills section: a list, or sentences about the work."""
    prose = len(text.split()) >= 12 and re_compile(r"[a-z]{3,}[.!?](?:\s|$)").search(text)
    return _skills_in_prose(text) if prose or _PERSONAL.search(text) else _skill_names(text)


def _grouped(item: Mapping[str, Any], text: str) -> str:
    """A skills table row without its group-name cell: "Languages | Python, SQL" -> "Python, SQL".

    The first cell is a group name when it names a section ("Technical skills", "Tools"), or
    when it is a short phrase and the cells after it hold lists; a row of single skills
    ("Python | SQL", "Kubernetes | Docker") stays whole."""
    cells = [str(c).strip() for c in item.get("cells") or [] if str(c).strip()]
    if len(cells) < 2 or "," in cells[0] or len(cells[0].split()) > 3:
        return text
    if section_named(_clean(cells[0])) is not None or any("," in c or ";" in c for c in cells[1:]):
        return ", ".join(_clean(c) for c in cells[1:])
    return text


def _skills_in_prose(text: str) -> list[str]:
    """The skills a sentence of a skills paragraph names: "Conducted usability evaluations using
    card sorting, tree testing" -> usability evaluations, card sorting, tree testing. A sentence
    that speaks to the reader or about the writer ("Software you know ...") names none."""
    found: list[str] = []
    for sentence in claims(text):
        if _PERSONAL.search(sentence):
            continue
        parts = _CONNECTOR.split(sentence, maxsplit=1)
        if len(parts) == 2:
            head, tail = parts
            words = head.split()
            obj = " ".join(words[1:]) if words and re.match(r"\w+ed$", words[0]) else ""
            if obj and not re.match(r"(?:on|in|at|for|to|a|an|the|with)\b", obj, re.IGNORECASE):
                found.append(obj)
            found += _skill_names(tail, words=5)
        else:
            found += _skill_names(sentence, words=5)
    return found


def _skill_names(text: str, *, words: int = 4) -> list[str]:
    """The items of a skills line: "Languages: Python, Go; Tools: Git" -> Python, Go, Git.

    Group names, proficiency levels ("(Expert)", "- Fluent", "5 years") and a version note in
    parentheses ("Angular (versions 2+)") are left out; a list in parentheses ("SQL (MySQL,
    MongoDB)") gives its items."""
    text = re_compile(r"\(([^(),]*)\)").sub(
        lambda m: " " if re.search(r"\d|" + _LEVEL.pattern, m[1], re.I) else m[0], text
    )
    chunks = [
        re_compile(r"^[\w &/+#.-]{1,30}:\s+").sub("", chunk) for chunk in re_compile(r"\s*;\s*").split(text)
    ]
    items = re_compile(r"\s*[,|•·()]\s*|\s+and\s+|\.\s+|\s+[<>]=?\s+|\s+==?\s+|\s+[-–—]\s+").split(
        ", ".join(chunks)
    )
    items = [re_compile(r"^(?:(?:and|or|&|the|an?)\s+)+").sub("", i.strip(" .:")) for i in items]
    items = [
        " ".join(_LEVEL.sub(" ", i).split()) if _LEVEL.search(i) and _LEVEL.sub("", i).strip() else i
        for i in items
    ]
    return [
        i for i in items if i and not _LEVEL.fullmatch(i) and len([w for w in i.split() if w != "&"]) <= 4
    ]
