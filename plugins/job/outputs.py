"""The outputs of ``job.analyze`` from a reading: pay, seniority, location and work mode, themes
and the summary.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.lines import _FIELD_KEYS, _norm
from prepflow_plugins.job.location import header_place, in_prose, mode, place
from prepflow_plugins.job.model import Analysis, Item, Line
from prepflow_plugins.job.pay import _MONEY, _PAY_WORDS, _dollar_country, parse_pay
from prepflow_plugins.job.role import _role_and_company
from prepflow_plugins.job.themes import _themes
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract

_SENIORITY = [
    ("intern", re_compile(r"\b(?:intern|internship|trainee|apprentice)\b", re.I)),
    (
        "executive",
        re_compile(r"\b(?:chief|vp|vice president|head of|c[etfo]o|executive director)\b", re.I),
    ),
    ("director", re_compile(r"\bdirector\b", re.I)),
    ("lead", re_compile(r"\b(?:lead|principal|staff|architect)\b", re.I)),
    ("manager", re_compile(r"\b(?:manager|supervisor|supervisory|foreman|superintendent)\b", re.I)),
    ("senior", re_compile(r"\b(?:senior|sr\.?|experienced|iii|iv)\b", re.I)),
    ("entry", re_compile(r"\b(?:junior|jr\.?|entry[- ]level|graduate|assistant|associate|i)\b", re.I)),
]


def _seniority(
    role: str | None,
    role_src: dict[str, Any] | None,
    grade: tuple[str, dict[str, Any]] | None,
    reqs: list[Item],
    text_lines: list[Line],
    file: str,
) -> dict[str, Any] | None:
    if role and role_src:
        for level, pattern in _SENIORITY:
            m = pattern.search(role)
            if m:
                return {"level": level, "basis": f"title: {m.group(0)}", "source": role_src}
    for line in text_lines[:60]:
        m = re_compile(r"\bGS-?\s?(\d{1,2})\b").search(line.text)
        if m:
            gs = int(m.group(1))
            level = "entry" if gs <= 7 else "mid" if gs <= 11 else "senior" if gs <= 13 else "lead"
            src = {"file": file, "start": line.line, "end": line.line}
            if line.page is not None:
                src["page"] = line.page
            return {"level": level, "basis": f"grade: {m.group(0)}", "source": src}
    years = [(r.years, r) for r in reqs if r.years is not None and r.priority == "must"]
    if years:
        most, item = max(years, key=lambda x: x[0] or 0)
        level = "entry" if most < 2 else "mid" if most < 5 else "senior" if most < 8 else "lead"
        return {"level": level, "basis": f"{most:g} years required", "source": item.source}
    return None


def _outputs(doc: dict[str, Any], lines: list[Line], result: Analysis, n_themes: int) -> dict[str, Any]:
    file = doc["source"]
    role, company = _role_and_company(doc, lines, result, file)
    location: dict[str, Any] | None = None
    pay: dict[str, Any] | None = None
    jsonld = doc.get("jsonld") or {}
    front = doc.get("front_matter") or {}
    location = _location(lines, result, jsonld, front, role, file, company)
    if location is not None:
        location["remote"] = bool(
            re_compile(r"\bremote\b|telework|virtual|anywhere", re.I).search(location["text"])
        )
    dollar = _dollar_country(lines)
    if "pay" in result.fields:
        value, source = result.fields["pay"]
        pay = {"text": value, "source": source, **parse_pay(value, dollar)}
        if pay["min"] is None and value.rstrip().endswith(":"):
            # "Salary Range: The salary range for this position is:" leads in to the figures below
            after = [line for line in lines if line.line > source["end"] and line.text.strip()][:3]
            figure = next((line for line in after if _MONEY.search(line.text)), None)
            if figure is not None:
                cited = {**source, "start": figure.line, "end": figure.line}
                if figure.page is not None:
                    cited["page"] = figure.page
                pay = {"text": figure.text, "source": cited, **parse_pay(figure.text, dollar)}
    elif jsonld.get("baseSalary") and role is not None:
        pay = {
            "text": jsonld["baseSalary"],
            "source": role["source"],
            **parse_pay(jsonld["baseSalary"], dollar),
        }
    else:
        pay_spans = [
            (s["source"]["start"], s["source"]["end"]) for s in result.sections if s["category"] == "pay"
        ]
        for line in lines:
            in_pay_section = any(start < line.line <= end for start, end in pay_spans)
            if _MONEY.search(line.text) and (in_pay_section or _PAY_WORDS.search(line.text)):
                source = {"file": file, "start": line.line, "end": line.line}
                if line.page is not None:
                    source["page"] = line.page
                pay = {"text": line.text, "source": source, **parse_pay(line.text, dollar)}
                break
    seniority = _seniority(
        role["text"] if role else None,
        role["source"] if role else None,
        result.fields.get("grade"),
        result.requirements,
        lines,
        file,
    )

    def item_out(item: Item) -> dict[str, Any]:
        text, examples = without_examples(item.text)
        return {
            "text": text,
            **({"examples": examples} if examples else {}),
            "priority": item.priority,
            "kind": item.kind,
            "years": item.years,
            "section": item.section,
            "group": item.group,
            "source": item.source,
            "why": item.why,
        }

    seen_conditions: set[str] = set()
    conditions = []
    for c in result.conditions:
        key = _norm(c.text)
        if key and key not in seen_conditions:
            seen_conditions.add(key)
            conditions.append({"text": c.text, "source": c.source})
    return {
        "source": file,
        "format": doc.get("format", "text"),
        "role": role,
        "company": company,
        "seniority": seniority,
        "location": location,
        "pay": pay,
        "sections": result.sections,
        "requirements": [item_out(r) for r in result.requirements],
        "responsibilities": [
            {"text": r.text, "source": r.source}
            for r in result.responsibilities
            if not _about_employer(r.text, company["text"] if company else None)
        ],
        "themes": _themes(role, result, n_themes),
        "summary": _summary(result),
        "conditions": conditions,
    }


#: An illustrative aside inside a requirement: "(e.g. status, technical details, blockers)", "(i.e. …)",
#: "(including …)", "(such as …)", "(residents of American Samoa and Swains Islands)".
_EXAMPLES_ASIDE = re_compile(
    r"\s*\((?P<what>(?:e\.\s?g\.?|i\.\s?e\.?|incl\.|including|such as|for example|for instance|like|"
    r"residents of)[,:]?\s[^()]{1,200})\)",
    re.I,
)


def without_examples(text: str) -> tuple[str, str | None]:
    """A requirement without its illustrative aside, and the aside's words: the requirement reads as
    what is asked ("Briefing executive level stakeholders on project information"), the examples
    stay with it for match.evidence (a resume that names one of them still counts). An aside that
    names skills ("e.g. predictive modeling, machine learning") is what is asked: it stays."""
    found = [m for m in _EXAMPLES_ASIDE.finditer(text) if not extract(m.group("what")).concepts]
    if not found:
        return text, None
    kept = text
    for m in reversed(found):
        kept = kept[: m.start()] + kept[m.end() :]
    kept = " ".join(kept.split()).strip(" ,;")
    if len(kept.split()) < 2:
        return text, None  # the aside is most of the line: keep it whole
    return kept, "; ".join(m.group("what").strip() for m in found)


def _about_employer(text: str, company: str | None) -> bool:
    """A sentence that says what the employer is, not what the role does: "Maple Grove Care
    Home is a 90-bed home ...", "We are a small team ..."."""
    if re_compile(
        r"^(?:we|our (?:company|team|organi[sz]ation|firm))\s+(?:are|is|were|was|have)\b", re.I
    ).match(text):
        return True
    if not company:
        return False
    name = re.escape(re_compile(r"[,.]?\s+(?:Inc|LLC|Ltd|Corp)\.?$").sub("", company.strip()))
    return bool(re.match(rf"^(?:the\s+)?{name}\b[^.]{{0,30}}?\s+(?:is|are|was|has|have)\b", text, re.I))


def _location(
    lines: list[Line],
    result: Analysis,
    jsonld: dict[str, Any],
    front: dict[str, Any],
    role: dict[str, Any] | None,
    file: str,
    company: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Where the job is, from the best source: the page's JSON-LD, a labelled field, the front
    matter, a 'Location' section, a header line near the top, a sentence ('based in X',
    'This is a remote position'); a value that does not look like a place is passed over."""

    def at(line: Line) -> dict[str, Any]:
        source: dict[str, Any] = {"file": file, "start": line.line, "end": line.line}
        if line.page is not None:
            source["page"] = line.page
        return source

    if jsonld.get("jobLocation") and role is not None:  # structured: locality, region, country
        return {"text": str(jsonld["jobLocation"]), "source": role["source"], "from": "jsonld"}
    found, stated_mode = _place_and_mode(lines, result, front, role, at, company["text"] if company else None)
    if found is not None and stated_mode is not None and mode(found["text"]) is None:
        # "Work Location: In person" and "Hamilton, ON" in the header: "Hamilton, ON (In person)"
        return {**found, "text": f"{found['text']} ({stated_mode['text']})"}
    return found or stated_mode


def _place_and_mode(
    lines: list[Line],
    result: Analysis,
    front: dict[str, Any],
    role: dict[str, Any] | None,
    at: Any,
    company: str | None,
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The place the posting names, from the best source, and a work mode stated on its own
    ("Work Location: In person", "This is an onsite position")."""
    stated_mode: dict[str, Any] | None = None
    if "location" in result.fields:
        value, source = result.fields["location"]
        text = place(value, lenient=True)
        if text and len(text.split()) <= 3 and mode(text) and not re.search(r",|\b[A-Z]{2}\b", text):
            stated_mode = {"text": text, "source": source, "from": "field"}
        elif text:
            return {"text": text, "source": source, "from": "field"}, None
    if isinstance(front.get("location"), str) and role is not None:
        text = place(front["location"], lenient=True)
        if text:
            return {"text": text, "source": role["source"], "from": "front_matter"}, stated_mode
    for i, line in enumerate(lines):
        if line.kind == "heading" and _FIELD_KEYS["location"].search(line.text.strip(" :#*")):
            for body in lines[i + 1 : i + 3]:
                if body.kind == "heading":
                    break
                text = header_place(body.text) or in_prose(body.text)
                if text:
                    return {"text": text, "source": at(body), "from": "section"}, stated_mode
    for line in lines[:8]:
        if line.kind != "bullet" and len(line.text) <= 80:
            header = line.text
            if company and header.startswith(company) and len(header) > len(company):
                header = header[len(company) :].strip(" ,;|–—-")  # "Kestrel Foods Ltd, Norwich, England"
            text = header_place(header) if len(header) <= 60 else None
            if text:
                return {"text": text, "source": at(line), "from": "header"}, stated_mode
    for line in lines:
        text = in_prose(line.text)
        if text in ("Remote", "Hybrid", "On-site"):
            stated_mode = stated_mode or {"text": text, "source": at(line), "from": "sentence"}
        elif text:
            return {"text": text, "source": at(line), "from": "sentence"}, stated_mode
    return None, stated_mode


def _summary(result: Analysis) -> list[dict[str, Any]]:
    """The introduction's sentences, each once, with the lines it is on."""
    seen: set[str] = set()
    out = []
    for text, source in result.summary:
        key = _norm(text)
        if key and key not in seen:
            seen.add(key)
            out.append({"text": text, "source": source})
    return out
