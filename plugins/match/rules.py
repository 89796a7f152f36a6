"""The rules behind ``match.evidence``: its documentation, config and outputs are in
:mod:`prepflow_plugins.match`, the plugin module, which imports this one only when the step runs.

The matching itself is split by idea into the modules beside this one: evidence (the resume's
items and their terms), reading (a requirement's units, years and action), degrees, conditions
(eligibility, not scored), frames (a requirement judged by the list it frames), judging (one
requirement against the evidence) and scale (the thresholds). This one runs them over a posting.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.match.conditions import asks_something, one_row_per_condition
from prepflow_plugins.match.evidence import evidence_items
from prepflow_plugins.match.frames import judge_frames, title_fits
from prepflow_plugins.match.judging import match_requirement
from prepflow_plugins.match.reading import (
    named_stems,
    split_conjoined,
    without_employer,
    without_title_subject,
)
from prepflow_plugins.match.scale import CREDIT, PRIORITY_WEIGHT
from prepflow_plugins.match.whole import whole_texts
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.synonyms import thesaurus_of

import prepflow


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
    synonyms = load_data("synonyms", ctx)  # extended by the plan's packs
    if ctx.config.get("synonyms"):
        try:
            extra = tomllib.loads(ctx.read_text(ctx.config["synonyms"]))
            extra["terms"]
        except (tomllib.TOMLDecodeError, KeyError) as e:
            raise prepflow.StepError(
                f"{ctx.config['synonyms']}: not a synonym table ([terms] ...): {e}"
            ) from None
        synonyms = {
            key: {**(synonyms.get(key) or {}), **(extra.get(key) or {})}
            for key in ("terms", "shown_by", "hinted_by")
        } | {"self_described": [*synonyms.get("self_described", []), *extra.get("self_described", [])]}
    table = None if synonyms == load_data("synonyms") else thesaurus_of(synonyms)
    self_described = frozenset(synonyms.get("self_described") or ())
    requirements = [
        r
        for r in job["requirements"]
        if isinstance(r, Mapping) and r.get("text") and asks_something(r["text"])
    ]
    if not requirements:
        if isinstance(job.get("requirements"), list) and isinstance(job.get("source"), str):
            # the plan is wired right: the posting itself gave nothing to match
            raise prepflow.StepError(
                f"job: no requirements were found in {job['source']} (see the warning of the step "
                "that read it); check that it is the job posting"
            )
        raise prepflow.StepError("job: no requirements to match; pass the outputs of job.analyze")
    vocabulary = load_data("roles", ctx)
    items = evidence_items(resume, table, vocabulary)
    whole = whole_texts(ctx, {"requirements": requirements, "source": job.get("source")})
    role = job.get("role")
    posting_title = role.get("text") if isinstance(role, Mapping) else role if isinstance(role, str) else None

    # (the requirement as shown, the text it is judged by): a shortened requirement is judged by its
    # whole text, and one that is two ("basic math skills and basic knowledge of hazmat signs") is two
    judged: list[tuple[Mapping[str, Any], str]] = []
    for n, r in enumerate(requirements):
        # the examples job.analyze left out of the text ("e.g. Python, R") still count as evidence
        examples = f" ({r['examples']})" if isinstance(r.get("examples"), str) and r["examples"] else ""
        if n in whole:
            judged.append((r, whole[n] + examples))
        else:
            judged += [
                ({**r, "text": part}, whole_part + examples)
                for part, whole_part in split_conjoined(r["text"], table)
            ]
    results = []
    company = job.get("company")
    employer = company.get("text") if isinstance(company, Mapping) else None
    for r, text in judged:
        text = without_employer(without_title_subject(text, posting_title), employer)
        row = match_requirement({**r, "text": text}, items, resume, table, vocabulary, self_described)
        results.append({**row, "requirement": r["text"]})
    judge_frames(results, [r for r, _ in judged], title_fits(posting_title, resume))
    results = one_row_per_condition(results)
    return {"requirements": results, "coverage": coverage(results)}


__all__ = ["coverage", "named_stems", "run", "without_title_subject"]
