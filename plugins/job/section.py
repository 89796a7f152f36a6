"""The employer's hot buttons in the HTML dossier: ``company.research``'s themes, else ``job.analyze``'s.

Registered through ``register_dossier_sections``, like any plugin's section.
The themes weighed across the posting and the company material when the plan
researched the company, else the posting's own; a chart and, for researched
themes, a table with their citations. The Markdown dossier lists researched
themes in the research section, so this section is HTML only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.view import maps, number, outputs_of, text_of
from prepflow_plugins.research.section import rows as research_rows

import prepflow


def _job_themes(job: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The posting's own themes, when there is no company research to weigh them across sources."""
    return [
        {"phrase": text_of(t.get("phrase")), "weight": number(t.get("weight")), "sources": 1, "cites": []}
        for t in maps(job.get("themes"))
        if text_of(t.get("phrase"))
    ]


def _theme_chart(themes: list[dict[str, Any]], limit: int = 8) -> list[dict[str, Any]]:
    top = sorted(themes, key=lambda t: -t["weight"])[:limit]
    most = max((t["weight"] for t in top), default=0) or 1
    return [{**t, "share": t["weight"] / most} for t in top if t["weight"] > 0]


HTML = """\
<section id="{{ anchor }}" class="chart-section" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Their hot buttons</h2>
  <p class="muted">{% if r.get('themes') %}Themes weighted across the posting and the company material.{% else %}Themes of the posting, by weight.{% endif %}</p>
  <svg class="chart" role="img" aria-labelledby="themes-t themes-d" viewBox="0 0 640 {{ rows|length * 32 + 8 }}" preserveAspectRatio="xMinYMin meet">
    <title id="themes-t">The employer's themes by weight</title>
    <desc id="themes-d">{% for t in rows %}{{ t.phrase }}: {{ t.weight|num }}{% if not loop.last %}; {% endif %}{% endfor %}</desc>
    {% for t in rows %}
    {% set y = loop.index0 * 32 + 4 %}
    <g>
      <title>{{ t.phrase }}: weight {{ t.weight|num }}{% if t.sources > 1 %}, in {{ t.sources }} sources{% endif %}</title>
      <text class="label" x="214" y="{{ y + 17 }}" text-anchor="end">{{ t.phrase|short(30) }}</text>
      <rect class="track" x="224" y="{{ y + 5 }}" width="360" height="16" rx="3"/>
      <rect class="bar theme" x="224" y="{{ y + 5 }}" width="{{ (360 * t.share)|svgx }}" height="16" rx="3"/>
      <text class="value" x="{{ (230 + 360 * t.share)|svgx }}" y="{{ y + 17 }}">{{ t.weight|num }}</text>
    </g>
    {% endfor %}
  </svg>
  {% if r.get('themes') %}
  <table class="compact">
    <thead><tr><th scope="col">Theme</th><th scope="col" class="n">Weight</th><th scope="col" class="n">Sources</th><th scope="col">Cited</th></tr></thead>
    <tbody>{% for t in r.themes %}<tr><td>{{ t.phrase }}</td><td class="n">{{ t.weight|num }}</td><td class="n">{{ t.sources }}</td><td>{{ cites(t.cites) }}</td></tr>{% endfor %}</tbody>
  </table>
  {% endif %}
</section>
"""


def html(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> Any:
    research = research_rows(outputs_of(ctx.dossier, "company.research"), ctx.cite)
    chart = _theme_chart(research.get("themes") or _job_themes(outputs_of(ctx.dossier, "job.analyze")))
    return ctx.html(HTML, rows=chart, r=research) if chart else ""
