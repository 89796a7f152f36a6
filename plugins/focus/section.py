"""The focus.competencies section of the Markdown and HTML dossiers (``focus.competencies``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.view import items, maps, number, text_of

import prepflow


def rows(out: Mapping[str, Any], cite: Any) -> list[dict[str, Any]]:
    found_rows = []
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
        found_rows.append(
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
    return found_rows


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


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs, ctx.cite)
    if not data:
        return ""
    out = ["## Competency focus", ""]
    for i, c in enumerate(data, start=1):
        score = f"weight {c['weight']:g} × evidence {c['strength']:g} = {c['priority']:g}"
        out += [f"### {i}. {ctx.escape(c['name'])}", "", f"*{score}; {ctx.escape(c['status'])}*", ""]
        for w in c["why"]:
            out.append(f"- Why it matters: {ctx.escape(w['why'] or w['text'])}{ctx.refs(w['cites'])}")
        for p in c["proof"]:
            out.append(f"- Proof: {ctx.escape(p['text'])}{ctx.refs(p['cites'])}")
        for point in c["points"]:
            out.append(f"- Say: {ctx.escape(point)}")
        out.append("")
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" class="chart-section" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Competency focus</h2>
  {% set rows = chart %}
  {% if rows %}
  <svg class="chart" role="img" aria-labelledby="focus-t focus-d" viewBox="0 0 640 {{ rows|length * 54 + 30 }}" preserveAspectRatio="xMinYMin meet">
    <title id="focus-t">Competency focus: the employer's weight and how much of it your evidence covers</title>
    <desc id="focus-d">{% for f in rows %}{{ f.name }}: weight {{ f.weight|num }} × evidence {{ f.strength|num }} = {{ f.priority|num }}{% if not loop.last %}; {% endif %}{% endfor %}</desc>
    {% for f in rows %}
    {% set y = loop.index0 * 54 %}
    <g>
      <title>{{ f.name }}: weight {{ f.weight|num }} × evidence {{ f.strength|num }} = {{ f.priority|num }}</title>
      <text class="label" x="0" y="{{ y + 16 }}">{{ loop.index }}. {{ f.name|short(78) }}</text>
      <rect class="bar weight" x="0" y="{{ y + 24 }}" width="{{ (540 * f.weight_share)|svgx }}" height="16" rx="3"/>
      <rect class="bar priority" x="0" y="{{ y + 24 }}" width="{{ (540 * f.priority_share)|svgx }}" height="16" rx="3"/>
      <text class="value" x="{{ (548 * f.weight_share + 4)|svgx }}" y="{{ y + 36 }}">{{ f.priority|num }}</text>
    </g>
    {% endfor %}
    {% set ly = rows|length * 54 + 10 %}
    <g class="legend">
      <rect class="bar priority" x="0" y="{{ ly }}" width="12" height="12" rx="2"/><text x="18" y="{{ ly + 10 }}">your evidence × their weight</text>
      <rect class="bar weight" x="230" y="{{ ly }}" width="12" height="12" rx="2"/><text x="248" y="{{ ly + 10 }}">the employer's weight</text>
    </g>
  </svg>
  {% endif %}
  {% for f in focus %}
  <article class="focus">
    <h3><span class="num">{{ loop.index }}</span> {{ f.name }} {{ status(f.status) }}</h3>
    <div class="two">
      <div>
        <h4>Why it matters to them</h4>
        <ul class="plain dash">{% for w in f.why %}<li>{{ w.why or w.text }}{% if w.why and w.text and w.text != f.name %}: <span class="muted">“{{ w.text }}”</span>{% endif %}{{ cites(w.cites) }}</li>{% endfor %}</ul>
      </div>
      <div>
        <h4>Your proof</h4>
        <ul class="plain dash">{% for p in f.proof %}<li>{{ p.text }}{% if p.role %} <span class="muted">({{ p.role }})</span>{% endif %}{{ cites(p.cites) }}</li>{% endfor %}</ul>
      </div>
    </div>
    {% if f.points %}
    <details>
      <summary>Talking points</summary>
      <ul class="plain dash">{% for point in f.points %}<li>{{ point }}</li>{% endfor %}</ul>
    </details>
    {% endif %}
  </article>
  {% endfor %}
</section>
"""


def html(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> Any:
    focus = rows(outputs, ctx.cite)
    return ctx.html(HTML, focus=focus, chart=_focus_chart(focus)) if focus else ""
