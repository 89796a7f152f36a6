"""The evidence about the employer's problems: the duties, summary sentences, requirements and
company research, each weighed; the duties the role owns ranked by how central the posting makes
them; and how a problem's evidence is cited and told as its "why".

Part of the rules behind ``ideas.problem_solving`` (:mod:`prepflow_plugins.ideas.rules`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.citing import Citer
from prepflow_plugins.ideas.model import Evidence, Problem
from prepflow_plugins.text.duties import owned_duty, plain
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.terms import extract
from prepflow_plugins.text.voice import employer_talk

#: Kinds of requirement that say nothing about the employer's problems.
NOT_PROBLEMS = {"eligibility", "education", "licence", "license"}
#: How a duty's place in the posting weighs against the posting repeating its words (earlier is stronger).
POSITION_WEIGHT = 0.2
#: The posting's sections whose headings show what it cares about (a duty repeating them is central).
ECHO_SECTIONS = ("responsibilities", "summary", "requirements")


def _summary_sentences(job: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """The sentences of the posting's introduction and "about the role" (``job.analyze``'s ``summary``)."""
    return [
        (plain(item["text"]), item["source"])
        for item in job.get("summary") or []
        if isinstance(item, Mapping) and item.get("text") and isinstance(item.get("source"), Mapping)
    ]


def _research_items(research: Mapping[str, Any] | None, weights: Mapping[str, float]) -> list[Evidence]:
    """The company research's initiatives, products and mission, each with the citations it brings."""
    items: list[Evidence] = []
    if not isinstance(research, Mapping):
        return items
    for key in ("initiatives", "products", "mission"):
        for entry in research.get(key) or []:
            if not isinstance(entry, Mapping):
                continue
            text = entry.get("text")
            cites = [c for c in entry.get("cites") or [] if isinstance(c, Mapping) and "quote" in c]
            if not isinstance(text, str) or not text or not cites:
                continue
            where = "initiative" if key == "initiatives" else "research"
            items.append(Evidence(text, where, weights[where], cites=[dict(c) for c in cites[:2]]))
    return items


def collect_evidence(
    data: Mapping[str, Any], job: Mapping[str, Any], research: Mapping[str, Any] | None
) -> list[Evidence]:
    """Every piece of evidence about the employer's problems, weighed (``data``: the ideas data).

    Only duties can anchor a problem; they are ranked by :func:`rank_duties`.
    """
    weights = data["weights"]
    skip = re_compile(r"\b(?:" + "|".join(data["skip"]) + r")", re.I)
    items: list[Evidence] = []
    for duty in job.get("responsibilities") or []:
        if isinstance(duty, Mapping) and duty.get("text"):
            items.append(Evidence(duty["text"], "duty", weights["duty"], source=duty.get("source")))
    for sentence, source in _summary_sentences(job):
        if 4 <= len(sentence.split()) <= 60 and not skip.search(sentence):
            items.append(Evidence(sentence, "summary", weights["summary"], source=source))
    for req in job.get("requirements") or []:
        if isinstance(req, Mapping) and req.get("text") and req.get("kind") not in NOT_PROBLEMS:
            where = "must" if req.get("priority", "must") == "must" else "nice"
            if employer_talk(req["text"]):
                where = "summary"  # "We are committed to ... and looking for ...": the employer, not an ask
            items.append(Evidence(req["text"], where, weights[where], source=req.get("source")))
    items.extend(_research_items(research, weights))
    rank_duties(data, job, items)
    return items


# -- which duties matter most ------------------------------------------------------


def rank_duties(data: Mapping[str, Any], job: Mapping[str, Any], items: list[Evidence]) -> None:
    """Give each duty the role owns a rank: how much the posting repeats its words, and how early it comes.

    A duty whose words come back in the requirements and in the posting's own headings is
    central to the role; the posting lists its main duties first.
    """
    duties = [e for e in items if e.where == "duty"]
    terms = [set(extract(plain(e.text)).all) for e in duties]
    echoed: set[str] = set()
    for e in items:
        if e.where in ("must", "nice"):
            echoed |= set(extract(plain(e.text)).all)
    for section in job.get("sections") or []:
        if isinstance(section, Mapping) and section.get("category") in ECHO_SECTIONS:
            echoed |= set(extract(plain(str(section.get("title") or ""))).all)
    for n, (duty, own) in enumerate(zip(duties, terms, strict=True)):
        if not own or not owned_duty(data["not_problems"], duty.text):
            duty.rank = float("-inf")
            continue
        others: set[str] = set().union(*(t for m, t in enumerate(terms) if m != n))
        posting = len(own & echoed) / len(own)
        anywhere = len(own & (echoed | others)) / len(own)
        duty.rank = posting + 0.5 * anywhere - POSITION_WEIGHT * n / len(duties)


def why_of(data: Mapping[str, Any], problem: Problem) -> str:
    """Why we think the problem is theirs: each line of its evidence, led in by where it comes from
    (``why``)."""
    lead = data.get("why", {})
    parts = []
    for e in problem.evidence:
        fmt = lead.get(e.where, "“{text}”")
        parts.append(fmt.format(text=plain(e.text).rstrip(".")))
    return " ".join(p if p.endswith(".") else p + "." for p in parts)


def cites_of(citer: Citer, items: list[Evidence]) -> list[dict[str, Any]]:
    """The citations of the evidence, each once: its own (research), or its line of the posting, quoted."""
    out: list[dict[str, Any]] = []
    for e in items:
        for c in e.cites or [citer.cite(e.source, plain(e.text))]:
            if c is not None and c not in out:
                out.append(c)
    return out
