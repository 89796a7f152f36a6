"""The objections.rehearse section of the Markdown and HTML dossiers (``objections.rehearse``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import template_html
from prepflow_plugins.dossier.view import first_sentence, mapping, maps, number, short, text_of

import prepflow


def rows(out: Mapping[str, Any], cite: Any) -> list[dict[str, Any]]:
    found_rows = []
    for o in maps(out.get("objections")):
        risk = mapping(o.get("risk"))
        response = mapping(o.get("response"))
        evidence = [{"text": text_of(e), "cites": cite(e)} for e in maps(response.get("evidence"))]
        found_rows.append(
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
    for n, row in enumerate(found_rows, start=1):
        row["n"] = n
        row["answer"] = _one_line_answer(row)
    return found_rows


def _one_line_answer(row: Mapping[str, Any]) -> str:
    """The gist to remember: the reframe's cue, then the first proof as the candidate says it."""
    cue = first_sentence(row["reframe"] or row["acknowledge"])
    if len(cue.split()) > 16 and ": " in cue:  # "Show what carries over: the parts of …" -> the cue
        cue = cue.split(": ", 1)[0]
    if cue.startswith("Then "):  # the reframe follows the acknowledgement; the cue stands alone
        cue = cue[5:6].upper() + cue[6:]
    parts = [short(cue, 120)]
    if row["say"]:
        parts.append("Say: “" + short(row["say"], 110) + "”")
    elif row["evidence"]:
        parts.append(short(row["evidence"][0]["text"], 110))
    elif row["bridge"]:
        quoted = re.match(r"[^“]*“[^”]*”", row["bridge"])  # "Bridge to what they need: “…”", whole
        parts.append(short(quoted.group(0) if quoted else first_sentence(row["bridge"]), 110))
    return " ".join(p if p.endswith(("…", "?", "!", "”")) else p.rstrip(".") + "." for p in parts if p)


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs, ctx.cite)
    if not data:
        return ""
    out = ["## Objections, with your answers", ""]
    for o in data:
        risk = o["level"] + (f", {o['score']:g}" if o["score"] >= 0 else "")
        out += [f"### {o['n']}. “{ctx.escape(o['phrasing'])}”", "", f"*Risk: {ctx.escape(risk)}*"]
        if o["why"] or o["cites"]:
            out.append(f"· *Why it is likely: {ctx.escape(o['why'])}*{ctx.refs(o['cites'])}")
        out.append("")
        for label, key in (("Acknowledge", "acknowledge"), ("Reframe", "reframe")):
            if o[key]:
                out.append(f"- **{label}:** {ctx.escape(o[key])}")
        for e in o["evidence"]:
            out.append(f"- **Evidence:** {ctx.escape(e['text'])}{ctx.refs(e['cites'])}")
        if o["bridge"]:
            out.append(f"- **Bridge:** {ctx.escape(o['bridge'])}{ctx.refs(o['bridge_cites'])}")
        if o["practice"]:
            out.append(f"- **Practice:** {ctx.escape(o['practice'])}")
        out.append("")
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Objections, with your answers <span class="hint">most likely first</span></h2>
  {% for o in objections %}
  <article class="objection">
    <h3><span class="risk-badge {{ o.level }}">{{ o.level }} risk</span> “{{ o.phrasing }}”</h3>
    {% if o.why or o.cites %}<p class="muted">Why it is likely: {{ o.why }}{{ cites(o.cites) }}</p>{% endif %}
    <ol class="steps">
      {% if o.acknowledge %}<li><span class="step-l">Acknowledge</span><span>{{ o.acknowledge }}</span></li>{% endif %}
      {% if o.reframe %}<li><span class="step-l">Reframe</span><span>{{ o.reframe }}</span></li>{% endif %}
      {% if o.evidence %}<li><span class="step-l">Evidence</span><span>{% for e in o.evidence %}{{ e.text }}{{ cites(e.cites) }}{% if not loop.last %}<br>{% endif %}{% endfor %}</span></li>{% endif %}
      {% if o.bridge %}<li><span class="step-l">Bridge</span><span>{{ o.bridge }}{{ cites(o.bridge_cites) }}</span></li>{% endif %}
    </ol>
    {% if o.practice %}<p class="practice"><strong>Practice</strong> {{ o.practice }}</p>{% endif %}
  </article>
  {% endfor %}
</section>
"""


html = template_html(HTML, "objections", rows)
