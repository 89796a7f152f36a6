"""JSON Resume (and FRESH, RenderCV as JSON Resume): the data is already structured."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.resume.claims import claims
from prepflow_plugins.resume.dates import _PRESENT, _clean, _latest, _month_index, _stated
from prepflow_plugins.resume.header import _classify, _vocabulary
from prepflow_plugins.resume.headings import _cite, section_named
from prepflow_plugins.resume.metrics import find_metrics
from prepflow_plugins.resume.signals import _dedupe
from prepflow_plugins.resume.skills import _degree
from prepflow_plugins.text.regexstore import compile as re_compile

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
    if re_compile(r"^(?:we|our)\b", re.IGNORECASE).match(text):
        return True
    return bool(re_compile(r"^(?:\S+\s+){0,8}?(?:is|are)\s+(?:a|an|the)\b", re.IGNORECASE).match(text))


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
                vocab["industries"],
                f"{organisation or ''} {job.get('description') or ''}",
                vocab.get("industry_needs"),
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
