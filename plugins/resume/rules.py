"""The rules behind ``resume.analyze``: its documentation, config and outputs are in
:mod:`prepflow_plugins.resume`, the plugin module, which imports this one only when the step runs.
The reading is split by idea: :mod:`.headings` (sections), :mod:`.dates`, :mod:`.roles` and
:mod:`.header` (title, organisation, place), :mod:`.claims` (one achievement per claim),
:mod:`.metrics`, :mod:`.skills` (and education), :mod:`.signals` and :mod:`.json_resume`; this
module walks the lines for achievements, skills and education.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.documents import load_document
from prepflow_plugins.resume.claims import _VERB, claims, opens_claim
from prepflow_plugins.resume.dates import (
    _clean,
    _is_bullet,
)
from prepflow_plugins.resume.header import (
    _header_pieces,
)
from prepflow_plugins.resume.headings import _ROLE_SECTIONS, _cite, _sections, section_named
from prepflow_plugins.resume.json_resume import _describes, _json_resume, analyze_json_resume
from prepflow_plugins.resume.metrics import find_metrics
from prepflow_plugins.resume.roles import _PROJECT, _role_anchor, find_roles
from prepflow_plugins.resume.signals import _break, _dedupe, signals
from prepflow_plugins.resume.skills import _ANY_YEAR, _INSTITUTION, _PARENS, _degree, _grouped, _skill_items
from prepflow_plugins.text.regexstore import compile as re_compile

import prepflow

# ---------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------


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
    if 0 < len(text.split()) <= 5 and not re_compile(r"[:@\d]").search(text) and section_named(text) is None:
        return re_compile(r"\s*\([^)]*\)\s*$").sub("", text) or None
    return None


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

    achievements: list[dict[str, Any]] = []
    skills: list[dict[str, Any]] = []
    education: list[dict[str, Any]] = []
    certifications: list[dict[str, Any]] = []

    name = _name(doc, lines)

    roles, used, project_headers = find_roles(doc, placed, role_sections, as_of)

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
            re_compile(r"(`[^`]*`|_[^_]+_|\*[^*]+\*)").fullmatch(stripped) and not is_bullet
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
        lead_in = re_compile(r"^[A-Z][\w /&-]{1,40}:\s+(?=\S)").match(text)
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
