"""The rules behind ``objections.rehearse``: its documentation, config and outputs are in
:mod:`prepflow_plugins.objections`, the plugin module, which imports this one only when the step runs.

The objections come from :mod:`.grounding` (the requirement match), :mod:`.signals` (the resume)
and :mod:`.standard` (the questions every interview asks); this module builds each answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.objections import STANDARD
from prepflow_plugins.objections.facts import Facts, Objection, _needs
from prepflow_plugins.objections.grounding import from_match
from prepflow_plugins.objections.signals import from_resume
from prepflow_plugins.objections.standard import standard
from prepflow_plugins.objections.wording import (
    MAX_QUOTE_WORDS,
    fill,
    first_person,
    need_quote,
    overlap,
    short,
)
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.filler import is_filler
from prepflow_plugins.text.stopwords import LIGHT_STEMS
from prepflow_plugins.text.terms import extract

import prepflow

# ---------------------------------------------------------------------------
# The answer: acknowledge -> reframe -> evidence -> bridge
# ---------------------------------------------------------------------------


def bridge_to(objection: Objection, facts: Facts) -> tuple[dict[str, Any] | None, str]:
    """The employer need (responsibility or theme) the answer bridges to, and what links to it."""
    if not facts.needs:
        return None, ""
    about = extract(objection.about)
    evidence = extract(" ".join(e["text"] for e in objection.evidence))
    ranked = []
    for n, need in enumerate(facts.needs):
        terms = extract(need["text"])
        score = 2 * overlap(about, terms) + overlap(evidence, terms)
        score -= 3 * facts.used_needs.get(n, 0)  # vary the needs: each answer bridges somewhere new
        ranked.append((-score, n))
    ranked.sort()
    n = ranked[0][1]
    facts.used_needs[n] = facts.used_needs.get(n, 0) + 1
    return facts.needs[n], linking(objection, facts.needs[n])


def linking(objection: Objection, need: Mapping[str, Any]) -> str:
    """The achievement to say "helps you deliver" the need with: the one that shares two skills or
    real words with it (not light words every posting uses), else none. Building foundation models
    does not help anyone move heavy valves, and a "world record" says nothing about keeping records."""
    terms = extract(need["text"])
    best, score = "", 0.0
    for item in objection.evidence:
        shared = {
            t for t in set(extract(item["text"], evidence=True).all) & set(terms.all) if t not in LIGHT_STEMS
        }
        weight = sum(2.0 if t in terms.concepts else 1.0 for t in shared)
        # two things in common, not one: "coding" in "data/control coding" is not software engineering
        if len(shared) >= 2 and weight > score:
            best, score = item["text"], weight
    return short(best, 10) if best else ""


def respond(objection: Objection, facts: Facts) -> dict[str, Any]:
    data = facts.data["kinds"][objection.kind]
    frame = facts.frameworks["objection"]

    def text(key: str) -> str:
        return fill(data[objection.variants.get(key, key)], objection.values)

    if not objection.evidence and "reframe_none" in data:
        objection.variants.setdefault("reframe", "reframe_none")

    evidence = []
    for item in objection.evidence:
        role = f" (as {item['role']})" if item.get("role") else ""
        template = frame["evidence_metric"] if item["metrics"] else frame["evidence"]
        line = fill(
            template,
            {"achievement": item["text"].rstrip("."), "role": role, "metrics": ", ".join(item["metrics"])},
        )
        evidence.append({"text": line, "cites": facts.citer.cites([(item.get("source"), item["text"])])})
    acknowledge = text("acknowledge")
    if not evidence and objection.missing:
        acknowledge += " " + fill(frame["no_evidence"], {"missing": objection.missing})
    need, link = bridge_to(objection, facts)
    if need is None:
        bridge = (
            "The posting names no responsibilities to bridge to: ask them what the first 90 days look like."
        )
        bridge_cites: list[dict[str, Any]] = []
    else:
        if link:
            template = frame["bridge"]
        elif (data.get("origin") == "standard" or objection.evidence) and "bridge_no_gap" in frame:
            template = frame["bridge_no_gap"]  # the weakness or salary question: no gap to close
        else:
            template = frame["bridge_no_evidence"]
        bridge = fill(
            template, {"need": need_quote(need["text"]), "where": need["where"], "link": f"“{link}”"}
        )
        bridge_cites = facts.citer.cites([(need.get("source"), need["text"])])
    return {
        "acknowledge": acknowledge,
        "reframe": text("reframe"),
        "evidence": evidence,
        "say": next((s for s in (first_person(e["text"]) for e in objection.evidence) if s), ""),
        "bridge": bridge,
        "bridge_cites": bridge_cites,
    }


#: At most this many objections of one kind: five "I have not done that" answers in a row crowd out
#: the one a coach would rehearse first (over-qualification, a change of field).
MOST = {"missing_must": 3, "partial_must": 2, "trait_gap": 1, "degree": 1}


def capped(found: list[Objection]) -> list[Objection]:
    """The objections in order, with at most ``MOST`` of each kind (the riskiest first)."""
    seen: dict[str, int] = {}
    kept = []
    for objection in found:
        seen[objection.kind] = seen.get(objection.kind, 0) + 1
        if seen[objection.kind] <= MOST.get(objection.kind, len(found)):
            kept.append(objection)
    return kept


def level_of(score: float, levels: Mapping[str, float]) -> str:
    return "high" if score >= levels["high"] else "medium" if score >= levels["medium"] else "low"


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    job, resume, matched = ctx.config["job"], ctx.config["resume"], ctx.config["match"]
    limit = ctx.config.get("max", 8)
    if not isinstance(limit, int) or limit < len(STANDARD):
        raise prepflow.StepError(f"max must be a whole number of at least {len(STANDARD)}, got {limit!r}")
    if not isinstance(matched.get("requirements"), list):
        raise prepflow.StepError("match: no requirements list; pass the outputs of match.evidence")
    citer = Citer(ctx, max_words=MAX_QUOTE_WORDS, strict=True)  # no quote at all rather than a wrong one
    facts = Facts(
        job=job,
        resume=resume,
        match=matched,
        citer=citer,
        data=load_data("objections", ctx),  # prepflow's data, extended by the plan's packs
        frameworks=load_data("frameworks", ctx),
        vocabulary=load_data("roles", ctx),
        self_described=frozenset(load_data("synonyms", ctx).get("self_described") or ()),
    )
    facts.achievements = [
        a
        for a in resume.get("achievements") or []
        if isinstance(a, Mapping) and a.get("text") and not is_filler(a["text"])
    ]
    facts.roles = [r for r in resume.get("roles") or [] if isinstance(r, Mapping)]
    facts.needs = _needs(job, load_data("ideas", ctx).get("not_problems") or [])

    found = from_match(facts) + from_resume(facts)
    found = [o for _, o in sorted(enumerate(found), key=lambda x: (-round(x[1].score, 2), x[0]))]
    considered = len(found) + len(STANDARD)
    found = capped(found)
    kept = found[: limit - len(STANDARD)] + standard(facts, found)
    ordered = [o for _, o in sorted(enumerate(kept), key=lambda x: (-round(x[1].score, 2), x[0]))]

    library = facts.data["kinds"]
    objections = []
    counts: dict[str, int] = {}
    for objection in ordered:
        counts[objection.kind] = counts.get(objection.kind, 0) + 1
        data = library[objection.kind]
        score = round(min(max(objection.score, 0.0), 1.0), 2)

        def text(key: str, o: Objection = objection, d: Mapping[str, Any] = data) -> str:
            return fill(d[o.variants.get(key, key)], o.values)

        objections.append(
            {
                "id": f"{objection.kind.replace('_', '-')}-{counts[objection.kind]}",
                "kind": objection.kind,
                "risk": {
                    "score": score,
                    "level": level_of(score, facts.data["levels"]),
                    "basis": "; ".join(objection.basis),
                },
                "origin": data["origin"],
                "phrasing": text("phrasing"),
                "why": text("why"),
                "cites": objection.cites,
                "response": respond(objection, facts),
                "practice": text("practice"),
            }
        )
    frame = facts.frameworks["objection"]
    return {
        "objections": objections,
        "framework": {"name": frame["name"], "steps": frame["steps"]},
        "considered": considered,
    }
