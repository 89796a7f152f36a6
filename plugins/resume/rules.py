"""The rules behind ``resume.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.resume`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
import tomllib
from collections.abc import Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any

from prepflow_plugins.documents import load_document

import prepflow

# Gaps between jobs longer than this many months are reported.
GAP_MONTHS = 6


# ---------------------------------------------------------------------------
# Reading the resume's layout: sections, bullets, dates
# ---------------------------------------------------------------------------

SECTIONS = {
    "experience": (
        "experience|work experience|professional experience|employment|employment history|work history"
        "|career history|relevant experience|professional background|career|positions held"
    ),
    "volunteer": "volunteer|volunteer work|volunteer experience|volunteering",
    "skills": (
        "skills|technical skills|core skills|key skills|skills and tools|skills & tools|technologies"
        "|tools|competencies|core competencies|tech stack|skills summary|areas of expertise"
    ),
    "education": "education|academic background|education and training|education & training",
    "certifications": (
        "certifications|certificates|licenses|licences|licenses and certifications"
        "|licenses & certifications|certifications and licenses|certifications & licenses|credentials"
    ),
    "projects": "projects|selected projects|personal projects|side projects|selected work",
    "breaks": (
        "career break|career breaks|sabbatical|sabbaticals|career gap|career gaps|employment gap"
        "|employment gaps|gap year|gaps in employment|break in employment|time off|family leave"
        "|parental leave"
    ),
    "summary": "summary|profile|about|about me|objective|professional summary|career summary",
    "other": (
        "awards|honors|honours|publications|speaking|selected speaking and presentations|interests"
        "|references|languages|language skills|hobbies|activities|contact"
    ),
}
_SECTION_LINE = re.compile(
    r"^(?P<hashes>#{1,6}\s*)?(?P<name>"
    + "|".join(sorted((n for alt in SECTIONS.values() for n in alt.split("|")), key=len, reverse=True))
    + r")\s*(?P<colon>:)?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_SECTION_OF = {name: section for section, alt in SECTIONS.items() for name in alt.split("|")}

_BULLET = re.compile(r"^(?:[-*•·▪◦‣●○■□➢➤►–+]|\d{1,2}[.)])\s+")
_MARKUP = re.compile(r"\*{2,3}|__|`|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in names.split()
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    rf"(?:(?:{_MONTH})\.?,?\s+(?:19|20)\d{{2}}"  # Jan 2020, September 2019
    r"|(?:0?[1-9]|1[0-2])/(?:19|20)\d{2}"  # 07/2015
    r"|(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?:-\d{2})?"  # 2013-12-01
    r"|(?:19|20)\d{2})"  # 2016
)
_PRESENT = r"present|current|currently|now|today|ongoing|date"
DATE_RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})\s*(?:-|–|—|to|until|through|thru)\s*(?P<end>{_DATE}|{_PRESENT})(?![\w/])"
    rf"|(?:since|from)\s+(?P<since>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


def _clean(text: str) -> str:
    """Drop Markdown emphasis, links, quote marks and bullets, keeping the words."""
    text = _LINK.sub(r"\1", text).strip()
    text = re.sub(r"^(?:>\s*)+", "", text)
    text = _BULLET.sub("", text)
    text = _MARKUP.sub("", text)
    return " ".join(text.split()).strip()


def _is_bullet(text: str) -> bool:
    return bool(_BULLET.match(re.sub(r"^(?:>\s*)+", "", text.strip())))


def _month_index(text: str, *, end: bool) -> tuple[int, bool] | None:
    """A date as months since year 0, and whether only its year is known.

    A year on its own starts in January; as an end it means "into that year",
    so "2016–2020" counts four years and a job from 2020 follows it without a gap.
    """
    text = text.strip().lower().rstrip(".")
    if m := re.fullmatch(rf"({_MONTH})\.?,?\s+(\d{{4}})", text):
        return int(m[2]) * 12 + _MONTHS[m[1]], False
    if m := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        return int(m[2]) * 12 + int(m[1]) - 1, False
    if m := re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text):
        return int(m[1]) * 12 + int(m[2]) - 1, False
    if m := re.fullmatch(r"\d{4}", text):
        return int(text) * 12 - (1 if end else 0), True
    return None


def _latest(end: tuple[int, bool] | None) -> int | None:
    """The latest month an end date can mean: December of a year given alone."""
    if end is None:
        return None
    return (end[0] + 1) // 12 * 12 + 11 if end[1] else end[0]


def _ym(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# ---------------------------------------------------------------------------
# Metrics in achievements
# ---------------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
METRICS = [
    (
        "money",
        re.compile(
            rf"[$€£]\s?{_NUM}\s?(?:k|mm|m|bn|b|thousand|million|billion)?\b"
            rf"|\b{_NUM}\s?(?:thousand|million|billion)?\s?(?:dollars|usd|eur|euros|gbp|pounds)\b",
            re.IGNORECASE,
        ),
    ),
    ("percent", re.compile(rf"\b{_NUM}\s?(?:%|percent\b|pct\b)", re.IGNORECASE)),
    ("multiplier", re.compile(rf"\b{_NUM}\s?(?:x|×|-fold|fold)(?!\w)", re.IGNORECASE)),
    (
        "time",
        re.compile(
            rf"\b{_NUM}\+?\s?(?:milliseconds?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?"
            r"|months?|years?|yrs?)\b",
            re.IGNORECASE,
        ),
    ),
    ("number", re.compile(rf"(?<![\w.$€£/-]){_NUM}(?:\s?(?i:k|m)\b)?\+?(?!\w|[.,]\d)(?:\s+[A-Za-z][\w-]*)?")),
]
_SAVING = re.compile(r"\b(sav|cut|reduc|shorten|faster|decreas|lower|eliminat)", re.IGNORECASE)
_YEAR = re.compile(r"^(?:19|20)\d{2}$")


def _value(text: str) -> float | None:
    m = re.search(_NUM, text)
    if not m:
        return None
    value = float(m.group().replace(",", ""))
    scale = re.search(r"(?<=\d)\s?(k|mm|m|bn|b|thousand|million|billion)\b", text, re.IGNORECASE)
    if scale:
        value *= _SCALE[scale.group(1).lower()]
    return int(value) if value.is_integer() else value


def find_metrics(text: str) -> list[dict[str, Any]]:
    """Numbers that measure an achievement: ``[{text, kind, value}]`` in reading order."""
    taken: list[tuple[int, int]] = [m.span() for m in DATE_RANGE.finditer(text)]
    found = []
    for kind, pattern in METRICS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            words = m.group().strip()
            number = re.match(_NUM, words.lstrip("$€£ "))
            if kind == "number" and number and _YEAR.match(number.group()):
                continue  # a year is a date, not a measure
            taken.append(m.span())
            kind_found = "time_saved" if kind == "time" and _SAVING.search(text) else kind
            found.append((m.start(), {"text": words, "kind": kind_found, "value": _value(words)}))
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


# ---------------------------------------------------------------------------
# Role headers: title, organisation, function, industry
# ---------------------------------------------------------------------------


@cache
def _vocabulary() -> dict[str, Any]:
    text = resources.files("prepflow_plugins.resume").joinpath("roles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _has_word(words: list[str], text: str) -> str | None:
    """The first of ``words`` that appears in ``text`` as a whole word, if any."""
    for word in words:
        if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE):
            return word
    return None


def _classify(table: Mapping[str, list[str]], text: str) -> tuple[str | None, str | None]:
    for name, words in table.items():
        if word := _has_word(words, text):
            return name, word
    return None, None


_SPLIT = re.compile(r"\s+[—–-]\s+|\s*[|·•]\s*|\s*,\s*|\s+at\s+|\s+@\s+|\s{2,}")
_LOCATION = re.compile(
    r"^(?:[A-Z]{2}|remote|hybrid|on-?site|usa|u\.s\.|us|uk|united states|united kingdom|canada|india)$",
    re.IGNORECASE,
)
_NOISE = re.compile(r"hours per week:?\s*\d*|\(\s*[\d,]+\+?\s+employees\s*\)", re.IGNORECASE)


def _header_pieces(text: str) -> list[str]:
    text = _NOISE.sub(" ", DATE_RANGE.sub(" ", text))
    text = re.sub(r"^#+\s*", "", text)
    pieces = [p.strip(" -–—:()") for p in _SPLIT.split(text)]
    merged: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if merged and re.fullmatch(r"(?:inc|llc|ltd|corp|co|plc|gmbh)\.?", piece, re.IGNORECASE):
            merged[-1] += ", " + piece  # "Acme, Inc." is one name
        else:
            merged.append(piece)
    return merged


def _title_and_organisation(pieces: list[str]) -> tuple[str | None, str | None]:
    vocab = _vocabulary()
    title = next((p for p in pieces if _has_word(vocab["title_words"], p)), None)
    organisation = next(
        (p for p in pieces if p != title and _has_word(vocab["organisation_words"], p)),
        None,
    )
    if organisation is None:
        organisation = next((p for p in pieces if p != title and not _LOCATION.match(p)), None)
    if title is None:
        title = next((p for p in pieces if p != organisation and not _LOCATION.match(p)), None)
    return title, organisation


def _header_like(placed: list[Placed], j: int) -> bool:
    """A short line that is not part of a sentence: it may be part of a role header."""
    text = placed[j][1]
    words = text.split()
    sentence_end = text.endswith((";", ",")) or (
        text.endswith(".") and not re.search(r"\b(?:Inc|Co|Ltd|Corp|Jr|Sr|St)\.$", text)
    )
    if not words or len(words) > 12 or sentence_end or not text[0].isupper():
        return False
    following = placed[j + 1][1] if j + 1 < len(placed) else ""
    if following[:1].islower():
        return False  # the line wraps into the next one
    small = sum(w.lower() in {"the", "a", "an", "is", "to", "of", "and", "for", "with", "in"} for w in words)
    return small <= len(words) / 3


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
    (level, re.compile(rf"(?<![\w.])(?:{pattern})(?![\w])", re.IGNORECASE)) for level, pattern in DEGREES
]
_INSTITUTION = re.compile(
    r"university|college|institute|school|academy|polytechnic|école|universität", re.IGNORECASE
)
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _degree(text: str) -> tuple[str, int] | None:
    for level, pattern in _DEGREE:
        if m := pattern.search(text):
            return m.group(), level
    return None


def _skill_names(text: str) -> list[str]:
    """The items of a skills line: "Languages: Python, Go; Tools: Git" -> Python, Go, Git."""
    chunks = [re.sub(r"^[\w &/]{1,30}:\s+", "", chunk) for chunk in re.split(r"\s*;\s*", text)]
    items = re.split(r"\s*[,|•·()]\s*|\s+and\s+|\.\s+", ", ".join(chunks))
    items = [re.sub(r"^(?:and|or)\s+", "", i.strip(" .")) for i in items]
    return [i for i in items if i and len(i.split()) <= 4]


# ---------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------


def _cite(doc: Mapping[str, Any], first: Mapping[str, Any], last: Mapping[str, Any] | None = None) -> dict:
    last = last or first
    source = {"file": doc["source"], "start": first["line"], "end": last.get("end", last["line"])}
    if "page" in first:
        source["page"] = first["page"]
    return source


Placed = tuple[str | None, str, Mapping[str, Any]]  # (section, cleaned text, document line)


def _sections(lines: list[Mapping[str, Any]]) -> tuple[list[Placed], list[Placed]]:
    """Each line with the section it is in, and lines labelled inline ("Skills: Python, Go").

    A section starts at a heading that names it ("## Experience", "SKILLS",
    "Education:"). When the resume marks its sections with Markdown headings,
    only those count, and a capitalised line such as "TECHNICAL SKILLS:" inside
    a job is a label, not a new section.
    """
    matches = [_SECTION_LINE.match(_MARKUP.sub("", _quote(item["text"])).strip()) for item in lines]
    markdown = any(m and m["hashes"] for m in matches)
    placed: list[Placed] = []
    labelled: list[Placed] = []
    section: str | None = None
    for item, m in zip(lines, matches, strict=True):
        raw = _quote(item["text"])
        if m and section == "skills" and not m["hashes"] and m["rest"]:
            m = None  # "Languages: Python, Go" inside the skills section is content
        if m and not _is_bullet(raw) and (m["hashes"] or not markdown):
            if m["colon"] and m["rest"]:
                labelled.append((_SECTION_OF[m["name"].lower()], m["rest"], item))
                placed.append((section, "", item))
                continue
            if not m["rest"] and (m["hashes"] or m["colon"] or m["name"].isupper() or m["name"].istitle()):
                section = _SECTION_OF[m["name"].lower()]
                placed.append((section, "", item))
                continue
        elif m and markdown and m["colon"] and m["rest"]:
            labelled.append((_SECTION_OF[m["name"].lower()], m["rest"], item))
            placed.append((section, "", item))
            continue
        if raw.startswith("#") and not DATE_RANGE.search(raw) and section not in ("experience", "volunteer"):
            section = "other" if section is not None else None
        placed.append((section, _clean(raw), item))
    return placed, labelled


def _quote(text: str) -> str:
    """The text of a line without Markdown quote marks."""
    return re.sub(r"^(?:>\s*)+", "", text).strip()


def analyze_lines(doc: Mapping[str, Any], as_of: int) -> dict[str, Any]:
    """Analyse a text or Markdown resume (any document made of lines)."""
    lines = list(doc["lines"])
    placed, labelled = _sections(lines)
    has_experience = any(section == "experience" for section, _, _ in placed)
    role_sections = {"experience", "volunteer"} | (set() if has_experience else {None, "other", "projects"})

    roles: list[dict[str, Any]] = []
    achievements: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    education: list[dict[str, Any]] = []
    certifications: list[dict[str, Any]] = []
    used: set[int] = set()  # indexes of lines that belong to a role header

    name = None
    if lines:
        first = _clean(lines[0]["text"].lstrip("# "))
        if 0 < len(first.split()) <= 5 and not re.search(r"[:@\d]", first) and not _SECTION_LINE.match(first):
            name = re.sub(r"\s*\([^)]*\)\s*$", "", first) or None

    # Roles: every line with a date range in a section that holds jobs.
    for i, (section, text, item) in enumerate(placed):
        if section not in role_sections or _is_bullet(item["text"]):
            continue
        last = i
        if re.search(rf"{_DATE}\s*(?:-|–|—|to)$", text, re.IGNORECASE) and i + 1 < len(placed):
            text, last = f"{text} {placed[i + 1][1]}", i + 1  # "June 2020 –" / "Present" (a PDF column)
        dates = DATE_RANGE.search(text)
        if not dates or len(text.split()) > 16 or text.endswith("."):
            continue
        header = list(range(i, last + 1))
        title, organisation = _title_and_organisation(_header_pieces(text))
        # The rest of the header may sit on the line before or after, or a few lines up
        # (past a mission statement, as federal resumes have it).
        for j in (i - 1, last + 1, *range(i - 2, i - 9, -1)):
            if title and organisation:
                break
            if not 0 <= j < len(placed) or placed[j][0] != section:
                continue
            neighbour = placed[j][1]
            if j in used or _is_bullet(placed[j][2]["text"]) or DATE_RANGE.search(neighbour):
                if j < i:
                    break  # the end of the previous job
                continue
            if not _header_like(placed, j):
                continue
            more_title, more_organisation = _title_and_organisation(_header_pieces(neighbour))
            if not title and more_title and more_title != organisation:
                title, more_organisation = more_title, more_organisation
                header.append(j)
            if not organisation and more_organisation and more_organisation != title:
                organisation = more_organisation
                if j not in header:
                    header.append(j)
        used.update(range(min(header), max(header) + 1))  # a mission statement between is not an achievement
        roles.append(_role(doc, placed, sorted(header), dates, title, organisation, section, as_of))

    # Achievements: bullets and prose lines inside a role (or in a projects section).
    role_of_line: dict[int, int] = {}
    current: int | None = None
    for i, (section, _, _) in enumerate(placed):
        if i in used:
            current = next(n for n, role in enumerate(roles) if i in role["_lines"])
        elif section not in role_sections and section != "projects":
            current = None
        role_of_line[i] = current if current is not None else -1

    previous: dict[str, Any] | None = None
    for i, (section, text, item) in enumerate(placed):
        role = role_of_line[i]
        if i in used or not text:
            previous = None
            continue
        if section in ("skills", "education", "certifications", "summary", "other", "breaks"):
            if section == "skills":
                skills += [{"name": n, "source": _cite(doc, item)} for n in _skill_names(text)]
            previous = None
            continue
        if role < 0 and section != "projects":
            previous = None
            continue
        raw = item["text"]
        is_bullet = _is_bullet(raw)
        stripped = re.sub(r"^(?:>\s*)+", "", raw).strip()
        if re.fullmatch(r"(`[^`]*`|_[^_]+_|\*[^*]+\*)", stripped) and not is_bullet:
            previous = None  # a mission statement in italics, or a comment in code
            continue
        continues = (
            previous is not None
            and not is_bullet
            and item["line"] == previous["source"]["end"] + 1
            and (text[:1].islower() or not previous["text"].endswith((".", "!", "?")))
            and not (text.isupper() or text.endswith(":"))
        )
        if continues and previous is not None:
            previous["text"] += " " + text
            previous["source"]["end"] = item.get("end", item["line"])
            continue
        if not is_bullet and (len(text.split()) < 8 or text.isupper() or text.endswith(":")):
            previous = None  # a sub-heading such as "DUTIES AND RESPONSIBILITIES"
            continue
        previous = {
            "text": text,
            "role": role if role >= 0 else None,
            "section": "projects" if section == "projects" and role < 0 else "experience",
            "source": _cite(doc, item),
        }
        achievements.append(previous)

    for achievement in achievements:
        achievement["metrics"] = find_metrics(achievement["text"])

    for section, text, item in labelled:  # "Technical skills: Python, Go"
        if section == "skills":
            skills += [{"name": n, "source": _cite(doc, item)} for n in _skill_names(text)]

    # Education and certifications.
    entry: dict[str, Any] | None = None
    for section, text, item in placed:
        if section == "education" and text:
            degree = _degree(text)
            institution = _INSTITUTION.search(text)
            if entry is None or (degree and entry["degree"]) or (institution and entry["institution"]):
                entry = {"text": text, "degree": None, "level": None, "institution": None, "year": None}
                entry["source"] = _cite(doc, item)
                education.append(entry)
            else:
                entry["text"] += "; " + text
                entry["source"]["end"] = item.get("end", item["line"])
            if degree and not entry["degree"]:
                entry["degree"], entry["level"] = degree
            if institution and not entry["institution"]:
                piece = next((p for p in _header_pieces(text) if _INSTITUTION.search(p)), text)
                entry["institution"] = piece
            if (year := _ANY_YEAR.findall(text)) and not entry["year"]:
                entry["year"] = int(year[-1])
        elif section == "certifications" and text:
            for cert in re.split(r"\s*[;|]\s*", text):
                year = _ANY_YEAR.findall(cert)
                certifications.append(
                    {"text": cert, "year": int(year[-1]) if year else None, "source": _cite(doc, item)}
                )
    education = [e for e in education if e["degree"] or e["institution"]]

    # Explained gaps: what a "Career break" section says, with the dates it gives.
    breaks = [
        _break(doc, text, item)
        for section, text, item in [*placed, *labelled]
        if section == "breaks" and text
    ]

    for r in roles:
        del r["_lines"]
    return {
        "_breaks": breaks,
        "name": name,
        "roles": roles,
        "achievements": achievements,
        "skills": _dedupe(skills),
        "education": education,
        "certifications": certifications,
    }


def _role(doc, placed, header, dates, title, organisation, section, as_of) -> dict[str, Any]:
    text = " ".join(placed[j][1] for j in header)
    start_text = dates["start"] or dates["since"]
    end_text = dates["end"] or "present"
    start = _month_index(start_text, end=False)
    current = bool(re.fullmatch(_PRESENT, end_text.strip(), re.IGNORECASE))
    end = (as_of, False) if current else _month_index(end_text, end=True)
    months = None
    if start and end:
        if end[1] and end[0] < start[0]:
            end = ((end[0] + 1) // 12 * 12 + 11, True)  # "2019–2019", "Mar 2019–2019": to December
        months = end[0] - start[0] + 1
    vocab = _vocabulary()
    function, function_word = _classify(vocab["functions"], title or "")
    header_text = " ".join(p for p in _header_pieces(text) if p != title)
    industry, industry_word = _classify(vocab["industries"], header_text)
    return {
        "title": title,
        "organisation": organisation,
        "kind": "volunteer" if section == "volunteer" else "work",
        "dates": dates.group().strip(),
        "start": _ym(start[0]) if start else None,
        "end": None if current or not end else _ym(end[0]),
        "current": current,
        "approximate": bool((start and start[1]) or (end and end[1])),
        "months": months,
        "function": {"name": function, "evidence": function_word} if function else None,
        "industry": {"name": industry, "evidence": industry_word} if industry else None,
        "source": _cite(doc, placed[header[0]][2], placed[header[-1]][2]),
        "_lines": set(range(header[0], header[-1] + 1)),
        "_start": start[0] if start else None,
        "_end": end[0] if end else None,
        "_end_latest": _latest(end),
    }


def _break(doc: Mapping[str, Any], text: str, item: Mapping[str, Any]) -> dict[str, Any]:
    """A line of a career-break section: its text, its dates (month indexes) if it gives them, its lines."""
    dates = DATE_RANGE.search(text)
    start = _month_index(dates["start"] or dates["since"], end=False) if dates else None
    end = None
    if dates and dates["end"]:
        end = _month_index(dates["end"], end=True)
    return {
        "text": text,
        "source": _cite(doc, item),
        "_start": start[0] if start else None,
        "_end": end[0] if end else None,
    }


def _explanation(gap_start: int, gap_end: int, breaks: Sequence[dict[str, Any]], gaps: int) -> dict | None:
    """The career-break line whose dates overlap the gap (an undated one when there is a single gap)."""
    for entry in breaks:
        start, end = entry["_start"], entry["_end"]
        if start is not None and start <= gap_end and (end if end is not None else start) >= gap_start:
            return {"text": entry["text"], "source": entry["source"]}
    undated = [entry for entry in breaks if entry["_start"] is None]
    if gaps == 1 and len(undated) == 1:
        return {"text": undated[0]["text"], "source": undated[0]["source"]}
    return None


def _dedupe(skills: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for skill in skills:
        if skill["name"].lower() not in seen:
            seen.add(skill["name"].lower())
            out.append(skill)
    return out


def signals(roles: list[dict[str, Any]], as_of: int, breaks: Sequence[dict[str, Any]] = ()) -> dict[str, Any]:
    """Total years, tenure per role, gaps (explained by ``breaks`` when they say so) and changes."""
    dated = sorted(
        (
            i
            for i, r in enumerate(roles)
            if r["kind"] == "work" and r["_start"] is not None and r["_end"] is not None
        ),
        key=lambda i: (roles[i]["_start"], roles[i]["_end"]),
    )
    months_worked = 0
    gaps = []
    covered_until: int | None = None
    # a gap must hold even if a year-only end ("2016–2019") ran to December
    reached: int | None = None
    last_role: int | None = None
    for i in dated:
        start, end = roles[i]["_start"], roles[i]["_end"]
        # last_role is set whenever reached is (both by the first dated role)
        if reached is not None and last_role is not None and start - reached - 1 > GAP_MONTHS:
            gaps.append(
                {
                    "start": _ym(reached + 1),
                    "end": _ym(start - 1),
                    "months": start - reached - 1,
                    "after_role": last_role,
                    "before_role": i,
                    "approximate": roles[i]["approximate"] or roles[last_role]["approximate"],
                    "_start": reached + 1,
                    "_end": start - 1,
                }
            )
        if covered_until is None or start > covered_until:
            months_worked += end - start + 1
        elif end > covered_until:
            months_worked += end - covered_until
        if covered_until is None or end >= covered_until:
            covered_until, last_role = end, i
        latest = roles[i]["_end_latest"]
        reached = latest if reached is None else max(reached, latest)
    changes = []
    for kind in ("function", "industry"):
        known = [i for i in dated if roles[i][kind]]
        for before, after in itertools.pairwise(known):
            if roles[before][kind]["name"] != roles[after][kind]["name"]:
                changes.append(
                    {
                        "kind": kind,
                        "from": roles[before][kind]["name"],
                        "to": roles[after][kind]["name"],
                        "from_role": before,
                        "to_role": after,
                    }
                )
    return {
        "as_of": _ym(as_of),
        "total_years": round(months_worked / 12, 1),
        "tenure": [
            {
                "role": i,
                "title": r["title"],
                "organisation": r["organisation"],
                "months": r["months"],
                "years": round(r["months"] / 12, 1) if r["months"] else None,
            }
            for i, r in enumerate(roles)
        ],
        "gaps": [
            {
                **{k: v for k, v in gap.items() if not k.startswith("_")},
                "explanation": _explanation(gap["_start"], gap["_end"], breaks, len(gaps)),
            }
            for gap in gaps
        ],
        "changes": changes,
    }


# ---------------------------------------------------------------------------
# JSON Resume (https://jsonresume.org): the data is already structured
# ---------------------------------------------------------------------------


def _json_resume(doc: Mapping[str, Any]) -> Mapping[str, Any] | None:
    data = doc.get("json_resume")
    if data is None and doc["lines"] and doc["lines"][0]["text"].startswith("{"):
        try:  # documents.py may not read JSON Resume yet: its lines are the JSON text
            data = json.loads("\n".join(item["text"] for item in doc["lines"]))
        except ValueError:
            return None
    return data if isinstance(data, Mapping) and ("work" in data or "basics" in data) else None


def _find(doc: Mapping[str, Any], value: str) -> dict:
    """Cite the first line holding ``value`` (or the whole file, when none does)."""
    needle = " ".join(str(value).split())[:60].lower()
    for item in doc["lines"]:
        if needle and needle in item["text"].lower():
            return _cite(doc, item)
    return _cite(doc, doc["lines"][0], doc["lines"][-1])


def analyze_json_resume(doc: Mapping[str, Any], data: Mapping[str, Any], as_of: int) -> dict[str, Any]:
    roles: list[dict[str, Any]] = []
    achievements: list[dict[str, Any]] = []
    for kind, key, org_key in (("work", "work", "name"), ("volunteer", "volunteer", "organization")):
        for job in data.get(key) or []:
            start = _month_index(job.get("startDate", ""), end=False) if job.get("startDate") else None
            current = not job.get("endDate")
            end = (as_of, False) if current else _month_index(job["endDate"], end=True)
            title = job.get("position")
            organisation = job.get(org_key) or job.get("company")
            vocab = _vocabulary()
            function, function_word = _classify(vocab["functions"], title or "")
            industry, industry_word = _classify(
                vocab["industries"], f"{organisation or ''} {job.get('description') or ''}"
            )
            months = end[0] - start[0] + 1 if start and end else None
            role_index = len(roles)
            roles.append(
                {
                    "title": title,
                    "organisation": organisation,
                    "kind": kind,
                    "dates": f"{job.get('startDate', '?')} – {job.get('endDate') or 'present'}",
                    "start": _ym(start[0]) if start else None,
                    "end": None if current or not end else _ym(end[0]),
                    "current": current,
                    "approximate": False,
                    "months": months,
                    "function": {"name": function, "evidence": function_word} if function else None,
                    "industry": {"name": industry, "evidence": industry_word} if industry else None,
                    "source": _find(doc, title or organisation or ""),
                    "_start": start[0] if start else None,
                    "_end": end[0] if end else None,
                    "_end_latest": _latest(end),
                }
            )
            summary = [job["summary"]] if job.get("summary") else []
            for text in summary + list(job.get("highlights") or []):
                achievements.append(
                    {
                        "text": " ".join(text.split()),
                        "role": role_index,
                        "section": "experience",
                        "source": _find(doc, text),
                        "metrics": find_metrics(text),
                    }
                )
    skills = []
    for group in data.get("skills") or []:
        for skill in [group.get("name"), *(group.get("keywords") or [])]:
            if skill:
                skills.append({"name": skill, "source": _find(doc, skill)})
    education = []
    for school in data.get("education") or []:
        words = " ".join(
            filter(None, [school.get("studyType"), school.get("area"), school.get("institution")])
        )
        degree = _degree(school.get("studyType") or "") or _degree(words)
        end_date = school.get("endDate") or ""
        education.append(
            {
                "text": words,
                "degree": degree[0] if degree else school.get("studyType"),
                "level": degree[1] if degree else None,
                "institution": school.get("institution"),
                "year": int(end_date[:4]) if end_date[:4].isdigit() else None,
                "source": _find(doc, school.get("institution") or words),
            }
        )
    certifications = []
    for cert in data.get("certificates") or []:
        date = cert.get("date") or ""
        certifications.append(
            {
                "text": " ".join(filter(None, [cert.get("name"), cert.get("issuer")])),
                "year": int(date[:4]) if date[:4].isdigit() else None,
                "source": _find(doc, cert.get("name") or ""),
            }
        )
    return {
        "name": (data.get("basics") or {}).get("name"),
        "roles": roles,
        "achievements": achievements,
        "skills": _dedupe(skills),
        "education": education,
        "certifications": certifications,
    }


# ---------------------------------------------------------------------------
# The step
# ---------------------------------------------------------------------------


def _as_of(ctx: prepflow.StepContext) -> int:
    text = ctx.config.get("as_of")
    day = (
        datetime.date.fromisoformat(text + "-01" if len(text) == 7 else text)
        if text
        else datetime.date.today()
    )
    return day.year * 12 + day.month - 1


def analyze(ctx: prepflow.StepContext) -> dict[str, Any]:
    source = ctx.config["source"]
    doc = load_document(ctx, source)
    as_of = _as_of(ctx)
    data = _json_resume(doc)
    result = analyze_json_resume(doc, data, as_of) if data else analyze_lines(doc, as_of)
    if not (result["roles"] or result["achievements"] or result["skills"] or result["education"]):
        raise prepflow.StepError(
            f"{source}: found no jobs, achievements, skills or education; is this a resume? "
            "(expected headings such as 'Experience' and 'Skills', and dates such as '2019 – 2022')"
        )
    result["signals"] = signals(result["roles"], as_of, result.pop("_breaks", []))
    for role in result["roles"]:
        del role["_start"], role["_end"], role["_end_latest"]
    return {"source": source, **result}
