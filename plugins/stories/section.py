"""The stories.bank section of the Markdown and HTML dossiers (``stories.bank``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import template_html
from prepflow_plugins.dossier.view import items, maps, notes_of, text_of

import prepflow


def rows(out: Mapping[str, Any], cite: Any) -> list[dict[str, Any]]:
    found_rows = []
    for n, s in enumerate(maps(out.get("stories")), start=1):
        found_rows.append(
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
    return found_rows


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data, notes = rows(outputs, ctx.cite), notes_of(outputs)
    if not data and not notes:
        return ""
    out = ["## Story bank", ""]
    out += [line for note in notes for line in (f"*{ctx.escape(note)}*", "")]
    for s in data:
        out += [f"### {s['n']}. {ctx.escape(s['title'])}{ctx.refs(s['cites'])}", ""]
        for label, text in s["star"]:
            out.append(f"- **{label}:** {ctx.escape(text) if text else '____ (fill in)'}")
        if s["best_for"]:
            out.append("- **Best for:** " + "; ".join(ctx.escape(b) for b in s["best_for"]))
        if s["proves"]:
            out.append("- **Proves:** " + "; ".join(ctx.escape(b) for b in s["proves"]))
        if s["missing"]:
            out.append("- **Missing:** " + "; ".join(ctx.escape(b) for b in s["missing"]))
        out.append("")
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Story bank</h2>
  {% for note in stories.notes %}<p class="section-note">{{ note }}</p>{% endfor %}
  <div class="stories">
  {% for s in stories.rows %}
  <article class="story">
    <h3>{{ s.title }}{{ cites(s.cites) }}</h3>
    <dl class="star">
      {% for label, text in s.star %}<dt>{{ label[0] }}<span class="sr"> {{ label[1:] }}</span></dt><dd>{% if text %}{{ text }}{% else %}<span class="blank">to fill in</span>{% endif %}</dd>{% endfor %}
    </dl>
    {% if s.best_for %}<p class="meta"><strong>Best for</strong> {{ s.best_for|join(' · ') }}</p>{% endif %}
    {% if s.proves %}<p class="meta"><strong>Proves</strong> {{ s.proves|join(' · ') }}</p>{% endif %}
    {% if s.missing %}<p class="missing-note"><strong>Missing</strong> {{ s.missing|join(' · ') }}</p>{% endif %}
  </article>
  {% endfor %}
  </div>
</section>
"""


def _shown(out: Mapping[str, Any], cite: Any) -> dict[str, Any]:
    return {"rows": rows(out, cite), "notes": notes_of(out)}


html = template_html(HTML, "stories", _shown, shown=lambda shown: bool(shown["rows"] or shown["notes"]))
