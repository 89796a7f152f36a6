"""Roles: a job is a short line with a date range (or a year) in a section that holds jobs,
read with the header lines around it: the employer above, the title below, a place beside."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.resume.claims import _VERB
from prepflow_plugins.resume.dates import (
    _DASH,
    _DATE,
    _PRESENT,
    DATE_RANGE,
    _is_bullet,
    _latest,
    _month_index,
    _stated,
)
from prepflow_plugins.resume.header import (
    _classify,
    _header,
    _header_like,
    _header_pieces,
    _is_organisation,
    _is_title,
    _location,
    _title_and_organisation,
    _vocabulary,
)
from prepflow_plugins.resume.headings import _ROLE_SECTIONS, Placed, _cite
from prepflow_plugins.text.regexstore import compile as re_compile


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
_ONE_YEAR = re_compile(r"(?<![\w/.'’-])(?P<start>(?:19|20)\d{2})(?![\w/'’-]|\.\d)")


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


#: A dated header that names a project, not a job ("Side projects", "Individual project",
#: "Open-source project"); "Project Manager" is a job.
_PROJECT_HEADER = re_compile(
    r"\bprojects\b|\b(?:personal|individual|side|open[- ]source|academic|course|class|capstone|group|team)"
    r" project\b",
    re.IGNORECASE,
)
_PROJECT = -2  # the role index of lines under such a header


def find_roles(
    doc: Mapping[str, Any], placed: list[Placed], role_sections: set[str | None], as_of: int
) -> tuple[list[dict[str, Any]], set[int], set[int]]:
    """The roles, the indexes of the lines of their headers, and those of dated projects' headers."""
    roles: list[dict[str, Any]] = []
    used: set[int] = set()  # indexes of lines that belong to a role header
    project_headers: set[int] = set()  # ... and to a dated project's header in a jobs section
    plain_text = doc.get("format") in ("text", "markdown", None)  # blank lines leave gaps in "line"
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
            if (
                plain_text
                and j > 0
                and _is_bullet(placed[j - 1][2]["text"])
                and it["line"] == placed[j - 1][2].get("end", placed[j - 1][2]["line"]) + 1
            ):
                break  # the second line of the last job's last bullet (no blank line between)
            above.insert(0, j)
            j -= 1
        header = [*above, i] + ([last] if last != i else [])
        texts = [placed[k][1] for k in above] + [text]
        title, organisation = _header(texts, len(above))
        below = last + 1
        if (
            below < len(placed)
            and placed[below][0] == section
            and placed[below][1]
            and not _is_bullet(placed[below][2]["text"])
            and not DATE_RANGE.search(placed[below][1])
            and _header_like(placed[below][1], placed[below + 1][1] if below + 1 < len(placed) else "")
            and (not (title and organisation) or _employer_below(above, organisation, placed[below][1]))
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
        after = header[-1] + 1
        next_line = (
            placed[after][1] if after < len(placed) and not _is_bullet(placed[after][2]["text"]) else ""
        )
        next_line = next_line if _header_like(next_line) else ""  # "C, Python  Individual Projects"
        if after < len(placed) and placed[after][0] == "projects" and not placed[after][1]:
            next_line = "projects"  # the line under it was read as a "Projects" heading
        if any(_PROJECT_HEADER.search(t) for t in [*(placed[k][1] for k in header), next_line]):
            # "Open-source projects · 2015 – Present" under Experience: a project, not a job
            project_headers.update(range(header[0], header[-1] + 1))
        else:
            used.update(range(header[0], header[-1] + 1))  # a mission statement between is no achievement
            roles.append(_role(doc, placed, header, dates, title, organisation, section, as_of))
        i = max(header[-1], last) + 1
    return roles, used, project_headers


def _employer_below(above: list[int], organisation: str | None, below: str) -> bool:
    """Whether the line under a dated title line names the employer, so that a comma or a dash
    in the title line is part of the title ("Analyst, Business Intelligence · 2021 – Present"
    over "Northwind Traders, Leeds, UK"): the title line stood alone, what its split took for
    the employer has no employer word, and the line below starts with a name that is no title
    and is an employer by its words or by the place after it."""
    if above or organisation is None or _is_organisation(organisation):
        return False
    pieces = _header_pieces(below)
    if not pieces or _is_title(pieces[0]):
        return False
    return _is_organisation(pieces[0]) or _location(below) is not None


#: A title for the summer only: "Summer Intern", "Summer Associate", "Summer Analyst".
_SUMMER = re_compile(r"\bsummer\b", re.IGNORECASE)


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
    if start and end and start[1] and _SUMMER.search(title or ""):
        # a summer job dated by years only is a summer a year: "Summer Intern · 2012 – 2013" is two
        # summers, and "Summer Intern · 2012 – Present" states only the summer it began
        summers = 1 if current else (end[0] + 1) // 12 - start[0] // 12 + 1
        months = 3 * max(summers, 1)
        if current:
            start, end = (start[0] + 5, True), (start[0] + 7, False)  # June to August of that year
    vocab = _vocabulary()
    function, function_word = _classify(vocab["functions"], title or "")
    header_text = " ".join(p for p in _header_pieces(text) if p != title)
    industry, industry_word = _classify(vocab["industries"], header_text, vocab.get("industry_needs"))
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
