"""The questions.draft section of the Markdown and HTML dossiers (``questions.draft``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import template_html
from prepflow_plugins.dossier.view import items, notes_of, number, text_of

import prepflow


def rows(out: Mapping[str, Any], cite: Any) -> list[dict[str, Any]]:
    found: list[Mapping[str, Any]] = [
        q if isinstance(q, Mapping) else {"text": q}
        for q in items(out.get("questions"))
        if isinstance(q, Mapping | str)
    ]
    found = [q for q in found if text_of(q.get("text")) or text_of(q)]
    ordered = sorted(enumerate(found), key=lambda p: (number(p[1].get("order"), p[0] + 1), p[0]))
    found_rows = []
    for position, (_, q) in enumerate(ordered, start=1):
        grounded = q.get("grounded_in")
        found_rows.append(
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
    return found_rows


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    questions, notes = rows(outputs, ctx.cite), notes_of(outputs)
    if not questions and not notes:
        return ""
    out = ["## Questions to ask", ""]
    out += [line for note in notes for line in (f"*{ctx.escape(note)}*", "")]
    for q in questions:
        category = f" *({ctx.escape(q['category'])})*" if q["category"] else ""
        out.append(f"{q['n']}. {ctx.escape(q['text'])}{category}{ctx.refs(q['cites'])}")
        if q["listen_for"]:
            out.append(f"   - Listen for: {ctx.escape(q['listen_for'])}")
        if q["grounded"]:
            kind = f"{ctx.escape(q['grounded_kind'])}: " if q["grounded_kind"] else ""
            out.append(f"   - Grounded in {kind}“{ctx.escape(q['grounded'])}”")
    return "\n".join([*out, ""])


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Questions to ask <span class="hint">in this order</span></h2>
  {% for note in questions.notes %}<p class="section-note">{{ note }}</p>{% endfor %}
  <ol class="qlist">
    {% for q in questions.rows %}
    <li>
      <p class="q">{{ q.text }}{{ cites(q.cites) }}</p>
      <p class="meta">{% if q.category %}<span class="tag">{{ q.category }}</span>{% endif %}{% if q.grounded %} <span class="muted">grounded in {% if q.grounded_kind %}{{ q.grounded_kind }}: {% endif %}“{{ q.grounded }}”</span>{% endif %}</p>
      {% if q.listen_for %}<p class="listen"><strong>Listen for</strong> {{ q.listen_for }}</p>{% endif %}
    </li>
    {% endfor %}
  </ol>
</section>
"""


def _shown(out: Mapping[str, Any], cite: Any) -> dict[str, Any]:
    return {"rows": rows(out, cite), "notes": notes_of(out)}


html = template_html(HTML, "questions", _shown, shown=lambda shown: bool(shown["rows"] or shown["notes"]))
