"""The posture.check section of the Markdown and HTML dossiers (``posture.check``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import table, template_html
from prepflow_plugins.dossier.view import items, maps, number, text_of

import prepflow


def rows(out: Mapping[str, Any]) -> dict[str, Any]:
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


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs)
    p = data
    if not p:
        return ""
    out = ["## Posture check", ""]
    if p["score"] is not None:
        level = f" ({ctx.escape(p['level'])})" if p["level"] else ""
        out += [f"Score: **{p['score']:g}**{level}, from passive to proactive", ""]
    if p["dimensions"]:
        lines = [
            [
                ctx.escape(d["name"]),
                f"{d['score']:g}" if d["score"] >= 0 else "",
                ctx.escape(d["finding"]),
                ctx.escape(d["advice"]),
            ]
            for d in p["dimensions"]
        ]
        out += table(["Dimension", "Score", "Finding", "Advice"], lines)
    if p["advice"]:
        out += [f"- {ctx.escape(a)}" for a in p["advice"]] + [""]
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Posture check{% if p.score is not none %} <span class="score">{{ p.score|num }}{% if p.scale == 100 %}/100{% endif %}{% if p.level %} · {{ p.level }}{% endif %}</span>{% endif %}</h2>
  <p class="muted">From waiting to be interviewed (passive) to running the meeting like a pitch (proactive).</p>
  {% if p.dimensions %}
  <ul class="plain posture">
    {% for d in p.dimensions %}
    <li>
      <div class="dim-h"><strong>{{ d.name }}</strong>{% if d.score >= 0 %}<span class="muted">{{ d.score|num }}</span>{% endif %}</div>
      {% if d.score >= 0 %}
      <div class="meter" role="img" aria-label="{{ d.name }}: {{ d.score|num }} of {{ p.scale|num }}"><span style="width: {{ (100 * d.score / p.scale)|svgx }}%"></span></div>
      {% endif %}
      <div class="ends"><span>{{ d.passive }}</span><span>{{ d.proactive }}</span></div>
      {% if d.finding %}<p>{{ d.finding }}</p>{% endif %}
      {% if d.advice %}<p class="advice">→ {{ d.advice }}</p>{% endif %}
    </li>
    {% endfor %}
  </ul>
  {% endif %}
  {% if p.advice %}
  <h3>Before you go in</h3>
  <ul class="plain ticks">{% for a in p.advice %}<li>{{ a }}</li>{% endfor %}</ul>
  {% endif %}
</section>
"""


html = template_html(HTML, "p", rows, cited=False)
