"""The rules behind ``resume.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.resume`, the plugin module, which imports this one only when the step runs.
The reading is split by idea: :mod:`.headings` (sections), :mod:`.dates`, :mod:`.header` (title,
organisation, place), :mod:`.claims` (one achievement per claim), :mod:`.metrics`, :mod:`.skills`
(and education), :mod:`.signals` and :mod:`.json_resume`; this module walks the lines.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.documents import load_document
from prepflow_plugins.resume.claims import _VERB, claims, opens_claim
from prepflow_plugins.resume.dates import (
    _DASH,
    _DATE,
    _PRESENT,
    DATE_RANGE,
    _clean,
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
    _location,
    _title_and_organisation,
    _vocabulary,
)
from prepflow_plugins.resume.headings import _ROLE_SECTIONS, Placed, _cite, _sections, section_named
from prepflow_plugins.resume.json_resume import _describes, _json_resume, analyze_json_resume
from prepflow_plugins.resume.metrics import find_metrics
from prepflow_plugins.resume.signals import _break, _dedupe, signals
from prepflow_plugins.resume.skills import _ANY_YEAR, _INSTITUTION, _PARENS, _degree, _grouped, _skill_items

import prepflow

# ---------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------


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


#: A dated header that names a project, not a job ("Side projects", "Individual project",
#: "Open-source project"); "Project Manager" is a job.
_PROJECT_HEADER = re.compile(
    r"\bprojects\b|\b(?:personal|individual|side|open[- ]source|academic|course|class|capstone|group|team)"
    r" project\b",
    re.IGNORECASE,
)
_PROJECT = -2  # the role index of lines under such a header


def _wrap_width(lines: list[Mapping[str, Any]]) -> int | None:
    """The width a text was hard-wrapped at, or None when its lines were not wrapped: a third
    of its longer lines end within a few characters of the longest, and that is at most 100."""
    lengths = [
        len(item["text"]) for item in lines if item.get("kind") != "heading" and len(item["text"]) > 30
    ]
    if len(lengths) < 4:
        return None
    width = max(lengths)
    near = sum(1 for n in lengths if n >= width - 10)
    return width if width <= 100 and near >= len(lengths) / 3 else None


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
    project_headers: set[int] = set()  # ... and to a dated project's header in a jobs section

    name = _name(doc, lines)
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

    # Achievements: bullets and prose lines inside a role (or in a projects section).
    role_of_line: dict[int, int] = {}
    current: int | None = None
    for i, (section, _, _) in enumerate(placed):
        if i in used:
            current = next(n for n, role in enumerate(roles) if i in role["_lines"])
        elif i in project_headers:
            current = _PROJECT
        elif section != "projects" and section not in role_sections:
            current = None
        elif section == "projects":
            current = None  # projects are not jobs (and their bullets no achievements of one)
        role_of_line[i] = current if current is not None else -1

    # A PDF or Word reader has already joined wrapped lines: a new line there is a new item
    # (a list drawn without marks), unless it starts in lower case.
    layout_read = doc.get("format") in ("pdf", "docx")
    # In text, a line wraps into the next only when the text is hard-wrapped (many lines end
    # near one width) and the line reaches that width: lines pasted one item each are items.
    hard_wrapped = _wrap_width(lines)
    previous: dict[str, Any] | None = None
    previous_line = ""  # the last line of ``previous``, as the document has it
    previous_item = ""  # and its first line
    found: list[dict[str, Any]] = []
    for i, (section, text, item) in enumerate(placed):
        role = role_of_line[i]
        if i in used or i in project_headers or not text:
            previous = None
            continue
        if section not in role_sections and section != "projects":
            if section == "skills":
                skills += [
                    {"name": n, "source": _cite(doc, item)} for n in _skill_items(_grouped(item, text))
                ]
            previous = None
            continue
        if role == -1 and section != "projects":
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
            and (not layout_read or text[:1].islower())
            and (
                text[:1].islower()
                or layout_read
                or (hard_wrapped is not None and len(previous_line) >= hard_wrapped - 15)
                or _is_bullet(previous_item)  # a list item's second line
            )
            and item["line"] == previous["source"]["end"] + 1
            and (text[:1].islower() or not previous["text"].endswith((".", "!", "?")))
            and not (text.isupper() or text.endswith(":"))
        )
        if continues and previous is not None:
            previous_line = item["text"]
            previous["text"] += " " + text
            previous["source"]["end"] = item.get("end", item["line"])
            continue
        short = len(text.split()) < 8 and not opens_claim(text)  # "Edited two essay series"
        if not is_bullet and (short or text.isupper() or text.endswith(":")):
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
        previous_line = previous_item = item["text"]
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
