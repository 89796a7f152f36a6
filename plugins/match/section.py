"""The match.evidence section of the Markdown and HTML dossiers (``match.evidence``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import pct, table, template_html
from prepflow_plugins.dossier.view import items, mapping, maps, number, text_of

import prepflow

STATUSES = ("met", "partial", "gap")


def rows(out: Mapping[str, Any], cite: Any) -> dict[str, Any]:
    if not out:
        return {}
    found_rows = []
    for r in maps(out.get("requirements")):
        evidence = maps(r.get("evidence"))
        best = evidence[0] if evidence else None
        note = text_of(r.get("note"))
        if best is not None and (text_of(r.get("status")) or "gap") == "gap":
            # a gap's closest line shares a word or two: shown as the reason, never as evidence
            shared = [text_of(t) for t in items(best.get("matched_terms")) if text_of(t)]
            closest = f"nothing on the resume shows it; the closest line shares only “{', '.join(shared)}”"
            note = "; ".join(n for n in (note, closest if shared else "") if n) or note
            best = None
        found_rows.append(
            {
                "requirement": text_of(r.get("requirement")) or text_of(r),
                "priority": text_of(r.get("priority")) or "must",
                "status": text_of(r.get("status")) or "gap",
                "score": number(r.get("score")),
                "counted": r.get("counted", True) is not False,
                "note": note,
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
            counted = [r for r in found_rows if r["counted"] and r["priority"] == priority]
            counts = {s: sum(r["status"] == s for r in counted) for s in STATUSES}
        values = {s: int(number(counts.get(s))) for s in STATUSES}
        if sum(values.values()):
            chart.append({"label": label, **values, "total": sum(values.values())})
    score = coverage.get("score")
    return {
        "rows": found_rows,
        "score": number(score) if isinstance(score, int | float) else None,
        "computation": text_of(coverage.get("computation")),
        "chart": chart,
    }


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs, ctx.cite)
    m = data
    if not m or not m["rows"]:
        return ""
    out = ["## Requirement match", ""]
    if m["score"] is not None:
        how = f" — {ctx.escape(m['computation'])}" if m["computation"] else ""
        out += [f"Coverage: **{pct(m['score'])}**{how}", ""]
    lines = []
    for r in m["rows"]:
        evidence = ctx.escape(r["evidence"]) + ctx.refs(r["evidence_cites"]) if r["evidence"] else ""
        if r["note"]:
            evidence = f"{evidence} ({ctx.escape(r['note'])})" if evidence else ctx.escape(r["note"])
        status = r["status"] + ("" if r["counted"] else ", not scored")
        lines.append(
            [
                ctx.escape(r["requirement"]) + ctx.refs(r["cites"]),
                ctx.escape(r["priority"]),
                ctx.escape(status),
                evidence,
            ]
        )
    return "\n".join(out + table(["Requirement", "Priority", "Status", "Best evidence"], lines))


HTML = """\
<section id="{{ anchor }}" class="chart-section" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Requirement match{% if match.score is not none %} <span class="score">{{ match.score|pct }} covered</span>{% endif %}</h2>
  {% if match.computation %}<p class="muted small">{{ match.computation }}</p>{% endif %}
  {% set rows = match.chart or [] %}
  {% if rows %}
  {% set most = rows|map(attribute='total')|max %}
  <svg class="chart" role="img" aria-labelledby="cov-t cov-d" viewBox="0 0 640 {{ rows|length * 44 + 36 }}" preserveAspectRatio="xMinYMin meet">
    <title id="cov-t">Requirement coverage: must-haves and nice-to-haves by met, partial and gap</title>
    <desc id="cov-d">{% for row in rows %}{{ row.label }}: {{ row.met }} met, {{ row.partial }} partial, {{ row.gap }} gap{% if not loop.last %}; {% endif %}{% endfor %}</desc>
    {% for row in rows %}
    {% set y = loop.index0 * 44 + 4 %}
    {% set ns = namespace(x=130.0) %}
    <text class="label" x="120" y="{{ y + 22 }}" text-anchor="end">{{ row.label }}</text>
    {% for key in ['met', 'partial', 'gap'] %}
    {% if row[key] %}
    {% set w = 470 * row[key] / most %}
    <g>
      <title>{{ row.label }}: {{ row[key] }} {{ key }}</title>
      <rect class="bar {{ key }}" x="{{ ns.x|svgx }}" y="{{ y + 6 }}" width="{{ (w - 2)|svgx }}" height="24" rx="3"/>
      <text class="inbar" x="{{ (ns.x + w / 2 - 1)|svgx }}" y="{{ y + 22 }}" text-anchor="middle">{{ row[key] }}</text>
    </g>
    {% set ns.x = ns.x + w %}
    {% endif %}
    {% endfor %}
    {% endfor %}
    {% set ly = rows|length * 44 + 16 %}
    <g class="legend">
      <rect class="bar met" x="130" y="{{ ly }}" width="12" height="12" rx="2"/><text x="148" y="{{ ly + 10 }}">met</text>
      <rect class="bar partial" x="200" y="{{ ly }}" width="12" height="12" rx="2"/><text x="218" y="{{ ly + 10 }}">partial</text>
      <rect class="bar gap" x="286" y="{{ ly }}" width="12" height="12" rx="2"/><text x="304" y="{{ ly + 10 }}">gap</text>
    </g>
  </svg>
  {% endif %}
  <div class="table-wrap">
  <table>
    <thead><tr><th scope="col">Requirement</th><th scope="col">Status</th><th scope="col">Best evidence</th></tr></thead>
    <tbody>
    {% for row in match.rows %}
      <tr>
        <td><span class="prio {{ row.priority }}">{{ row.priority }}</span> {{ row.requirement }}{{ cites(row.cites) }}</td>
        <td class="nowrap">{{ status(row.status) }}{% if not row.counted %}<br><span class="muted small">not scored</span>{% endif %}</td>
        <td>{% if row.evidence %}{{ row.evidence }}{{ cites(row.evidence_cites) }}{% endif %}{% if row.note %}<br><span class="muted small">{{ row.note }}</span>{% endif %}{% if not row.evidence and not row.note %}<span class="muted">none found</span>{% endif %}</td>
      </tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
</section>
"""


html = template_html(HTML, "match", rows)
