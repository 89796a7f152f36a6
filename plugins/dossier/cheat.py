"""The cheat sheet and the run's closing summary: what to glance at first, read from several steps.

A library module, not a plugin. The cheat sheet reads the competency focus, the
questions, the objections and the 30-60-90 plan through those sections'
``rows``, with the dossier's citations, so that its citation numbers are the
sections' own. It always has its four cards; a card with nothing to show says
why: the step is missing from the plan, failed, or found nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from typing import Any

from prepflow_plugins.dossier.view import Citations, maps, outputs_of, short, steps_using
from prepflow_plugins.text.regexstore import compile as re_compile

# The cheat sheet's three questions: one per kind, in this order of preference.
BEST_QUESTIONS = (
    ("ideal", "top perform", "success", "vision"),
    ("challenge", "problem", "obstacle"),
    ("objection", "pause", "concern", "closing", "hesitat"),
)

# The step type each card reads.
CARDS = {
    "competencies": "focus.competencies",
    "questions": "questions.draft",
    "objections": "objections.rehearse",
    "plan": "ideas.problem_solving",
}


def read(dossier: Mapping[str, Any], cite: Citations) -> dict[str, Any]:
    """The four sections the cheat sheet draws from, in this order: their citations are numbered first."""
    from prepflow_plugins.focus.section import rows as focus_rows
    from prepflow_plugins.ideas.section import rows as ideas_rows
    from prepflow_plugins.objections.section import rows as objection_rows
    from prepflow_plugins.questions.section import rows as question_rows

    return {
        "focus": focus_rows(outputs_of(dossier, CARDS["competencies"]), cite),
        "questions": question_rows(outputs_of(dossier, CARDS["questions"]), cite),
        "objections": objection_rows(outputs_of(dossier, CARDS["objections"]), cite),
        "ideas": ideas_rows(outputs_of(dossier, CARDS["plan"]), cite),
    }


def cheat_sheet(dossier: Mapping[str, Any], cite: Citations) -> dict[str, Any]:
    """The cheat sheet's cards, and for each empty card why it is empty."""
    sheet = _cheat(read(dossier, cite), unscored(dossier))
    sheet["empty"] = {card: _why_empty(dossier, uses) for card, uses in CARDS.items()}
    return sheet


def _why_empty(dossier: Mapping[str, Any], uses: str) -> dict[str, str]:
    """Why a card has nothing: no step of its type in the plan ("add"), or the step's status."""
    steps = steps_using(dossier, uses)
    if not steps:
        return {"uses": uses, "status": "missing"}
    status = str(steps[0].get("status") or "")
    return {"uses": uses, "status": "empty" if status == "success" else status or "not run"}


def unscored(dossier: Mapping[str, Any]) -> set[str]:
    """Where the match's unscored requirements are cited from: conditions to confirm, not gaps to rehearse."""
    spans = Citations()  # its own numbering: only the places matter here
    found = set()
    for row in maps(outputs_of(dossier, "match.evidence").get("requirements")):
        if row.get("counted", True) is False:
            found |= {note["where"] for note in spans(row.get("source"))}
    return found


def _about(notes: list[dict[str, Any]], places: Set[str]) -> bool:
    return any(note["where"] in places for note in notes)


def _cheat(sections: Mapping[str, Any], unscored: Set[str] = frozenset()) -> dict[str, Any]:
    questions = sections["questions"]
    best: list[dict[str, Any]] = []
    for words in BEST_QUESTIONS:
        for q in questions:
            if q not in best and any(w in q["category"].lower() for w in words):
                best.append(q)
                break
    for q in questions:
        if len(best) >= 3:
            break
        if q not in best:
            best.append(q)
    best.sort(key=lambda q: q["n"])
    plan = [
        {
            "days": p["days"],
            "phase": p["phase"],
            # the first action is specific to the role; the phase's goal is the same for every role
            "focus": headline(p["actions"][0]["text"], 120) if p["actions"] else p["goal"],
            "actions": len(p["actions"]),
        }
        for p in sections["ideas"]["plan"]
        if p["actions"]  # a phase with no action of its own only repeats the goal every plan has
    ]
    # an unscored condition (citizenship, a background check) is confirmed, never drilled as a gap
    competencies = [
        c for c in sections["focus"] if not _about([n for w in c["why"] for n in w["cites"]], unscored)
    ]
    objections = [o for o in sections["objections"] if not _about(o["cites"], unscored)]
    return {
        "competencies": competencies[:3],
        "questions": best[:3],
        "objections": objections[:3],
        "plan": plan,
    }


def first_things(dossier: Mapping[str, Any], count: int = 3) -> list[str]:
    """The few things to do first, most urgent first, each one short line."""
    from prepflow_plugins.match.section import rows as match_rows
    from prepflow_plugins.posture.section import rows as posture_rows
    from prepflow_plugins.research.section import rows as research_rows

    cite = Citations()
    v: dict[str, Any] = read(dossier, cite)
    v["cheat"] = _cheat(v, unscored(dossier))
    v["research"] = research_rows(outputs_of(dossier, "company.research"), cite)
    v["posture"] = posture_rows(outputs_of(dossier, "posture.check"))
    v["match"] = match_rows(outputs_of(dossier, "match.evidence"), cite)
    found: list[str] = []
    if v["objections"]:
        found.append(f"Rehearse your answer to “{short(v['objections'][0]['phrasing'], 80)}”")
    if v["focus"]:
        top = v["focus"][0]
        proof = f", with “{short(top['proof'][0]['text'], 60)}”" if top["proof"] else ""
        found.append(f"Prove {short(top['name'], 60)}{proof}")
    homework = (v["research"] or {}).get("homework") or []
    if homework:
        found.append(f"Find out: {short(homework[0]['question'], 90)}")
    if v["cheat"]["questions"]:
        found.append(f"Ask: “{short(v['cheat']['questions'][0]['text'], 90)}”")
    for advice in (v["posture"] or {}).get("advice") or []:
        found.append(short(advice, 100))
    gaps = [r for r in (v["match"] or {}).get("rows", []) if r["status"] == "gap" and r["priority"] == "must"]
    if gaps:
        found.append(f"Prepare for the gap: {short(gaps[0]['requirement'], 80)}")
    return found[:count]


def headline(text: str, limit: int) -> str:
    """A long sentence's first clause when it is whole and fits ("Meet A, B and C one by one."),
    rather than the sentence cut mid-clause; otherwise the sentence cut at a word boundary."""
    if len(text) <= limit:
        return text
    head = re_compile(r"[:;] (?![^“]*”)").split(text, 1)[0].rstrip(" ,")
    if head != text and len(head.split()) >= 3 and len(head) < limit:
        return head + "."
    return short(text, limit)
