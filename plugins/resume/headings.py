"""Section headings: what a heading names, and the lines of a resume placed in their sections."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import cache
from typing import Any

from prepflow_plugins.resume.claims import _quote
from prepflow_plugins.resume.dates import DATE_RANGE, _clean, _is_bullet
from prepflow_plugins.text.regexstore import compile as re_compile

# ---------------------------------------------------------------------------
# Reading the resume's layout: sections, bullets, dates
# ---------------------------------------------------------------------------

#: What a heading names, tried in this order on the heading's words (so "Volunteer experience" is
#: volunteering and "Technical skills" skills). A heading naming none of these is "other": it
#: ends the section before it, so its lines are never achievements of the last job.
SECTIONS = {
    "breaks": (
        r"career breaks?|sabbaticals?|career gaps?|employment gaps?|gap years?|gaps? in employment"
        r"|breaks? in employment|time off|family leave|parental leave"
    ),
    "volunteer": r"volunteer\w*|community (?:service|involvement)",
    "projects": r"(?:\w+ )?projects?|selected work|portfolio",
    "skills": (
        r"skills?|skill ?set|(?:skills|knowledge),? (?:and|&) abilities|abilities|technical"
        r"|technolog(?:y|ies)|tools|toolbox|tool ?kit|competenc(?:e|es|y|ies)"
        r"|expertise|tech stack|proficienc(?:y|ies)|strengths|software|programming"
    ),
    "experience": (
        r"experience|employment|work|(?:work|employment|career|job|professional|military|service) history"
        r"|career|professional background|military service"
        r"|positions?(?: held)?|appointments|internships?|jobs|occupations?|worked|journey|track record"
    ),
    "education": r"education|academic background|academics|degrees?|schooling|studies|training",
    "certifications": r"certifications?|certificates?|licen[cs]es?|credentials|accreditations?",
    "summary": (
        r"summary|profile|about|about me|objective|overview|introduction|welcome|highlights"
        r"|qualifications"
    ),
}
_SECTION_WORDS = [
    (section, re_compile(rf"\b(?:{words})\b", re.IGNORECASE)) for section, words in SECTIONS.items()
]
#: Single words a misspelt heading is compared with ("Experiance", "Skils").
_HEADING_WORDS = {
    "experience": "experience",
    "employment": "experience",
    "skills": "skills",
    "education": "education",
    "projects": "projects",
    "certifications": "certifications",
    "summary": "summary",
    "volunteering": "volunteer",
}
#: Words that make a heading "other" even when it also names a section ("Skills and interests"
#: stays skills, but "Languages", "Awards", "Publications" are other).
_OTHER = re_compile(
    r"(?:^|\b)(?:awards?|honou?rs|publications?|speaking|talks|presentations|interests|references|referees"
    r"|languages?|hobbies|activities|contact|affiliations?|memberships?|patents|courses|coursework"
    r"|additional information|miscellaneous|personal|extracurricular)\b",
    re.IGNORECASE,
)


_HEADS = [re_compile(rf"(?:{words})", re.IGNORECASE) for words in SECTIONS.values()] + [
    re_compile(_OTHER.pattern.removeprefix(r"(?:^|\b)").removesuffix(r"\b"), re.IGNORECASE)
]


@cache
def section_named(heading: str) -> str | None:
    """The section a heading names (see :data:`SECTIONS`), "other" for a few kinds that hold no
    jobs or skills, or None when it names nothing known.

    A heading is a noun phrase: its last words must name a section ("Relevant experience",
    "Areas of expertise", "Work history"), so a job title that merely holds such a word
    ("Software Developer", "Volunteer Coordinator") names none."""
    text = " ".join(re_compile(r"[^\w&/' -]").sub(" ", heading).split())
    words = text.split()
    if not words or len(words) > 6:
        return None
    if re_compile(r"(?:foreign\s+)?languages?(?:\s+(?:skills?|proficiency))?", re.IGNORECASE).fullmatch(text):
        return "other"  # spoken languages, not programming ones
    head = any(
        pattern.fullmatch(" ".join(words[-k:])) for k in (1, 2, 3) if k <= len(words) for pattern in _HEADS
    )
    if head:
        for section, pattern in _SECTION_WORDS:
            if pattern.search(text):
                return section
        return "other"  # "Invited talks", "Honors and awards"
    import difflib

    close = difflib.get_close_matches(words[-1].lower(), list(_HEADING_WORDS), n=1, cutoff=0.8)
    if close and len(words[-1]) >= 5:
        return _HEADING_WORDS[close[0]]
    return None


def _cite(doc: Mapping[str, Any], first: Mapping[str, Any], last: Mapping[str, Any] | None = None) -> dict:
    last = last or first
    source = {"file": doc["source"], "start": first["line"], "end": last.get("end", last["line"])}
    if "page" in first:
        source["page"] = first["page"]
    return source


Placed = tuple[str | None, str, Mapping[str, Any]]  # (section, cleaned text, document line)

_ROLE_SECTIONS = ("experience", "volunteer")
_SMALL = {"and", "&", "of", "the", "for", "in", "a", "an", "to", "with", "or"}
#: Sections whose heading can also label one line: "Technical skills: Python, Go".
_LABELS = ("skills", "certifications", "breaks")


def _heading_level(item: Mapping[str, Any]) -> int | None:
    return int(item.get("level") or 1) if item.get("kind") == "heading" else None


def _plain_heading(text: str, raw: str, strict: bool = False) -> str | None:
    """The section a plain line names when it stands alone as a heading: "EXPERIENCE",
    "Technical skills", "Skills:". A line in a sentence or with dates is no heading. In a
    document that marks its headings (``strict``), a plain line must look like one (capitals,
    capitalised words, a colon): "Patient education" among skills is a skill."""
    if _is_bullet(raw) or DATE_RANGE.search(text):
        return None
    name = text.rstrip(":").strip()
    words = name.split()
    if not words or len(words) > 5 or name.endswith((".", ",", ";")) or not name[0].isupper():
        return None
    named = section_named(name)
    if named is None:
        return None
    shaped = text.endswith(":") or name.isupper() or all(w[0].isupper() or w.lower() in _SMALL for w in words)
    return named if shaped or (len(words) <= 3 and not strict) else None


def _sections(lines: list[Mapping[str, Any]], fmt: str | None) -> tuple[list[Placed], list[Placed]]:
    """Each line with the section it is in, and lines labelled inline ("Skills: Python, Go").

    A section starts at a heading: one the document marks (Markdown, or a PDF's larger
    font) at the level of the headings that name sections, or a plain line that names one
    ("SKILLS", "Work experience:"). A marked heading that names nothing known starts an
    "other" section, so what follows is never an achievement of the last job. A deeper
    heading is part of its section (a job's header, a sub-heading). When a Markdown or text
    resume marks its sections, a plain line such as "TECHNICAL SKILLS:" inside a job is a
    label, not a new section.
    """
    levels = [
        level
        for item in lines
        if (level := _heading_level(item)) is not None
        and section_named(_clean(re_compile(r"^#+\s*").sub("", item["text"]))) is not None
    ]
    # the level most headings that name a section have (a name or a tagline may be set larger)
    top = min(Counter(levels).most_common(), key=lambda pair: (-pair[1], pair[0]))[0] if levels else None
    marked = top is not None and fmt in ("markdown", "text", None)
    placed: list[Placed] = []
    labelled: list[Placed] = []
    section: str | None = None
    for n, item in enumerate(lines):
        raw = _quote(item["text"])
        text = _clean(re.sub(r"^#+\s*", "", raw)) if item.get("kind") == "heading" else _clean(raw)
        level = _heading_level(item)
        if raw.startswith("#") and level is None:
            level = len(raw) - len(raw.lstrip("#"))
            text = _clean(raw.lstrip("#"))
        if level is not None and not DATE_RANGE.search(text):
            named = section_named(text)
            # a heading naming nothing known, just above a dated line, is a job's header
            # set like a heading ("SOFTWARE ENGINEER" in bold capitals), not a new section
            header = (
                named is None
                and section in _ROLE_SECTIONS
                and any(
                    DATE_RANGE.search(line["text"]) and len(line["text"].split()) <= 16
                    for line in lines[n + 1 : n + 3]
                )
            )
            if (top is None or level <= top) and not header:
                section = named or "other"
                placed.append((section, "", item))
                continue
            if named is not None and named != "other" and section not in _ROLE_SECTIONS:
                section = named  # a deeper heading that names a section outside the jobs
                placed.append((section, "", item))
                continue
            placed.append((section, text, item))
            continue
        label = re_compile(r"^([A-Za-z][\w &/,'-]{1,40}?)\s*:\s*(\S.*)$").match(text)
        if label and not _is_bullet(raw) and section != "skills":
            named = section_named(label[1])
            if named in _LABELS:
                labelled.append((named, label[2], item))
                placed.append((section, "", item))
                continue
        named = None if marked else _plain_heading(text, raw, strict=top is not None)
        if named is not None:
            section = named
            placed.append((section, "", item))
            continue
        placed.append((section, text, item))
    return placed, labelled
