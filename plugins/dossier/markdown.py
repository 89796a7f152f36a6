"""The ``json`` and ``md`` dossier formats.

A renderer receives the whole dossier as JSON-like data and returns text. It
must be deterministic: the same dossier must give the same bytes, so that a
rerun with unchanged inputs rewrites nothing.

The Markdown puts the cheat sheet first, then every registered section in
order (research, questions, ideas, objections, stories, match, focus and
posture for the first-party steps, then any plugin's), then the steps run. It
reads well in a terminal and diffs line by line: one item per line or table
row, citations as ``[file:line]``. Text from the inputs is escaped so that a
Markdown viewer shows it as text, never as HTML or links.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from prepflow_plugins.dossier.cheat import cheat_sheet
from prepflow_plugins.dossier.layout import render_sections
from prepflow_plugins.dossier.markup import esc, refs, table
from prepflow_plugins.dossier.view import Citations, page

import prepflow


def render_json(dossier: Mapping[str, Any]) -> str:
    return json.dumps(dossier, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_markdown(dossier: Mapping[str, Any], sections: Sequence[prepflow.Section] = ()) -> str:
    v = page(dossier)
    cite = Citations()
    # the plan's own name when the user gave it one; otherwise the role and company the reading found
    out: list[str] = [f"# {esc(v['title'])}", ""]
    if v["description"]:
        out += [f"*{esc(v['description'])}*", ""]
    facts = [f for f in (v["role"], v["candidate"] and f"Candidate: {v['candidate']}") if f]
    if facts:
        out += [" · ".join(esc(f) for f in facts), ""]
    out += _md_cheat({"cheat": cheat_sheet(dossier, cite)})
    for _, text in render_sections(dossier, sections, "md", cite):
        out += [*text.rstrip("\n").split("\n"), ""]
    out += _md_steps(v)
    return "\n".join(out).rstrip() + "\n"


def _md_cheat(v: Mapping[str, Any]) -> list[str]:
    cheat = v["cheat"]
    if not any(cheat[card] for card in ("competencies", "questions", "objections", "plan")):
        return []
    out = ["## Cheat sheet", ""]
    if cheat["competencies"]:
        count = ("one", "two", "three")[min(len(cheat["competencies"]), 3) - 1]
        out += [f"**Drill into {'this one' if count == 'one' else 'these ' + count}**", ""]
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
        out += table(
            ["If they say", "Answer in one line"],
            [[f"“{esc(o['phrasing'])}”", esc(o["answer"])] for o in cheat["objections"]],
        )
    if cheat["plan"]:
        out += ["**30-60-90**", ""]
        out += table(
            ["Days", "Phase", "First"],
            [[esc(p["days"]), esc(p["phase"]), esc(p["focus"])] for p in cheat["plan"]],
        )
    return out


def _md_steps(v: Mapping[str, Any]) -> list[str]:
    if not v["steps"]:
        return []
    rows = [[esc(s["id"]), esc(s["uses"]), esc(s["status"])] for s in v["steps"]]
    return ["## Steps run", "", *table(["Step", "Uses", "Status"], rows)]
