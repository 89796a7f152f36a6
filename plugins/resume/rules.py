"""The rules behind ``resume.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.resume`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import datetime
import itertools
import json
import re
import tomllib
from collections import Counter
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
        r"skills?|skill ?set|technical|technolog(?:y|ies)|tools|toolbox|tool ?kit|competenc(?:e|es|y|ies)"
        r"|expertise|tech stack|proficienc(?:y|ies)|strengths|software|programming"
    ),
    "experience": (
        r"experience|employment|work|work history|career|career history|professional background"
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
    (section, re.compile(rf"\b(?:{words})\b", re.IGNORECASE)) for section, words in SECTIONS.items()
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
_OTHER = re.compile(
    r"(?:^|\b)(?:awards?|honou?rs|publications?|speaking|talks|presentations|interests|references|referees"
    r"|languages?|hobbies|activities|contact|affiliations?|memberships?|patents|courses|coursework"
    r"|additional information|miscellaneous|personal|extracurricular)\b",
    re.IGNORECASE,
)


_HEADS = [re.compile(rf"(?:{words})", re.IGNORECASE) for words in SECTIONS.values()] + [
    re.compile(_OTHER.pattern.removeprefix(r"(?:^|\b)").removesuffix(r"\b"), re.IGNORECASE)
]


@cache
def section_named(heading: str) -> str | None:
    """The section a heading names (see :data:`SECTIONS`), "other" for a few kinds that hold no
    jobs or skills, or None when it names nothing known.

    A heading is a noun phrase: its last words must name a section ("Relevant experience",
    "Areas of expertise", "Work history"), so a job title that merely holds such a word
    ("Software Developer", "Volunteer Coordinator") names none."""
    text = " ".join(re.sub(r"[^\w&/' -]", " ", heading).split())
    words = text.split()
    if not words or len(words) > 6:
        return None
    if re.fullmatch(r"(?:foreign\s+)?languages?(?:\s+(?:skills?|proficiency))?", text, re.IGNORECASE):
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


_BULLET = re.compile(r"^(?:[-*•·▪◦‣●○■□➢➤►–+]|\d{1,2}[.)])\s+")
_MARKUP = re.compile(r"\*{2,3}|__|`|(?<![\w*])[*_](?=\S)|(?<=\S)[*_](?![\w*])")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march spring",
            "apr april",
            "may",
            "jun june summer",
            "jul july",
            "aug august",
            "sep sept september fall autumn",
            "oct october",
            "nov november",
            "dec december winter",
        ]
    )
    for m in names.split()
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = (
    # Jan 2020, Sept. 2019, 15 Jan 2008, Jun '19
    rf"(?:(?:\d{{1,2}}\s+)?(?:{_MONTH})\.?,?\s*(?:(?:19|20)\d{{2}}|['’]\d{{2}})"
    r"|(?:0?[1-9]|1[0-2])[/.](?:19|20)\d{2}"  # 07/2015, 07.2015
    r"|(?:19|20)\d{2}[-/.](?:0[1-9]|1[0-2])(?:[-/.]\d{2})?(?![\d.])"  # 2013-12-01, 2013.12, 2013/12
    r"|(?:19|20)\d{2})"  # 2016
)
_PRESENT = r"present|pres\.?|current|currently|now|today|ongoing|date|to date|till date|till now"
_DASH = r"\s*(?:-|–|—|‑|‒|―|−|~|to|until|till|through|thru)\s*"
DATE_RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE}){_DASH}(?P<end>{_DATE}|{_PRESENT})(?![\w/]|\.\d)"
    rf"|(?:since|from)\s+(?P<since>{_DATE})(?![\w/])",
    re.IGNORECASE,
)


_DEFINITION = re.compile(r"^:\s+")  # a pandoc definition list's ':   ' before the definition


def _clean(text: str) -> str:
    """Drop Markdown emphasis, links, quote marks and bullets, keeping the words."""
    text = _LINK.sub(r"\1", text).strip()
    text = re.sub(r"^(?:>\s*)+", "", text)
    text = _DEFINITION.sub("", text)
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
    text = " ".join(text.strip().lower().rstrip(".").replace("’", "'").split())
    if m := re.fullmatch(rf"(?:\d{{1,2}}\s+)?({_MONTH})\.?,?\s*(\d{{4}}|'\d{{2}})", text):
        year = int(m[2]) if m[2][0] != "'" else 1900 + int(m[2][1:]) + (100 if int(m[2][1:]) < 50 else 0)
        return year * 12 + _MONTHS[m[1]], False
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", text):
        return int(m[2]) * 12 + int(m[1]) - 1, False
    if m := re.fullmatch(r"(\d{4})[-/.](\d{2})(?:[-/.]\d{2})?", text):
        return int(m[1]) * 12 + int(m[2]) - 1, False
    if m := re.fullmatch(r"\d{4}", text):
        return int(text) * 12 - (1 if end else 0), True
    return None


def _stated(text: str) -> str | None:
    """A date at the precision the resume gives it: "YYYY-MM", or "YYYY" for a year alone."""
    index = _month_index(text, end=False)
    if index is None:
        return None
    return f"{index[0] // 12:04d}" if index[1] else _ym(index[0])


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


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _has_word(words: list[str], text: str) -> str | None:
    """The first of ``words`` (in their order) that appears in ``text`` as a whole word, if any."""
    found = {m.group().lower() for m in _words_pattern(tuple(words)).finditer(text)}
    return next((word for word in words if word.lower() in found), None) if found else None


def _classify(table: Mapping[str, list[str]], text: str) -> tuple[str | None, str | None]:
    for name, words in table.items():
        if word := _has_word(words, text):
            return name, word
    return None, None


_SPLIT = re.compile(r"\s+[—–-]\s+|\s*[|·•]\s*|\s*[,;]\s*|\s+at\s+|\s+@\s+|\s{2,}|\s*:\s+")
#: A place: "Sunnyvale, CA", "Berlin, Germany", "Remote". Such pieces are never a title or employer.
_COUNTRIES = (
    r"usa|u\.s\.a?\.?|us|uk|u\.k\.|united states(?: of america)?|united kingdom|america|canada|india|china"
    r"|germany|france|spain|italy|netherlands|the netherlands|belgium|switzerland|austria|ireland|sweden"
    r"|norway|denmark|finland|poland|portugal|greece|turkey|türkiye|israel|japan|korea|south korea"
    r"|singapore|australia|new zealand|brazil|mexico|argentina|chile|colombia|nigeria|kenya|south africa"
    r"|egypt|pakistan|bangladesh|indonesia|vietnam|philippines|malaysia|thailand|uae|england|scotland"
    r"|wales|russia|ukraine|czech republic|romania|hungary"
)
_LOCATION = re.compile(
    rf"^(?:[A-Z]{{2}}|remote|hybrid|on-?site|{_COUNTRIES})$",
    re.IGNORECASE,
)
_CLEARANCE = re.compile(r"clearance|\bTS/SCI\b|\btop secret\b|\bpublic trust\b", re.IGNORECASE)
_NOISE = re.compile(r"hours per week:?\s*\d*|\(\s*[\d,]+\+?\s+employees\s*\)", re.IGNORECASE)


def _trim(piece: str) -> str:
    """A header piece without separators at its ends; "Acme Inc." keeps its full stop."""
    piece = piece.strip(" -–—:();,")
    if piece.endswith(".") and not re.search(r"\b(?:Inc|Co|Ltd|Corp|Jr|Sr|St|Bros|[A-Z])\.$", piece):
        piece = piece.rstrip(".").strip()
    return piece


def _header_pieces(text: str) -> list[str]:
    """A header line cut into pieces, dates, places and notes left out: "Analyst, Acme Corp,
    Berlin, Germany · 2019 – 2021" -> ["Analyst", "Acme Corp"]. A piece followed by a state
    code or a country is a city, unless only titles come before it ("Engineer, Google, UK")."""
    text = _NOISE.sub(" ", DATE_RANGE.sub(" · ", text))
    text = re.sub(rf"(?<!\w)(?:{_DATE})(?!\w)", " · ", text, flags=re.IGNORECASE)  # a lone date
    text = re.sub(r"^#+\s*", "", text)
    strong = [_trim(p) for p in re.split(r"\s*[|·•]\s*|\s+[—–-]\s+|\s{2,}", text)]
    named = [p for p in strong if p and not _place(p) and not _CLEARANCE.search(p)]
    if any("," in p for p in named) and any("," not in p and not _is_title(p) for p in named):
        # "Analyst, Business Intelligence | Northwind Retail": the bars part title from employer,
        # so a comma inside a piece belongs to it (not in "Engineer | Team Lead, Initech", where
        # the employer can only be after the comma)
        pieces = [q for p in strong for q in ([p] if p in named else [_trim(x) for x in _SPLIT.split(p)])]
    else:
        pieces = [_trim(p) for p in _SPLIT.split(text)]
    pieces = [p for p in pieces if p]
    merged: list[str] = []
    for n, piece in enumerate(pieces):
        if _LOCATION.match(piece) or _CLEARANCE.search(piece):
            continue
        if re.fullmatch(r"(?:present|current|now|ongoing|pres)", piece, re.IGNORECASE):
            continue
        if merged and re.fullmatch(r"(?:inc|llc|ltd|corp|co|plc|gmbh|s\.?a|ag|bv)\.?", piece, re.IGNORECASE):
            merged[-1] += ", " + piece  # "Acme, Inc." is one name
            continue
        glued = re.match(
            r"^(?P<org>.+?\b(?:Inc|Ltd|LLC|Corp|GmbH|plc|AG|SA|BV)\.?)\s+(?P<tail>[A-Z].*)$", piece
        )
        if glued and (_header_city(glued["tail"]) or _place(glued["tail"])):
            piece = glued["org"]  # "FLAG Inc. California": the place set beside the name, its gap lost
        city = n + 1 < len(pieces) and _LOCATION.match(pieces[n + 1]) and not _is_organisation(piece)
        if city and merged and not all(_is_title(p) for p in merged):
            continue
        merged += _title_then_employer(piece)
    return merged


def _title_then_employer(piece: str) -> list[str]:
    """A title run into its employer where a tab or a gap was lost: "Staff Accountant Hill
    Country Bank" -> ["Staff Accountant", "Hill Country Bank"]. Split after the title's last
    title word when what follows is a capitalised name with an organisation word."""
    words = piece.split()
    last = max((i for i, w in enumerate(words) if _is_title(w)), default=-1)
    rest = words[last + 1 :]
    if last < 0 or len(rest) < 2 or not all(w[:1].isupper() or w == "&" for w in rest):
        return [piece]
    if not _is_organisation(" ".join(rest)) or rest[0].lower() in ("of", "for"):
        return [piece]
    return [" ".join(words[: last + 1]), " ".join(rest)]


def _core(text: str) -> str:
    """A header line without its dates, places and separators at the ends: what names a title or
    an employer, kept whole ("Analyst, Business Intelligence")."""
    text = _NOISE.sub(" ", DATE_RANGE.sub(" · ", re.sub(r"^#+\s*", "", text)))
    text = re.sub(rf"(?<!\w)(?:{_DATE})(?!\w)", " · ", text, flags=re.IGNORECASE)
    for part in re.split(r"\s*[|·•]\s*", text):
        # "Senior Engineer - Payments Platform" stays whole; "Analyst - Berlin, Germany" loses its place
        kept = [_trim(p) for p in re.split(r"\s+[—–-]\s+", part)]
        kept = [p for p in kept if p and not _place(p) and not _CLEARANCE.search(p)]
        if kept:
            return " - ".join(kept)
    return ""


def _location(text: str) -> str | None:
    """Where a job was, from its header: the first place it names ("Berlin, Germany", "Remote")."""
    text = _NOISE.sub(" ", DATE_RANGE.sub(" · ", re.sub(r"^#+\s*", "", text)))
    pieces = [_trim(p) for p in re.split(r"\s*[|·•(),]\s*|\s+[—–-]\s+|\s+at\s+", text)]
    pieces = [p for p in pieces if p]
    for n, piece in enumerate(pieces):
        state = re.fullmatch(r"[A-Z]{2}", piece)  # "TX" is a place only after a city
        if (state and n > 0) or (not state and _LOCATION.match(piece)):
            city = pieces[n - 1] if n > 0 and _header_city(pieces[n - 1]) else None
            return f"{city}, {piece}" if city else piece
    return None


def _header_city(piece: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}", piece)) and not (
        _is_title(piece) or _is_organisation(piece) or _LOCATION.match(piece)
    )


def _place(text: str) -> bool:
    """A place alone: "Germany", "CA", "Remote", "Berlin, Germany", "Austin, TX"."""
    pieces = [p.strip() for p in text.split(",")]
    return (
        bool(_LOCATION.match(pieces[-1]))
        and len(pieces) <= 3
        and all(
            re.fullmatch(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}", p)
            and not _is_title(p)
            and not _is_organisation(p)
            for p in pieces[:-1]
        )
    )


def _is_title(piece: str) -> bool:
    return _has_word(_vocabulary()["title_words"], piece) is not None


def _is_organisation(piece: str) -> bool:
    return _has_word(_vocabulary()["organisation_words"], piece) is not None


def _title_and_organisation(pieces: list[str]) -> tuple[str | None, str | None]:
    """Title and employer among the pieces of one header line."""
    titles = [i for i, p in enumerate(pieces) if _is_title(p)]
    title = None
    if titles:
        first = titles[0]
        last = first
        while last + 1 < len(pieces) and last + 1 in titles and not _is_organisation(pieces[last + 1]):
            last += 1  # "Engineer | Team Lead": several titles stay together
        title = " | ".join(pieces[first : last + 1])
        rest = [p for i, p in enumerate(pieces) if not first <= i <= last]
    else:
        rest = list(pieces)
    organisation = next((p for p in rest if _is_organisation(p)), None)
    if title is None and organisation is None and len(rest) >= 2:
        return rest[0], rest[1]  # "Title, Employer" is the common order
    organisation = organisation or next(iter(rest), None)
    if title is None:
        title = next((p for p in rest if p != organisation), None)
    return title, organisation


def _header(lines: list[str], anchor: int) -> tuple[str | None, str | None]:
    """Title and employer of a job from its header lines (``lines[anchor]`` holds the dates).

    One line holding the rest names both ("Analyst, Acme Corp, Berlin"); when two lines do, the
    one with a title word is the title, kept whole, and the other names the employer ("Acme
    Corp" above "Analyst, Business Intelligence · 2019 – 2021").
    """
    # the dated line may hold only a place besides its dates ("Jan 2021 – Present · Toronto, ON")
    named = [(i, t) for i, t in enumerate(lines) if _header_pieces(t) and (i != anchor or _core(t))]
    if len(named) == 1:
        return _title_and_organisation(_header_pieces(named[0][1]))
    if not named:
        return None, None
    with_title = [i for i, text in named if _is_title(_core(text))]
    title_line = (
        with_title[0] if with_title else (anchor if any(i == anchor for i, _ in named) else named[0][0])
    )
    title = _core(lines[title_line]) or None
    others = [i for i, _ in named if i != title_line]
    with_org = [i for i in others if any(_is_organisation(p) for p in _header_pieces(lines[i]))]
    org_line = (with_org or others)[0]
    org_pieces = _header_pieces(lines[org_line])
    organisation = next((p for p in org_pieces if _is_organisation(p)), None) or org_pieces[0]
    if title and organisation and title == organisation:
        return _title_and_organisation(_header_pieces(lines[title_line]))
    if title and _is_organisation(_header_pieces(title)[0]) and not _is_title(title):
        title, organisation = organisation, title  # the line with the employer has no title word
    return title, organisation


def _header_like(text: str, following: str = "") -> bool:
    """A short line that is not part of a sentence: it may be part of a role header."""
    words = text.split()
    sentence_end = text.endswith((";", ",")) or (
        text.endswith(".") and not re.search(r"\b(?:Inc|Co|Ltd|Corp|Jr|Sr|St|[A-Z])\.$", text)
    )
    if not words or len(words) > 14 or sentence_end or not (text[0].isupper() or text[0].isdigit()):
        return False
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
_PARENS = re.compile(r"\s*\([^)]*\)")
_ANY_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _degree(text: str) -> tuple[str, int] | None:
    for level, pattern in _DEGREE:
        if m := pattern.search(text):
            return m.group(), level
    return None


_LEVEL = re.compile(
    r"\b(?:expert|advanced|intermediate|beginner|basic|native(?: speaker)?|fluent|proficient|conversational"
    r"|working knowledge|familiar|elementary|bilingual|mother tongue)\b|\b\d+\+?\s*(?:years?|yrs?)\b"
    r"|\b\d+\s*/\s*\d+\b|[★☆●○]+",
    re.IGNORECASE,
)


_PERSONAL = re.compile(r"\b(?:you|your|yours|please|I|my|me|we|our)\b")
_CONNECTOR = re.compile(
    r"\s+(?:with skills in|with expertise in|skills in|such as|including|using|that used|which used"
    r"|used|with)\s+",
    re.IGNORECASE,
)


def _skill_items(text: str) -> list[str]:
    """The skills of one line of a skills section: a list, or sentences about the work."""
    prose = len(text.split()) >= 12 and re.search(r"[a-z]{3,}[.!?](?:\s|$)", text)
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
    text = re.sub(
        r"\(([^(),]*)\)", lambda m: " " if re.search(r"\d|" + _LEVEL.pattern, m[1], re.I) else m[0], text
    )
    chunks = [re.sub(r"^[\w &/+#.-]{1,30}:\s+", "", chunk) for chunk in re.split(r"\s*;\s*", text)]
    items = re.split(r"\s*[,|•·()]\s*|\s+and\s+|\.\s+|\s+[<>]=?\s+|\s+==?\s+|\s+[-–—]\s+", ", ".join(chunks))
    items = [re.sub(r"^(?:(?:and|or|&|the|an?)\s+)+", "", i.strip(" .:")) for i in items]
    items = [
        " ".join(_LEVEL.sub(" ", i).split()) if _LEVEL.search(i) and _LEVEL.sub("", i).strip() else i
        for i in items
    ]
    return [
        i for i in items if i and not _LEVEL.fullmatch(i) and len([w for w in i.split() if w != "&"]) <= 4
    ]


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

_ROLE_SECTIONS = ("experience", "volunteer")
_SMALL = {"and", "&", "of", "the", "for", "in", "a", "an", "to", "with", "or"}
#: Sections whose heading can also label one line: "Technical skills: Python, Go".
_LABELS = ("skills", "certifications", "breaks")


def _heading_level(item: Mapping[str, Any]) -> int | None:
    return int(item.get("level") or 1) if item.get("kind") == "heading" else None


def _plain_heading(text: str, raw: str) -> str | None:
    """The section a plain line names when it stands alone as a heading: "EXPERIENCE",
    "Technical skills", "Skills:". A line in a sentence or with dates is no heading."""
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
    return named if shaped or len(words) <= 3 else None


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
        and section_named(_clean(re.sub(r"^#+\s*", "", item["text"]))) is not None
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
        label = re.match(r"^([A-Za-z][\w &/,'-]{1,40}?)\s*:\s*(\S.*)$", text)
        if label and not _is_bullet(raw) and section != "skills":
            named = section_named(label[1])
            if named in _LABELS:
                labelled.append((named, label[2], item))
                placed.append((section, "", item))
                continue
        named = None if marked else _plain_heading(text, raw)
        if named is not None:
            section = named
            placed.append((section, "", item))
            continue
        placed.append((section, text, item))
    return placed, labelled


def _quote(text: str) -> str:
    """The text of a line without Markdown quote marks."""
    return re.sub(r"^(?:>\s*)+", "", text).strip()


_ABBREVIATION = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|inc|ltd|co|corp|dr|prof|mr|mrs|ms|jr|sr|st|no|approx|incl|dept|fig|al|mt|ft)"
    r"|\b[A-Z]|\b(?:[A-Za-z]\.){1,3}[A-Za-z]?)\.$",
    re.IGNORECASE,
)
_DEPENDENT = re.compile(
    r"^(?:this|these|that|those|it|which|resulting|as a result|the result|results|thereby|doing so)\b",
    re.IGNORECASE,
)
_IRREGULAR = (
    "led|built|ran|grew|wrote|made|won|taught|set|oversaw|drove|began|cut|sold|met|kept|held|gave"
    "|brought|took|spoke|rebuilt|undertook|shipped|fed|hired|lead|build|run|manage|develop|design"
)


_VERB = re.compile(rf"^(?:\w+ed|{_IRREGULAR})\b", re.IGNORECASE)
#: "; cut support tickets by 30%": a short clause giving the measured result of the same work.
_RESULT = re.compile(
    r"^(?:cut|reduc|increas|improv|sav|rais|grew|grow|lower|boost|decreas|doubl|tripl|halv|shortened|sped)"
    r"\w*\b(?=(?:\W+\w+){0,7}\W*$)(?=.*\d)",
    re.IGNORECASE,
)


def claims(text: str) -> list[str]:
    """One text cut into the claims it makes: its sentences, and clauses after ";" that start
    with a verb. A sentence that only gives the outcome of the one before ("This cut costs by
    5%", "which ...") stays with it."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text.strip())
    sentences: list[str] = []
    for part in parts:
        dependent = _DEPENDENT.match(part) or re.match(r"^[^.;]{0,90}?,\s+(?:this|these|it)\s", part, re.I)
        if sentences and (_ABBREVIATION.search(sentences[-1]) or dependent):
            sentences[-1] += " " + part
        else:
            sentences.append(part)
    out: list[str] = []
    for sentence in sentences:
        pieces = [p.strip() for p in sentence.split(";")]
        if (
            len(pieces) > 1
            and all(len(p.split()) >= 4 for p in pieces)
            and all(_VERB.match(p) and not _RESULT.match(p) for p in pieces[1:])
        ):
            out += pieces
        else:
            out.append(sentence)
    return [o for o in (x.strip() for x in out) if o]


def _role_anchor(
    placed: list[Placed], i: int, sections: set[str | None]
) -> tuple[str, int, re.Match[str]] | None:
    """The header text, last line and date range when ``placed[i]`` is a job's dated line."""
    section, text, item = placed[i]
    if section not in sections or not text:
        return None
    last = i
    if (
        re.search(rf"(?:{_DATE}){_DASH}$", text, re.IGNORECASE)
        and i + 1 < len(placed)
        and placed[i + 1][0] == section
    ):
        text, last = f"{text} {placed[i + 1][1]}", i + 1  # "June 2020 –" / "Present" (a PDF column)
    dates = DATE_RANGE.search(text)
    if not dates:
        return _year_anchor(placed, i, text)
    outside = [w for w in DATE_RANGE.sub(" ", text).split() if w not in ("·", "&", "|", "-", "–")]
    if len(outside) > 16 or (text.endswith(".") and len(outside) > 6):
        return None
    if _is_bullet(item["text"]):
        rest = " ".join(w for w in outside if w.strip("·,:;()–-"))
        if len(outside) > 12 or not rest or _VERB.match(rest) or re.match(r"\w+ing\b", rest):
            return None  # "- 2019 – 2021: Led the move to Go" is an achievement, not a job
    return text, last, dates


#: A job dated by one year alone: "2015" (or "`2015`") on its line, "Intern, Lakeside Library, 2015".
_ONE_YEAR = re.compile(r"(?<![\w/.'’-])(?P<start>(?:19|20)\d{2})(?![\w/'’-]|\.\d)")


def _year_anchor(placed: list[Placed], i: int, text: str) -> tuple[str, int, re.Match[str]] | None:
    """A header line dated by a single year, in a section headed as experience (not in prose,
    a bullet or a section of awards, where a lone year dates something else)."""
    section, _, item = placed[i]
    if (
        section not in _ROLE_SECTIONS
        or _is_bullet(item["text"])
        or text.endswith(".")
        or re.match(r"^[\w /&-]{1,30}:\s", text)  # "Last updated: 2013", "Graduated: 2015"
    ):
        return None
    years = list(_ONE_YEAR.finditer(text))
    if len(years) != 1:
        return None
    rest = _ONE_YEAR.sub(" ", text).strip(" ,;:|·()[]–-")
    if rest and (len(rest.split()) > 8 or _VERB.match(rest) or re.match(r"\w+ing\b", rest)):
        return None
    if not rest and not (
        i + 1 < len(placed) and placed[i + 1][0] == section and _header_like(placed[i + 1][1])
    ):
        return None  # a year alone with no job header after it
    return text, i, years[0]


def _name(doc: Mapping[str, Any], lines: list[Mapping[str, Any]]) -> str | None:
    """The candidate's name: the first top-level heading near the start, else the first line."""
    headings = [
        item
        for item in lines[:6]
        if item.get("kind") == "heading" and section_named(_clean(item["text"].lstrip("# "))) is None
    ]
    first = min(headings, key=lambda item: item.get("level") or 1) if headings else None
    if first is None and lines:
        first = lines[0]
    if first is None:
        return None
    text = _clean(re.sub(r"^#+\s*", "", first["text"])).split(" · ")[0]
    if 0 < len(text.split()) <= 5 and not re.search(r"[:@\d]", text) and section_named(text) is None:
        return re.sub(r"\s*\([^)]*\)\s*$", "", text) or None
    return None


def analyze_lines(doc: Mapping[str, Any], as_of: int) -> dict[str, Any]:
    """Analyse a resume read as lines (text, Markdown, PDF, DOCX)."""
    lines = list(doc["lines"])
    placed, labelled = _sections(lines, doc.get("format"))
    has_experience = any(section == "experience" for section, _, _ in placed)
    role_sections: set[str | None] = {*_ROLE_SECTIONS}
    if not has_experience:
        role_sections |= {None, "other"}

    roles: list[dict[str, Any]] = []
    achievements: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    education: list[dict[str, Any]] = []
    certifications: list[dict[str, Any]] = []
    used: set[int] = set()  # indexes of lines that belong to a role header

    name = _name(doc, lines)

    # Roles: every short line with a date range in a section that holds jobs, with the header
    # lines around it (the employer above, the title below, ...).
    i = 0
    while i < len(placed):
        anchor = _role_anchor(placed, i, role_sections)
        if anchor is None:
            i += 1
            continue
        text, last, dates = anchor
        section = placed[i][0]
        above: list[int] = []
        j = i - 1
        while j >= 0 and len(above) < 2:
            s, t, it = placed[j]
            if s != section or not t or j in used or _is_bullet(it["text"]) or DATE_RANGE.search(t):
                break
            if not _header_like(t, placed[j + 1][1]) or len(t.split()) > 10:
                break
            if re.match(r"^[\w /&-]{1,30}:\s", t):
                break  # a labelled line ("Tools: Python, SQL") ends the job before
            above.insert(0, j)
            j -= 1
        header = [*above, i] + ([last] if last != i else [])
        texts = [placed[k][1] for k in above] + [text]
        title, organisation = _header(texts, len(above))
        below = last + 1
        if (
            not (title and organisation)
            and below < len(placed)
            and placed[below][0] == section
            and placed[below][1]
            and not _is_bullet(placed[below][2]["text"])
            and not DATE_RANGE.search(placed[below][1])
            and _header_like(placed[below][1], placed[below + 1][1] if below + 1 < len(placed) else "")
        ):
            more = _header([*texts, placed[below][1]], len(above))
            if more[0] and more[1]:
                title, organisation = more
                header.append(below)
        if not (title and organisation):
            # a federal resume may put the employer a few lines up, past a mission statement
            for j in range(i - len(above) - 1, i - 9, -1):
                if j < 0 or placed[j][0] != section or j in used:
                    break
                t = placed[j][1]
                if _is_bullet(placed[j][2]["text"]) or DATE_RANGE.search(t):
                    break
                if not t or not _header_like(t, placed[j + 1][1]):
                    continue
                more_title, more_org = _title_and_organisation(_header_pieces(t))
                if not title and more_title and more_title != organisation:
                    title = more_title
                    header.append(j)
                elif not organisation and (more_org or more_title) and (more_org or more_title) != title:
                    organisation = more_org or more_title
                    header.append(j)
                if title and organisation:
                    break
        header = sorted(set(header))
        used.update(range(header[0], header[-1] + 1))  # a mission statement between is not an achievement
        roles.append(_role(doc, placed, header, dates, title, organisation, section, as_of))
        i = max(header[-1], last) + 1

    # Achievements: bullets and prose lines inside a role (or in a projects section).
    role_of_line: dict[int, int] = {}
    current: int | None = None
    for i, (section, _, _) in enumerate(placed):
        if i in used:
            current = next(n for n, role in enumerate(roles) if i in role["_lines"])
        elif section != "projects" and section not in role_sections:
            current = None
        elif section == "projects":
            current = None  # projects are not jobs (and their bullets no achievements of one)
        role_of_line[i] = current if current is not None else -1

    previous: dict[str, Any] | None = None
    found: list[dict[str, Any]] = []
    for i, (section, text, item) in enumerate(placed):
        role = role_of_line[i]
        if i in used or not text:
            previous = None
            continue
        if section not in role_sections and section != "projects":
            if section == "skills":
                skills += [
                    {"name": n, "source": _cite(doc, item)} for n in _skill_items(_grouped(item, text))
                ]
            previous = None
            continue
        if role < 0 and section != "projects":
            previous = None
            continue
        raw = item["text"]
        is_bullet = _is_bullet(raw)
        stripped = re.sub(r"^(?:>\s*)+", "", raw).strip()
        if item.get("kind") == "heading" or (
            re.fullmatch(r"(`[^`]*`|_[^_]+_|\*[^*]+\*)", stripped) and not is_bullet
        ):
            previous = None  # a sub-heading, a mission statement in italics, a comment in code
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
        if not is_bullet and section == "projects" and _role_anchor(placed, i, {"projects"}):
            previous = None  # a project's dated header line
            continue
        if not is_bullet and role >= 0 and _describes(text, roles[role]["organisation"]):
            previous = None  # what the employer does, not what the candidate did
            continue
        lead_in = re.match(r"^[A-Z][\w /&-]{1,40}:\s+(?=\S)", text)
        if lead_in:
            text = text[lead_in.end() :]  # a bold lead-in ("Cost reduction: ")
            if not (_VERB.match(text) or re.match(r"\w+ing\b", text)):
                previous = None  # a detail ("Thesis: ...", "Focus: lasers, statistics"), not a claim
                continue
        previous = {
            "text": text,
            "role": role if role >= 0 else None,
            "section": "projects" if section == "projects" or role < 0 else "experience",
            "source": _cite(doc, item),
        }
        found.append(previous)

    for achievement in found:
        for claim in claims(achievement["text"]):
            achievements.append({**achievement, "text": claim, "source": dict(achievement["source"])})
    for achievement in achievements:
        achievement["metrics"] = find_metrics(achievement["text"])

    for section, text, item in labelled:  # "Technical skills: Python, Go"
        if section == "skills":
            skills += [{"name": n, "source": _cite(doc, item)} for n in _skill_items(text)]

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
                piece = next(
                    (p for p in _header_pieces(_PARENS.sub(" ", text)) if _INSTITUTION.search(p)), text
                )
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
    # a single year (no "end" group) began and ended then; a range without an end is open
    end_text = start_text if "end" not in dates.re.groupindex else dates["end"] or "present"
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
        "location": next((place for j in header if (place := _location(placed[j][1]))), None),
        "kind": "volunteer" if section == "volunteer" else "work",
        "dates": dates.group().strip(),
        "start": _stated(start_text),
        "end": None if current else _stated(end_text),
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


def _words(text: str) -> set[str]:
    return {w[:5] for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _restates(claim: set[str], other: set[str]) -> bool:
    """Whether a claim says what another says: most of its words are the other's."""
    return bool(claim) and len(claim & other) >= 0.6 * min(len(claim), len(other))


def _json_location(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = ", ".join(str(value[k]) for k in ("city", "region", "countryCode") if value.get(k))
    return " ".join(str(value).split()) or None if value else None


def _category(name: str) -> bool:
    """Whether a skill group's name only names a category ("Languages", "ML Frameworks")."""
    last = name.split()[-1].lower() if name.split() else ""
    return section_named(name) is not None or (last.endswith("s") and not last.endswith("ss"))


def _describes(summary: str, organisation: str | None) -> bool:
    """Whether a job's summary describes the employer ("Acme is a ...") rather than the work."""
    text = " ".join(summary.split())
    if organisation and text.lower().startswith(organisation.lower().split(",")[0]):
        return True
    if re.match(r"^(?:we|our)\b", text, re.IGNORECASE):
        return True
    return bool(re.match(r"^(?:\S+\s+){0,8}?(?:is|are)\s+(?:a|an|the)\b", text, re.IGNORECASE))


def analyze_json_resume(doc: Mapping[str, Any], data: Mapping[str, Any], as_of: int) -> dict[str, Any]:
    roles: list[dict[str, Any]] = []
    achievements: list[dict[str, Any]] = []
    for kind, key, org_key in (("work", "work", "name"), ("volunteer", "volunteer", "organization")):
        for job in data.get(key) or []:
            start_text = str(job.get("startDate") or "")
            end_text = str(job.get("endDate") or "")
            start = _month_index(start_text, end=False) if start_text else None
            current = not end_text or bool(re.fullmatch(_PRESENT, end_text.strip(), re.IGNORECASE))
            end = (as_of, False) if current else _month_index(end_text, end=True)
            title = _clean(str(job["position"])) if job.get("position") else None
            employer = job.get(org_key) or job.get("company")
            organisation = _clean(str(employer)) if employer else None
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
                    "location": _json_location(job.get("location")),
                    "kind": kind,
                    "dates": f"{start_text or '?'} – {end_text or 'present'}",
                    "start": _stated(start_text) if start_text else None,
                    "end": None if current else _stated(end_text),
                    "current": current,
                    "approximate": bool((start and start[1]) or (end and end[1])),
                    "months": months,
                    "function": {"name": function, "evidence": function_word} if function else None,
                    "industry": {"name": industry, "evidence": industry_word} if industry else None,
                    "source": _find(doc, title or organisation or ""),
                    "_start": start[0] if start else None,
                    "_end": end[0] if end else None,
                    "_end_latest": _latest(end),
                }
            )
            summary = job.get("summary")
            texts = [] if not isinstance(summary, str) or _describes(summary, organisation) else [summary]
            highlights = [h for h in job.get("highlights") or [] if isinstance(h, str)]
            stated = [_words(h) for h in highlights]
            for text in texts + highlights:
                for claim in claims(" ".join(_clean(text).split())):
                    if len(claim.split()) < 2:
                        continue  # "Etc."
                    if text not in highlights and any(_restates(_words(claim), h) for h in stated):
                        continue  # the summary restating a highlight: the claim is listed once
                    achievements.append(
                        {
                            "text": claim,
                            "role": role_index,
                            "section": "experience",
                            "source": _find(doc, text),
                            "metrics": find_metrics(claim),
                        }
                    )
    skills = []
    for group in data.get("skills") or []:
        keywords = [k for k in group.get("keywords") or [] if isinstance(k, str)]
        name = group.get("name")
        if keywords and isinstance(name, str) and _category(name):
            name = None  # "Languages: Python, Go" names a category, not a skill
        for skill in [name, *keywords]:
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
    warnings = [w for w in doc.get("warnings") or [] if isinstance(w, str)]  # load_document logged them
    if not (result["roles"] or result["achievements"] or result["skills"] or result["education"]):
        if warnings:
            raise prepflow.StepError(warnings[0])  # an unreadable text layer: say so and what to do
        raise prepflow.StepError(
            f"{source}: found no jobs, achievements, skills or education; is this a resume? "
            "(expected headings such as 'Experience' and 'Skills', and dates such as '2019 – 2022')"
        )
    if not result["achievements"]:  # said here, where the resume is read, not only by a later step
        ctx.log.warning("%s: found no achievements (bullets under a job); later steps have none", source)
    result["signals"] = signals(result["roles"], as_of, result.pop("_breaks", []))
    for role in result["roles"]:
        del role["_start"], role["_end"], role["_end_latest"]
    if warnings:
        result["warnings"] = warnings
    return {"source": source, **result}
