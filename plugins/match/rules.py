"""The rules behind ``match.evidence``: its documentation, config and outputs are in
:mod:`prepflow_plugins.match`, the plugin module, which imports this one only when the step runs.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.terms import Terms, build_thesaurus, builtin_terms, extract

import prepflow

MET, PARTIAL = 0.6, 0.25
PRIORITY_WEIGHT = {"must": 2, "nice": 1}
CREDIT = {"met": 1.0, "partial": 0.5, "gap": 0.0}
# How much a term found in each kind of evidence counts: a skill listed is weaker than a result.
EVIDENCE_FACTOR = {"achievement": 1.0, "certification": 1.0, "education": 1.0, "role": 0.8, "skill": 0.8}
# The synonym-table concept of each degree level that resume.analyze reports.
DEGREE_CONCEPTS = {
    0: "high school diploma",
    1: "associate degree",
    2: "bachelor's degree",
    3: "master's degree",
    4: "doctorate",
}
# Requirements a resume cannot show (citizenship, background checks): reported, not scored.
NOT_SCORED_KINDS = {"eligibility"}


#: A requirement about where the candidate has worked rather than what they can do.
_BACKGROUND = re.compile(
    r"\b(?:background|industry|sector|domain)\b|\bexperience (?:in|within|at|from) (?:an? |the )?\w+", re.I
)


def background_terms(text: str, vocabulary: Mapping[str, Any]) -> dict[str, str]:
    """The industries and functions a background requirement names: ``{"logistics (industry)": ...}``.

    ``vocabulary`` is ``data/roles.toml``, the table resume.analyze classifies roles with.
    """
    found: dict[str, str] = {}
    if not _BACKGROUND.search(text):
        return found
    industry_words = {w for words in (vocabulary.get("industries") or {}).values() for w in words}
    for table, label in (("industries", "industry"), ("functions", "function")):
        for name, words in (vocabulary.get(table) or {}).items():
            for word in words:
                if table == "functions" and word in industry_words:
                    continue  # "software" names an industry here, not a job function
                m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.I)
                if m:
                    found.setdefault(f"{name} ({label})", m.group())
                    break
    return found


def _names(resume: Mapping[str, Any]) -> list[str]:
    """The proper names of the resume (employers, schools, the candidate), longest first."""
    names = {resume.get("name") or ""}
    names |= {r.get("organisation") or "" for r in resume.get("roles") or []}
    names |= {e.get("institution") or "" for e in resume.get("education") or []}
    return sorted((n for n in names if len(n) > 2), key=lambda n: (-len(n), n))


def _without_names(text: str, names: list[str]) -> str:
    for name in names:
        text = re.sub(rf"(?<![\w-]){re.escape(name)}(?![\w-])", " ", text, flags=re.I)
    return text


def evidence_items(
    resume: Mapping[str, Any], table: Any, vocabulary: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Everything in the resume that can support a requirement, with its terms."""
    roles = resume.get("roles") or []
    names = _names(resume)

    def role_label(index: int | None) -> str | None:
        if index is None or not 0 <= index < len(roles):
            return None
        role = roles[index]
        return ", ".join(part for part in (role.get("title"), role.get("organisation")) if part) or None

    items: list[dict[str, Any]] = []
    for a in resume.get("achievements") or []:
        items.append(
            {
                "kind": "achievement",
                "text": a["text"],
                "role": a.get("role"),
                "role_label": role_label(a.get("role")),
                "metrics": a.get("metrics") or [],
                "source": a.get("source"),
            }
        )
    for i, role in enumerate(roles):
        if role.get("title"):
            items.append({"kind": "role", "text": role_label(i), "role": i, "source": role.get("source")})
    for skill in resume.get("skills") or []:
        items.append({"kind": "skill", "text": skill["name"], "source": skill.get("source")})
    for degree in resume.get("education") or []:
        items.append({"kind": "education", "text": degree["text"], "source": degree.get("source")})
    for cert in resume.get("certifications") or []:
        items.append({"kind": "certification", "text": cert["text"], "source": cert.get("source")})

    for item, degree in zip(items, _degrees(items, resume), strict=True):
        terms = extract(_without_names(item["text"], names), table)
        if item["kind"] == "role" and vocabulary is not None:  # its industry and function, as concepts
            role = roles[item["role"]]
            concepts = dict(terms.concepts)
            for key, label in (("industry", "industry"), ("function", "function")):
                if isinstance(role.get(key), Mapping) and role[key].get("name"):
                    concepts[f"{role[key]['name']} ({label})"] = str(
                        role[key].get("evidence") or role[key]["name"]
                    )
            terms = Terms(concepts=concepts, stems=terms.stems)
        if degree is not None:  # a master's degree also answers "bachelor's degree required"
            concepts = dict(terms.concepts)
            for level in range(degree + 1):
                concepts.setdefault(DEGREE_CONCEPTS[level], f"{DEGREE_CONCEPTS[degree]} (level {degree})")
            terms = Terms(concepts=concepts, stems=terms.stems)
        item["terms"] = terms
    return items


def _degrees(items: list[dict[str, Any]], resume: Mapping[str, Any]) -> list[int | None]:
    levels = iter(d.get("level") for d in resume.get("education") or [])
    return [next(levels) if item["kind"] == "education" else None for item in items]


def _years_in(roles: list[Mapping[str, Any]], indexes: set[int]) -> float:
    return round(sum((roles[i].get("months") or 0) for i in indexes if 0 <= i < len(roles)) / 12, 1)


def named_stems(text: str) -> set[str]:
    """Stems of the words a text capitalises mid-sentence: names of things ("Kafka", "Figma")."""
    out = set()
    words = text.split()
    for before, word in itertools.pairwise(words):
        word = word.lstrip("(\"'“‘[")
        if word[:1].isupper() and not before.endswith((".", ":", "!", "?", "•", "-", "–")):
            out |= set(extract(word).stems)
    return out


def proves(wanted: Terms, found: set[str], named: set[str]) -> bool:
    """Whether shared terms are evidence: a concept or a name, two words, or the requirement's only word.

    One shared ordinary word ("ran" for "running PostgreSQL") proves nothing.
    """
    return any(t in wanted.concepts or t in named for t in found) or len(found) >= 2 or len(wanted.all) == 1


def match_requirement(
    requirement: Mapping[str, Any],
    items: list[dict[str, Any]],
    resume: Mapping[str, Any],
    table: Any,
    vocabulary: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    wanted = extract(requirement["text"], table)
    background = background_terms(requirement["text"], vocabulary or {})
    if background:
        wanted = Terms(concepts={**wanted.concepts, **background}, stems=wanted.stems)
    total = wanted.weight()
    named = named_stems(requirement["text"])
    scored = []
    for n, item in enumerate(items):
        found = set(wanted.all) & set(item["terms"].all)
        if found and proves(wanted, found, named):
            score = wanted.weight(found) / total * EVIDENCE_FACTOR[item["kind"]]
            scored.append((-score, n, found))
    scored.sort()

    # Take the best item, then up to two more that each add terms the others lacked.
    chosen: list[tuple[dict[str, Any], set[str], float]] = []
    credit: dict[str, float] = {}
    for negative, n, found in scored:
        item = items[n]
        factor = EVIDENCE_FACTOR[item["kind"]]
        adds = {t for t in found if factor > credit.get(t, 0.0)}
        if not adds:
            continue
        for t in adds:
            credit[t] = factor
        chosen.append((item, found, -negative))
        if len(chosen) == 3:
            break
    score = sum(wanted.weight([t]) * f for t, f in credit.items()) / total if total else 0.0
    background_met = any(t in background for t in credit)
    if background_met:  # "Background in logistics": a role in logistics meets it
        score = max(score, max(credit[t] for t in credit if t in background))

    roles = resume.get("roles") or []
    signals = resume.get("signals") or {}
    notes = []
    years = requirement.get("years")
    if not total and years:  # "3+ years of professional experience": only the years to compare
        score = 1.0 if (signals.get("total_years") or 0) >= years else 0.5 * bool(signals.get("total_years"))
        notes.append(f"asks for {years:g} years; the resume shows {signals.get('total_years', 0):g} in total")
    status = "met" if score >= MET else "partial" if score >= PARTIAL else "gap"
    if status == "met" and total and chosen and chosen[0][2] < score / 2 and not background_met:
        status = "partial"  # pieced together from scattered words, no single item proves it
        notes.append("no single item covers half of it: the evidence is scattered")
    if years and total and status != "gap":
        role_ids = {item["role"] for item, _, _ in chosen if item.get("role") is not None}
        shown = _years_in(roles, role_ids)
        notes.append(f"asks for {years:g} years; the roles holding this evidence add up to {shown:g}")
        if shown < years and status == "met":
            status = "partial"
    counted = requirement.get("kind") not in NOT_SCORED_KINDS
    if not counted:
        notes.append("a condition of employment the resume cannot show: confirm it yourself; not scored")
    found_all = set(credit)
    return {
        "requirement": requirement["text"],
        "priority": requirement.get("priority", "must"),
        "kind": requirement.get("kind"),
        "years": years,
        "source": requirement.get("source"),
        "status": status,
        "score": round(score, 2),
        "matched_terms": sorted(wanted.all[t] for t in found_all),
        "missing_terms": sorted(wanted.all[t] for t in set(wanted.all) - found_all),
        "evidence": [
            {
                "text": item["text"],
                "kind": item["kind"],
                "score": round(item_score, 2),
                "matched_terms": sorted(item["terms"].all[t] for t in found),
                "role": item.get("role_label"),
                "metrics": item.get("metrics", []),
                "source": item.get("source"),
            }
            for item, found, item_score in chosen
        ],
        "counted": counted,
        "weight": PRIORITY_WEIGHT.get(requirement.get("priority", "must"), 1),
        "credit": CREDIT[status] if counted else None,
        "note": "; ".join(notes) or None,
    }


def coverage(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The weighted coverage score, with every number it is made of."""
    out: dict[str, Any] = {}
    numerator = denominator = 0.0
    terms = []
    for priority, weight in PRIORITY_WEIGHT.items():
        rows = [r for r in results if r["counted"] and r["priority"] == priority]
        counts = {status: sum(r["status"] == status for r in rows) for status in CREDIT}
        points = sum(CREDIT[r["status"]] for r in rows)
        out[priority] = {"count": len(rows), **counts, "points": points, "weight": weight}
        numerator += weight * points
        denominator += weight * len(rows)
        terms.append((weight, points, len(rows)))
    score = round(numerator / denominator, 2) if denominator else None
    top = " + ".join(f"{w} × {p:g}" for w, p, _ in terms)
    bottom = " + ".join(f"{w} × {c}" for w, _, c in terms)
    return {
        "score": score,
        **out,
        "not_scored": sum(not r["counted"] for r in results),
        "formula": (
            "score = (2 × must points + 1 × nice points) / (2 × must count + 1 × nice count), "
            "where points = met + 0.5 × partial; eligibility conditions are not scored"
        ),
        "computation": f"({top}) / ({bottom}) = {score if score is not None else 'n/a'}",
    }


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume = ctx.config["job"], ctx.config["resume"]
    table = None  # the built-in synonym table
    synonyms = load_data("synonyms", ctx)  # extended by the plan's packs
    if synonyms != load_data("synonyms"):
        table = build_thesaurus([synonyms.get("terms") or {}])
    if ctx.config.get("synonyms"):
        try:
            extra = tomllib.loads(ctx.read_text(ctx.config["synonyms"]))["terms"]
        except (tomllib.TOMLDecodeError, KeyError) as e:
            raise prepflow.StepError(
                f"{ctx.config['synonyms']}: not a synonym table ([terms] ...): {e}"
            ) from None
        table = build_thesaurus([synonyms.get("terms") or builtin_terms(), extra])
    requirements = [r for r in job["requirements"] if isinstance(r, Mapping) and r.get("text")]
    if not requirements:
        raise prepflow.StepError("job: no requirements to match; pass the outputs of job.analyze")
    vocabulary = load_data("roles", ctx)
    items = evidence_items(resume, table, vocabulary)
    results = [match_requirement(r, items, resume, table, vocabulary) for r in requirements]
    return {"requirements": results, "coverage": coverage(results)}
