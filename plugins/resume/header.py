"""A job's header: title, organisation and place, across the layouts resumes use."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from prepflow_plugins import package_text
from prepflow_plugins.resume.claims import opens_claim
from prepflow_plugins.resume.dates import _DATE, DATE_RANGE
from prepflow_plugins.text.regexstore import compile as re_compile

from prepflow.tomlread import parse_toml

# ---------------------------------------------------------------------------
# Role headers: title, organisation, function, industry
# ---------------------------------------------------------------------------


@cache
def _vocabulary() -> dict[str, Any]:
    return parse_toml(package_text("prepflow_plugins.resume", "roles.toml"))


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re_compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


def _has_word(words: list[str], text: str) -> str | None:
    """The first of ``words`` (in their order) that appears in ``text`` as a whole word, if any."""
    found = {m.group().lower() for m in _words_pattern(tuple(words)).finditer(text)}
    return next((word for word in words if word.lower() in found), None) if found else None


def _classify(
    table: Mapping[str, list[str]], text: str, needs: Mapping[str, list[str]] | None = None
) -> tuple[str | None, str | None]:
    """The first name in ``table`` one of whose words is in ``text``; a word listed in ``needs``
    counts only when one of its companion words is in ``text`` too."""
    for name, words in table.items():
        if needs:
            words = [w for w in words if w not in needs or _has_word(needs[w], text)]
        if word := _has_word(words, text):
            return name, word
    return None, None


_SPLIT = re_compile(r"\s+[—–-]\s+|\s*[|·•]\s*|\s*[,;]\s*|\s+at\s+|\s+@\s+|\s{2,}|\s*:\s+")
#: A place: "Sunnyvale, CA", "Berlin, Germany", "Remote". Such pieces are never a title or employer.
_COUNTRIES = (
    r"usa|u\.s\.a?\.?|us|uk|u\.k\.|united states(?: of america)?|united kingdom|america|canada|india|china"
    r"|germany|france|spain|italy|netherlands|the netherlands|belgium|switzerland|austria|ireland|sweden"
    r"|norway|denmark|finland|poland|portugal|greece|turkey|türkiye|israel|japan|korea|south korea"
    r"|singapore|australia|new zealand|brazil|mexico|argentina|chile|colombia|nigeria|kenya|south africa"
    r"|egypt|pakistan|bangladesh|indonesia|vietnam|philippines|malaysia|thailand|uae|england|scotland"
    r"|wales|russia|ukraine|czech republic|romania|hungary"
)
_LOCATION = re_compile(
    rf"^(?:[A-Z]{{2}}|remote|hybrid|on-?site|{_COUNTRIES})$",
    re.IGNORECASE,
)
_CLEARANCE = re_compile(r"clearance|\bTS/SCI\b|\btop secret\b|\bpublic trust\b", re.IGNORECASE)
_NOISE = re_compile(r"hours per week:?\s*\d*|\(\s*[\d,]+\+?\s+employees\s*\)", re.IGNORECASE)
#: Who the person reported to, written after the title: "Summer Intern  Manager: Jane Roe",
#: "Analyst, Supervisor: J. Roe (555) 0100"; a field of the header, no part of the title.
_REPORTING = re_compile(
    r"(?<=\S)\s+(?:(?:hiring |line |direct )?manager|supervisor|reports? to|reporting to|mentor|"
    r"advisor|reference)\s*:.*$",
    re.IGNORECASE,
)


def _trim(piece: str) -> str:
    """A header piece without separators at its ends; "Acme Inc." keeps its full stop."""
    piece = piece.strip(" -–—:();,")
    if piece.endswith(".") and not re.search(r"\b(?:(?i:inc|co|ltd|corp|jr|sr|st|bros)|[A-Z])\.$", piece):
        piece = piece.rstrip(".").strip()
    return piece


def _header_pieces(text: str) -> list[str]:
    """A header line cut into pieces, dates, places and notes left out: "Analyst, Acme Corp,
    Berlin, Germany · 2019 – 2021" -> ["Analyst", "Acme Corp"]. A piece followed by a state
    code or a country is a city, unless only titles come before it ("Engineer, Google, UK")."""
    text = _REPORTING.sub("", _NOISE.sub(" ", DATE_RANGE.sub(" · ", text)))
    text = re.sub(rf"(?<!\w)(?:{_DATE})(?!\w)", " · ", text, flags=re.IGNORECASE)  # a lone date
    text = re.sub(r"^#+\s*", "", text)
    at = re_compile(r"\s+(?:at|@)\s+").split(text, maxsplit=1)
    head = at[0].strip(" ·|•")
    if len(at) == 2 and at[1].strip() and _is_title(head) and not re_compile(r"[|·•]").search(head):
        # "Registered Nurse - Intensive Care Unit at St. Mary's": "at" parts title from
        # employer, so a dash or a comma before it is part of the title
        return [_trim(head), *_header_pieces(at[1])]
    bars = [b for b in re_compile(r"\s*[|·•]\s*").split(text) if b.strip(" ·|•")]
    halves = [_trim(h) for h in re_compile(r"\s+[—–-]\s+").split(bars[0])] if len(bars) > 1 else []
    if (
        len(halves) == 2
        and _is_title(halves[0])
        and not (_is_organisation(halves[1]) or _place(halves[1]) or _CLEARANCE.search(halves[1]))
    ):
        # "Registered Nurse - Intensive Care Unit | St. Mary's": a bar parts title from
        # employer, so the dash before it is part of the title
        return [" - ".join(halves), *_header_pieces(" | ".join(bars[1:]))]
    strong = [_trim(p) for p in re_compile(r"\s*[|·•]\s*|\s+[—–-]\s+|\s{2,}|\s+(?:at|@)\s+").split(text)]
    named = [p for p in strong if p and not _place(p) and not _CLEARANCE.search(p)]
    if any("," in p for p in named) and any("," not in p and not _is_title(p) for p in named):
        # "Analyst, Business Intelligence | Northwind Retail" (or "at Northwind Retail"): the bars
        # part title from employer, so a comma inside a piece belongs to it (not in "Engineer |
        # Team Lead, Initech", where the employer can only be after the comma)
        pieces = [q for p in strong for q in ([p] if p in named else [_trim(x) for x in _SPLIT.split(p)])]
    else:
        pieces = [_trim(p) for p in _SPLIT.split(text)]
    pieces = [p for p in pieces if p]
    merged: list[str] = []
    for n, piece in enumerate(pieces):
        if _LOCATION.match(piece) or _CLEARANCE.search(piece):
            continue
        if re_compile(r"(?:present|current|now|ongoing|pres)", re.IGNORECASE).fullmatch(piece):
            continue
        if merged and re_compile(r"(?:inc|llc|ltd|corp|co|plc|gmbh|s\.?a|ag|bv)\.?", re.IGNORECASE).fullmatch(
            piece
        ):
            merged[-1] += ", " + piece  # "Acme, Inc." is one name
            continue
        glued = re_compile(
            r"^(?P<org>.+?\b(?:Inc|Ltd|LLC|Corp|GmbH|plc|AG|SA|BV)\.?)\s+(?P<tail>[A-Z].*)$"
        ).match(piece)
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
    text = _REPORTING.sub("", _NOISE.sub(" ", DATE_RANGE.sub(" · ", re.sub(r"^#+\s*", "", text))))
    text = re.sub(rf"(?<!\w)(?:{_DATE})(?!\w)", " · ", text, flags=re.IGNORECASE)
    for part in re_compile(r"\s*[|·•]\s*").split(text):
        # "Senior Engineer - Payments Platform" stays whole; "Analyst - Berlin, Germany" loses its place
        kept = [_trim(p) for p in re_compile(r"\s+[—–-]\s+").split(part)]
        kept = [p for p in kept if p and not _place(p) and not _CLEARANCE.search(p)]
        if kept:
            return " - ".join(kept)
    return ""


def _location(text: str) -> str | None:
    """Where a job was, from its header: the first place it names ("Berlin, Germany", "Remote")."""
    text = _NOISE.sub(" ", DATE_RANGE.sub(" · ", re.sub(r"^#+\s*", "", text)))
    pieces = [_trim(p) for p in re_compile(r"\s*[|·•(),]\s*|\s+[—–-]\s+|\s+at\s+").split(text)]
    pieces = [p for p in pieces if p]
    for n, piece in enumerate(pieces):
        state = re_compile(r"[A-Z]{2}").fullmatch(piece)  # "TX" is a place only after a city
        if (state and n > 0) or (not state and _LOCATION.match(piece)):
            city = pieces[n - 1] if n > 0 and _header_city(pieces[n - 1]) else None
            return f"{city}, {piece}" if city else piece
    return None


def _header_city(piece: str) -> bool:
    return bool(re_compile(r"[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}").fullmatch(piece)) and not (
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
        text.endswith(".") and not re_compile(r"\b(?:(?i:inc|co|ltd|corp|jr|sr|st)|[A-Z])\.$").search(text)
    )
    if not words or len(words) > 14 or sentence_end or not (text[0].isupper() or text[0].isdigit()):
        return False
    if following[:1].islower():
        return False  # the line wraps into the next one
    if opens_claim(text):
        return False  # an achievement drawn without a bullet mark
    if len(words) >= 7 and sum(w[:1].islower() for w in words[1:]) >= 0.6 * (len(words) - 1):
        return False  # a sentence in lower case ("Successfully delivered multiple projects within ...")
    small = sum(w.lower() in {"the", "a", "an", "is", "to", "of", "and", "for", "with", "in"} for w in words)
    return small <= len(words) / 3
