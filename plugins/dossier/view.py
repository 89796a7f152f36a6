"""What the dossier shows, in reading order: shared by the Markdown and HTML renderers.

A library module, not a plugin. :func:`view` turns the raw dossier (plan,
inputs and every step's outputs) into plain sections the renderers lay out:
the cheat sheet first, then research, questions, ideas, objections, stories,
the requirement match, the competency focus and the posture check.

Steps are found by the step type they use, never by their id, and every
lookup is defensive: a step that is missing, failed or produced other keys
just leaves its section out. Citations (``{file, start, end, quote}``, or the
``source`` spans of the analysis steps) are numbered once, in reading order,
so both renderers can footnote them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

# The step types whose outputs the dossier lays out, by section.
USES = {
    "job": "job.analyze",
    "resume": "resume.analyze",
    "match": "match.evidence",
    "focus": "focus.competencies",
    "research": "company.research",
    "questions": "questions.draft",
    "ideas": "ideas.problem_solving",
    "objections": "objections.rehearse",
    "stories": "stories.bank",
    "posture": "posture.check",
}
SHOWN = set(USES.values()) | {"doc.load"}

# The cheat sheet's three questions: one per kind, in this order of preference.
BEST_QUESTIONS = (
    ("ideal", "top perform", "success", "vision"),
    ("challenge", "problem", "obstacle"),
    ("objection", "pause", "concern", "closing", "hesitat"),
)
STATUSES = ("met", "partial", "gap")
TEXT_KEYS = ("text", "statement", "phrase", "name", "title", "question", "problem", "value", "label")


# -- small, defensive accessors ------------------------------------------------------------------


def outputs_of(dossier: Mapping[str, Any], uses: str) -> Mapping[str, Any]:
    """The outputs of the first successful step using ``uses`` (empty when there is none)."""
    for step in _steps(dossier):
        if step.get("uses") == uses and isinstance(step.get("outputs"), Mapping):
            return step["outputs"]
    return {}


def _steps(dossier: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    steps = dossier.get("steps")
    if not isinstance(steps, Mapping):
        return []
    return [s for s in steps.values() if isinstance(s, Mapping)]


def items(value: Any) -> list[Any]:
    """A list, whatever was given: ``None`` -> [], a scalar or mapping -> [it]."""
    if value is None or value == "":
        return []
    if isinstance(value, list | tuple):
        return [v for v in value if v is not None]
    return [value]


def maps(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in items(value) if isinstance(v, Mapping)]


def mapping(value: Any) -> Mapping[str, Any]:
    """``value`` if it is a mapping, else an empty one."""
    return value if isinstance(value, Mapping) else {}


def text_of(value: Any) -> str:
    """The text of a value: a string, or a mapping's text-like key; whitespace collapsed."""
    if isinstance(value, Mapping):
        for key in TEXT_KEYS:
            if isinstance(value.get(key), str | int | float) and not isinstance(value.get(key), bool):
                return text_of(value[key])
        return ""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple):
        return "; ".join(t for t in (text_of(v) for v in value) if t)
    return " ".join(str(value).split())


def number(value: Any, default: float = 0.0) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return default
    return float(value)


def short(text: str, limit: int = 110) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return cut + "…"


# -- citations -------------------------------------------------------------------------------------


class Citations:
    """Numbers each distinct cited span once, in the order the dossier shows them."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self._seen: dict[tuple[Any, ...], dict[str, Any]] = {}

    def __call__(self, *values: Any) -> list[dict[str, Any]]:
        """The numbered notes for citations and sources found in ``values``."""
        found = []
        for value in values:
            for cite in _cites(value):
                note = self._note(cite)
                if note is not None and note not in found:
                    found.append(note)
        return found

    def _note(self, cite: Mapping[str, Any]) -> dict[str, Any] | None:
        file = cite.get("file")
        if not isinstance(file, str) or not file:
            return None
        start, end = cite.get("start"), cite.get("end")
        quote = text_of(cite.get("quote"))
        key = (file, start, end, cite.get("page"), quote)
        if key in self._seen:
            return self._seen[key]
        where = file
        if isinstance(cite.get("page"), int):
            where += f" p. {cite['page']}"
        if isinstance(start, int):
            where += f":{start}" + (f"–{end}" if isinstance(end, int) and end != start else "")
        note = {
            "n": len(self.notes) + 1,
            "file": file,
            "where": where,
            "short": where.rsplit("/", 1)[-1],
            "quote": quote,
        }
        self._seen[key] = note
        self.notes.append(note)
        return note


def _cites(value: Any) -> Iterable[Mapping[str, Any]]:
    """Citation-like mappings in ``value``: itself, a list of them, or its cites/source keys."""
    for item in items(value):
        if not isinstance(item, Mapping):
            continue
        if isinstance(item.get("file"), str):
            yield item
            continue
        for key in ("cites", "citations", "source", "sources"):
            for inner in items(item.get(key)):
                if isinstance(inner, Mapping) and isinstance(inner.get("file"), str):
                    yield inner


# -- the sections ----------------------------------------------------------------------------------


def view(dossier: Mapping[str, Any]) -> dict[str, Any]:
    """The dossier as the renderers show it. Deterministic: same dossier, same view."""
    cite = Citations()
    plan = mapping(dossier.get("plan"))
    job = outputs_of(dossier, USES["job"])
    resume = outputs_of(dossier, USES["resume"])
    sections: dict[str, Any] = {
        "focus": _focus(outputs_of(dossier, USES["focus"]), cite),
        "questions": _questions(outputs_of(dossier, USES["questions"]), cite),
        "objections": _objections(outputs_of(dossier, USES["objections"]), cite),
        "ideas": _ideas(outputs_of(dossier, USES["ideas"]), cite),
    }
    cheat = _cheat(sections)
    research = _research(outputs_of(dossier, USES["research"]), cite)
    stories = _stories(outputs_of(dossier, USES["stories"]), cite)
    match = _match(outputs_of(dossier, USES["match"]), cite)
    posture = _posture(outputs_of(dossier, USES["posture"]))
    themes = research.get("themes") or _job_themes(job)
    role = text_of(job.get("role"))
    return {
        "title": text_of(plan.get("name")) or role or "Interview dossier",
        "description": text_of(plan.get("description")),
        "plan_file": text_of(plan.get("file")),
        "version": text_of((dossier.get("prepflow") or {}).get("version")),
        "role": role,
        "candidate": text_of(resume.get("name")),
        "cheat": cheat,
        "research": research,
        "themes": themes,
        "questions": sections["questions"],
        "ideas": sections["ideas"],
        "objections": sections["objections"],
        "stories": stories,
        "match": match,
        "focus": sections["focus"],
        "posture": posture,
        "charts": {
            "coverage": match.get("chart") if match else None,
            "themes": _theme_chart(themes),
            "focus": _focus_chart(sections["focus"]),
        },
        "steps": [
            {
                "id": sid,
                "uses": text_of(step.get("uses")),
                "status": text_of(step.get("status")),
                "shown": step.get("uses") in SHOWN,
            }
            for sid, step in (dossier.get("steps") or {}).items()
            if isinstance(step, Mapping)
        ],
        "notes": cite.notes,
        "branding": _branding(dossier.get("branding")),
    }


_LOGO = re.compile(r"^data:image/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/]+=*$")


def _branding(brand: Any) -> dict[str, str]:
    """A workflow pack's title, style sheet and logo (only an image ``data:`` URI is kept)."""
    if not isinstance(brand, Mapping):
        brand = {}
    logo = brand.get("logo")
    css = brand.get("css")
    return {
        "pack": text_of(brand.get("pack")),
        "title": text_of(brand.get("title")),
        "logo": logo if isinstance(logo, str) and _LOGO.match(logo) else "",
        # inside <style>, "</" could end the element early: "<" becomes the CSS escape "\3c "
        "css": css.replace("<", "\\3c ") if isinstance(css, str) else "",
    }


def _focus(out: Mapping[str, Any], cite: Citations) -> list[dict[str, Any]]:
    rows = []
    for comp in maps(out.get("competencies")):
        proof = []
        for item in maps(comp.get("proof")):
            metrics = [text_of(m) for m in maps(item.get("metrics"))]
            proof.append(
                {
                    "text": text_of(item),
                    "role": text_of(item.get("role")),
                    "metrics": [m for m in metrics if m],
                    "cites": cite(item),
                }
            )
        rows.append(
            {
                "name": text_of(comp.get("competency")) or text_of(comp),
                "status": text_of(comp.get("status")),
                "priority": number(comp.get("priority")),
                "weight": number(comp.get("employer_weight")),
                "strength": number(comp.get("evidence_strength")),
                "why": [
                    {"text": text_of(w), "why": text_of(w.get("why")), "cites": cite(w)}
                    for w in maps(comp.get("why"))
                ],
                "proof": proof,
                "points": [text_of(p) for p in items(comp.get("talking_points")) if text_of(p)],
            }
        )
    return rows


def _questions(out: Mapping[str, Any], cite: Citations) -> list[dict[str, Any]]:
    found: list[Mapping[str, Any]] = [
        q if isinstance(q, Mapping) else {"text": q}
        for q in items(out.get("questions"))
        if isinstance(q, Mapping | str)
    ]
    found = [q for q in found if text_of(q.get("text")) or text_of(q)]
    ordered = sorted(enumerate(found), key=lambda p: (number(p[1].get("order"), p[0] + 1), p[0]))
    rows = []
    for position, (_, q) in enumerate(ordered, start=1):
        grounded = q.get("grounded_in")
        rows.append(
            {
                "n": position,
                "id": text_of(q.get("id")),
                "category": text_of(q.get("category")).replace("_", " "),
                "text": text_of(q.get("text")) or text_of(q),
                "listen_for": text_of(q.get("listen_for")),
                "grounded": text_of(grounded),
                "grounded_kind": text_of(grounded.get("kind")) if isinstance(grounded, Mapping) else "",
                "cites": cite(q.get("cites"), grounded),
            }
        )
    return rows


def _objections(out: Mapping[str, Any], cite: Citations) -> list[dict[str, Any]]:
    rows = []
    for o in maps(out.get("objections")):
        risk = mapping(o.get("risk"))
        response = mapping(o.get("response"))
        evidence = [{"text": text_of(e), "cites": cite(e)} for e in maps(response.get("evidence"))]
        rows.append(
            {
                "id": text_of(o.get("id")),
                "phrasing": text_of(o.get("phrasing")) or text_of(o),
                "level": text_of(risk.get("level")) or "unrated",
                "score": number(risk.get("score"), -1.0),
                "basis": text_of(risk.get("basis")),
                "origin": text_of(o.get("origin")),
                "why": text_of(o.get("why")),
                "cites": cite(o.get("cites")),
                "acknowledge": text_of(response.get("acknowledge")),
                "reframe": text_of(response.get("reframe")),
                "evidence": [e for e in evidence if e["text"]],
                "say": text_of(response.get("say")),
                "bridge": text_of(response.get("bridge")),
                "bridge_cites": cite(response.get("bridge_cites")),
                "practice": text_of(o.get("practice")),
            }
        )
    for n, row in enumerate(rows, start=1):
        row["n"] = n
        row["answer"] = _one_line_answer(row)
    return rows


def _one_line_answer(row: Mapping[str, Any]) -> str:
    """The gist to remember: the reframe's cue, then the first proof as the candidate says it."""
    cue = first_sentence(row["reframe"] or row["acknowledge"])
    if len(cue.split()) > 16 and ": " in cue:  # "Show what carries over: the parts of …" -> the cue
        cue = cue.split(": ", 1)[0]
    parts = [short(cue, 120)]
    if row["say"]:
        parts.append("Say: “" + short(row["say"], 110) + "”")
    elif row["evidence"]:
        parts.append(short(row["evidence"][0]["text"], 110))
    elif row["bridge"]:
        quoted = re.match(r"[^“]*“[^”]*”", row["bridge"])  # "Bridge to what they need: “…”", whole
        parts.append(short(quoted.group(0) if quoted else first_sentence(row["bridge"]), 110))
    return " ".join(p if p.endswith(("…", "?", "!", "”")) else p.rstrip(".") + "." for p in parts if p)


def first_sentence(text: str) -> str:
    """Up to the first full stop that ends a sentence (not one inside a number or "e.g.")."""
    match = re.search(r"(?<!\b[A-Za-z])(?<!\d)[.!?](?=\s+[A-Z“\"(])", text)
    return text[: match.end()] if match else text


def _ideas(out: Mapping[str, Any], cite: Citations) -> dict[str, Any]:
    problems = []
    for n, p in enumerate(maps(out.get("problems")), start=1):
        idea = mapping(p.get("idea"))
        proof = idea.get("proof") if isinstance(idea.get("proof"), Mapping) else None
        problems.append(
            {
                "n": n,
                "id": text_of(p.get("id")),
                "problem": text_of(p.get("problem")) or text_of(p),
                "why": text_of(p.get("why")),
                "cites": cite(p.get("cites")),
                "approach": text_of(idea.get("approach")),
                "first_steps": [text_of(s) for s in items(idea.get("first_steps")) if text_of(s)],
                "measure": [text_of(s) for s in items(idea.get("measure")) if text_of(s)],
                "risks": [text_of(s) for s in items(idea.get("risks")) if text_of(s)],
                "proof": (
                    {
                        "text": text_of(proof),
                        "role": text_of(proof.get("role")),
                        "because": text_of(proof.get("because")),
                        "cites": cite(proof),
                    }
                    if proof and text_of(proof)
                    else None
                ),
                "proof_note": text_of(idea.get("proof_note")),
            }
        )
    phases = []
    for phase in maps(out.get("plan_30_60_90")):
        actions = [{"text": text_of(a), "cites": cite(a)} for a in items(phase.get("actions"))]
        days = phase.get("days")
        phases.append(
            {
                "days": text_of(days),
                "phase": text_of(phase.get("phase")),
                "goal": text_of(phase.get("goal")),
                "actions": [a for a in actions if a["text"]],
            }
        )
    return {"problems": problems, "plan": phases}


def _cheat(sections: Mapping[str, Any]) -> dict[str, Any]:
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
            "focus": short(p["actions"][0]["text"], 120) if p["actions"] else p["goal"],
            "actions": len(p["actions"]),
        }
        for p in sections["ideas"]["plan"]
    ]
    return {
        "competencies": sections["focus"][:3],
        "questions": best[:3],
        "objections": sections["objections"][:3],
        "plan": plan,
    }


def _research(out: Mapping[str, Any], cite: Citations) -> dict[str, Any]:
    if not out:
        return {}

    def listed(key: str) -> list[dict[str, Any]]:
        found = []
        for item in items(out.get(key)):
            text = text_of(item)
            if text:
                extra = item if isinstance(item, Mapping) else {}
                found.append({"text": text, "date": text_of(extra.get("date")), "cites": cite(item)})
        return found

    initiatives = listed("initiatives")
    themes = []
    for t in maps(out.get("themes")):
        if text_of(t.get("phrase")) or text_of(t):
            themes.append(
                {
                    "phrase": text_of(t.get("phrase")) or text_of(t),
                    "weight": number(t.get("weight")),
                    "sources": int(number(t.get("sources_count"), len(items(t.get("cites"))))),
                    "cites": cite(t),
                }
            )
    homework = [
        {"question": text_of(h.get("question")) or text_of(h), "why": text_of(h.get("why"))}
        for h in maps(out.get("homework"))
    ]
    return {
        "mission": listed("mission"),
        "values": listed("values"),
        "products": listed("products"),
        "initiatives": initiatives,
        "culture": listed("culture"),
        "themes": themes,
        "homework": [h for h in homework if h["question"]],
    }


def _job_themes(job: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The posting's own themes, when there is no company research to weigh them across sources."""
    return [
        {"phrase": text_of(t.get("phrase")), "weight": number(t.get("weight")), "sources": 1, "cites": []}
        for t in maps(job.get("themes"))
        if text_of(t.get("phrase"))
    ]


def _stories(out: Mapping[str, Any], cite: Citations) -> list[dict[str, Any]]:
    rows = []
    for n, s in enumerate(maps(out.get("stories")), start=1):
        rows.append(
            {
                "n": n,
                "id": text_of(s.get("id")),
                "title": text_of(s.get("title")) or f"Story {n}",
                "star": [
                    (label, text_of(s.get(key)))
                    for label, key in (
                        ("Situation", "situation"),
                        ("Task", "task"),
                        ("Action", "action"),
                        ("Result", "result"),
                    )
                ],
                "best_for": [text_of(b) for b in items(s.get("best_for")) if text_of(b)],
                "proves": [text_of(b) for b in items(s.get("proves")) if text_of(b)],
                "missing": [text_of(b) for b in items(s.get("missing")) if text_of(b)],
                "cites": cite(s.get("cites")),
            }
        )
    return rows


def _match(out: Mapping[str, Any], cite: Citations) -> dict[str, Any]:
    if not out:
        return {}
    rows = []
    for r in maps(out.get("requirements")):
        evidence = maps(r.get("evidence"))
        best = evidence[0] if evidence else None
        rows.append(
            {
                "requirement": text_of(r.get("requirement")) or text_of(r),
                "priority": text_of(r.get("priority")) or "must",
                "status": text_of(r.get("status")) or "gap",
                "score": number(r.get("score")),
                "counted": r.get("counted", True) is not False,
                "note": text_of(r.get("note")),
                "missing": [text_of(t) for t in items(r.get("missing_terms")) if text_of(t)],
                "evidence": text_of(best) if best else "",
                "cites": cite(r.get("source")),
                "evidence_cites": cite(best) if best else [],
            }
        )
    coverage = mapping(out.get("coverage"))
    chart = []
    for priority, label in (("must", "Must-have"), ("nice", "Nice-to-have")):
        counts = coverage.get(priority) if isinstance(coverage.get(priority), Mapping) else None
        if counts is None:
            counted = [r for r in rows if r["counted"] and r["priority"] == priority]
            counts = {s: sum(r["status"] == s for r in counted) for s in STATUSES}
        values = {s: int(number(counts.get(s))) for s in STATUSES}
        if sum(values.values()):
            chart.append({"label": label, **values, "total": sum(values.values())})
    score = coverage.get("score")
    return {
        "rows": rows,
        "score": number(score) if isinstance(score, int | float) else None,
        "computation": text_of(coverage.get("computation")),
        "chart": chart,
    }


def _posture(out: Mapping[str, Any]) -> dict[str, Any]:
    if not out:
        return {}
    dims: list[dict[str, Any]] = [
        {
            "name": text_of(d.get("name")).replace("_", " "),
            "passive": text_of(d.get("passive")),
            "proactive": text_of(d.get("proactive")),
            "score": number(d.get("score"), -1.0),
            "finding": text_of(d.get("finding")),
            "advice": text_of(d.get("advice")),
        }
        for d in maps(out.get("dimensions"))
    ]
    score = out.get("score")
    return {
        "score": number(score) if isinstance(score, int | float) else None,
        "level": text_of(out.get("level")),
        "dimensions": dims,
        "advice": [text_of(a) for a in items(out.get("advice")) if text_of(a)],
        "scale": 100.0 if any(d["score"] > 1 for d in dims) or number(score) > 1 else 1.0,
    }


# -- chart data ------------------------------------------------------------------------------------


def _theme_chart(themes: list[dict[str, Any]], limit: int = 8) -> list[dict[str, Any]]:
    top = sorted(themes, key=lambda t: -t["weight"])[:limit]
    most = max((t["weight"] for t in top), default=0) or 1
    return [{**t, "share": t["weight"] / most} for t in top if t["weight"] > 0]


def _focus_chart(focus: list[dict[str, Any]]) -> list[dict[str, Any]]:
    most = max((c["weight"] for c in focus), default=0) or 1
    return [
        {
            "name": c["name"],
            "weight": c["weight"],
            "strength": c["strength"],
            "priority": c["priority"],
            "weight_share": c["weight"] / most,
            "priority_share": c["priority"] / most,
        }
        for c in focus
        if c["weight"] > 0
    ]


# -- the terminal summary --------------------------------------------------------------------------


def first_things(dossier: Mapping[str, Any], count: int = 3) -> list[str]:
    """The few things to do first, most urgent first, each one short line."""
    v = view(dossier)
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
