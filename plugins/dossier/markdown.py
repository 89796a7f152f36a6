"""The ``json`` and ``md`` dossier formats.

A renderer receives the whole dossier as JSON-like data and returns text. It
must be deterministic: the same dossier must give the same bytes, so that a
rerun with unchanged inputs rewrites nothing.

The Markdown follows the order a candidate prepares in (cheat sheet, research,
questions, ideas, objections, stories, match, focus, posture), reads well in a
terminal and diffs line by line: one item per line or table row, citations as
``[file:line]``. Text from the inputs is escaped so that a Markdown viewer
shows it as text, never as HTML or links. The HTML format lives in
``dossier.html``; both lay out :func:`prepflow_plugins.dossier.view.view`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.view import view


def render_json(dossier: Mapping[str, Any]) -> str:
    return json.dumps(dossier, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# -- Markdown --------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`<>\[\]|])")


def esc(text: Any) -> str:
    """Text from the inputs, shown literally: no HTML, links, emphasis or table breaks."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def refs(notes: list[dict[str, Any]]) -> str:
    """Citations as `` [job.md:11]``, or nothing."""
    if not notes:
        return ""
    return " " + " ".join(f"[{esc(n['short'])}]" for n in notes)


def _pct(value: float, scale: float = 1.0) -> str:
    return f"{round(100 * value / scale)}%" if scale else "—"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(dossier: Mapping[str, Any]) -> str:
    v = view(dossier)
    out: list[str] = [f"# {esc(v['title'])}", ""]
    if v["description"]:
        out += [f"*{esc(v['description'])}*", ""]
    facts = [f for f in (v["role"], v["candidate"] and f"Candidate: {v['candidate']}") if f]
    if facts:
        out += [" · ".join(esc(f) for f in facts), ""]
    for part in (_md_cheat, _md_research, _md_questions, _md_ideas, _md_objections, _md_stories):
        out += part(v)
    for part in (_md_match, _md_focus, _md_posture, _md_steps):
        out += part(v)
    return "\n".join(out).rstrip() + "\n"


def _md_cheat(v: Mapping[str, Any]) -> list[str]:
    cheat = v["cheat"]
    if not any(cheat.values()):
        return []
    out = ["## Cheat sheet", ""]
    if cheat["competencies"]:
        out += ["**Drill into these three**", ""]
        for i, c in enumerate(cheat["competencies"], start=1):
            proof = c["proof"][0] if c["proof"] else None
            line = f"{i}. **{esc(c['name'])}**"
            if proof:
                line += f" — proof: {esc(proof['text'])}{refs(proof['cites'])}"
            out.append(line)
        out.append("")
    if cheat["questions"]:
        out += ["**Ask these three**", ""]
        out += [f"{i}. {esc(q['text'])}" for i, q in enumerate(cheat["questions"], start=1)]
        out.append("")
    if cheat["objections"]:
        out += ["**Have these answers ready**", ""]
        out += _table(
            ["If they say", "Answer in one line"],
            [[f"“{esc(o['phrasing'])}”", esc(o["answer"])] for o in cheat["objections"]],
        )
    if cheat["plan"]:
        out += ["**30-60-90**", ""]
        out += _table(
            ["Days", "Phase", "First"],
            [[esc(p["days"]), esc(p["phase"]), esc(p["focus"])] for p in cheat["plan"]],
        )
    return out


def _md_research(v: Mapping[str, Any]) -> list[str]:
    r = v["research"]
    if not r:
        return []
    out = ["## Company research", ""]
    for key, title in (("mission", "Mission"), ("values", "Values"), ("products", "Products and services")):
        if r.get(key):
            out += [f"### {title}", ""]
            out += [f"- {esc(i['text'])}{refs(i['cites'])}" for i in r[key]]
            out.append("")
    if r.get("initiatives"):
        out += ["### Recent initiatives and news", ""]
        out += _table(
            ["When", "What", "Source"],
            [[esc(i["date"]), esc(i["text"]), refs(i["cites"]).strip()] for i in r["initiatives"]],
        )
    if r.get("culture"):
        out += ["### Culture signals", ""]
        out += [f"- {esc(i['text'])}{refs(i['cites'])}" for i in r["culture"]]
        out.append("")
    if r.get("themes"):
        out += ["### Their hot buttons", ""]
        out += _table(
            ["Theme", "Weight", "Sources", "Cited"],
            [
                [esc(t["phrase"]), f"{t['weight']:g}", str(t["sources"]), refs(t["cites"]).strip()]
                for t in r["themes"]
            ],
        )
    if r.get("homework"):
        out += ["### Homework: what the material does not say", ""]
        for h in r["homework"]:
            why = f" — {esc(h['why'])}" if h["why"] else ""
            out.append(f"- [ ] {esc(h['question'])}{why}")
        out.append("")
    return out


def _md_questions(v: Mapping[str, Any]) -> list[str]:
    if not v["questions"]:
        return []
    out = ["## Questions to ask", ""]
    for q in v["questions"]:
        category = f" *({esc(q['category'])})*" if q["category"] else ""
        out.append(f"{q['n']}. {esc(q['text'])}{category}{refs(q['cites'])}")
        if q["listen_for"]:
            out.append(f"   - Listen for: {esc(q['listen_for'])}")
        if q["grounded"]:
            kind = f"{esc(q['grounded_kind'])}: " if q["grounded_kind"] else ""
            out.append(f"   - Grounded in {kind}“{esc(q['grounded'])}”")
    return [*out, ""]


def _md_ideas(v: Mapping[str, Any]) -> list[str]:
    ideas = v["ideas"]
    if not ideas["problems"] and not ideas["plan"]:
        return []
    out = ["## Problem-solving ideas", ""]
    for p in ideas["problems"]:
        out += [f"### {p['n']}. {esc(p['problem'])}", ""]
        if p["why"] or p["cites"]:
            out += [f"Why we think so: {esc(p['why'])}{refs(p['cites'])}", ""]
        for label, value in (("Approach", p["approach"]),):
            if value:
                out.append(f"- **{label}:** {esc(value)}")
        for label, key in (("First steps", "first_steps"), ("Measure", "measure"), ("Risks", "risks")):
            if p[key]:
                out.append(f"- **{label}:** " + "; ".join(esc(s) for s in p[key]))
        if p["proof"]:
            role = f" ({esc(p['proof']['role'])})" if p["proof"]["role"] else ""
            out.append(f"- **Proof you can:** {esc(p['proof']['text'])}{role}{refs(p['proof']['cites'])}")
        else:
            note = p["proof_note"] or "none in the resume yet; say how you would learn it"
            out.append(f"- **Proof you can:** {esc(note)}")
        out.append("")
    if ideas["plan"]:
        out += ["### 30-60-90 day plan", ""]
        for phase in ideas["plan"]:
            goal = f": {esc(phase['goal'])}" if phase["goal"] else ""
            out.append(f"**{esc(phase['days'])} days, {esc(phase['phase'])}**{goal}")
            out.append("")
            out += [f"- {esc(a['text'])}{refs(a['cites'])}" for a in phase["actions"]]
            out.append("")
    return out


def _md_objections(v: Mapping[str, Any]) -> list[str]:
    if not v["objections"]:
        return []
    out = ["## Objections, with your answers", ""]
    for o in v["objections"]:
        risk = o["level"] + (f", {o['score']:g}" if o["score"] >= 0 else "")
        out += [f"### {o['n']}. “{esc(o['phrasing'])}”", "", f"*Risk: {esc(risk)}*"]
        if o["why"] or o["cites"]:
            out.append(f"· *Why it is likely: {esc(o['why'])}*{refs(o['cites'])}")
        out.append("")
        for label, key in (("Acknowledge", "acknowledge"), ("Reframe", "reframe")):
            if o[key]:
                out.append(f"- **{label}:** {esc(o[key])}")
        for e in o["evidence"]:
            out.append(f"- **Evidence:** {esc(e['text'])}{refs(e['cites'])}")
        if o["bridge"]:
            out.append(f"- **Bridge:** {esc(o['bridge'])}{refs(o['bridge_cites'])}")
        if o["practice"]:
            out.append(f"- **Practice:** {esc(o['practice'])}")
        out.append("")
    return out


def _md_stories(v: Mapping[str, Any]) -> list[str]:
    if not v["stories"]:
        return []
    out = ["## Story bank", ""]
    for s in v["stories"]:
        out += [f"### {s['n']}. {esc(s['title'])}{refs(s['cites'])}", ""]
        for label, text in s["star"]:
            out.append(f"- **{label}:** {esc(text) if text else '____ (fill in)'}")
        if s["best_for"]:
            out.append("- **Best for:** " + "; ".join(esc(b) for b in s["best_for"]))
        if s["proves"]:
            out.append("- **Proves:** " + "; ".join(esc(b) for b in s["proves"]))
        if s["missing"]:
            out.append("- **Missing:** " + "; ".join(esc(b) for b in s["missing"]))
        out.append("")
    return out


def _md_match(v: Mapping[str, Any]) -> list[str]:
    m = v["match"]
    if not m or not m["rows"]:
        return []
    out = ["## Requirement match", ""]
    if m["score"] is not None:
        how = f" — {esc(m['computation'])}" if m["computation"] else ""
        out += [f"Coverage: **{_pct(m['score'])}**{how}", ""]
    rows = []
    for r in m["rows"]:
        evidence = esc(r["evidence"]) + refs(r["evidence_cites"]) if r["evidence"] else ""
        if r["note"]:
            evidence = f"{evidence} ({esc(r['note'])})" if evidence else esc(r["note"])
        status = r["status"] + ("" if r["counted"] else ", not scored")
        rows.append([esc(r["requirement"]) + refs(r["cites"]), esc(r["priority"]), esc(status), evidence])
    return out + _table(["Requirement", "Priority", "Status", "Best evidence"], rows)


def _md_focus(v: Mapping[str, Any]) -> list[str]:
    if not v["focus"]:
        return []
    out = ["## Competency focus", ""]
    for i, c in enumerate(v["focus"], start=1):
        score = f"weight {c['weight']:g} × evidence {c['strength']:g} = {c['priority']:g}"
        out += [f"### {i}. {esc(c['name'])}", "", f"*{score}; {esc(c['status'])}*", ""]
        for w in c["why"]:
            out.append(f"- Why it matters: {esc(w['why'] or w['text'])}{refs(w['cites'])}")
        for p in c["proof"]:
            out.append(f"- Proof: {esc(p['text'])}{refs(p['cites'])}")
        for point in c["points"]:
            out.append(f"- Say: {esc(point)}")
        out.append("")
    return out


def _md_posture(v: Mapping[str, Any]) -> list[str]:
    p = v["posture"]
    if not p:
        return []
    out = ["## Posture check", ""]
    if p["score"] is not None:
        level = f" ({esc(p['level'])})" if p["level"] else ""
        out += [f"Score: **{p['score']:g}**{level}, from passive to proactive", ""]
    if p["dimensions"]:
        rows = [
            [
                esc(d["name"]),
                f"{d['score']:g}" if d["score"] >= 0 else "",
                esc(d["finding"]),
                esc(d["advice"]),
            ]
            for d in p["dimensions"]
        ]
        out += _table(["Dimension", "Score", "Finding", "Advice"], rows)
    if p["advice"]:
        out += [f"- {esc(a)}" for a in p["advice"]] + [""]
    return out


def _md_steps(v: Mapping[str, Any]) -> list[str]:
    if not v["steps"]:
        return []
    rows = [[esc(s["id"]), esc(s["uses"]), esc(s["status"])] for s in v["steps"]]
    return ["## Steps run", "", *_table(["Step", "Uses", "Status"], rows)]
