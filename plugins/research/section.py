"""The company.research section of the Markdown and HTML dossiers (``company.research``).

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


def rows(out: Mapping[str, Any], cite: Any) -> dict[str, Any]:
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


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs, ctx.cite)
    r = data
    if not r:
        return ""
    out = ["## Company research", ""]
    for key, title in (("mission", "Mission"), ("values", "Values"), ("products", "Products and services")):
        if r.get(key):
            out += [f"### {title}", ""]
            out += [f"- {ctx.escape(i['text'])}{ctx.refs(i['cites'])}" for i in r[key]]
            out.append("")
    if r.get("initiatives"):
        out += ["### Recent initiatives and news", ""]
        out += table(
            ["When", "What", "Source"],
            [
                [ctx.escape(i["date"]), ctx.escape(i["text"]), ctx.refs(i["cites"]).strip()]
                for i in r["initiatives"]
            ],
        )
    if r.get("culture"):
        out += ["### Culture signals", ""]
        out += [f"- {ctx.escape(i['text'])}{ctx.refs(i['cites'])}" for i in r["culture"]]
        out.append("")
    if r.get("themes"):
        out += ["### Their hot buttons", ""]
        out += table(
            ["Theme", "Weight", "Sources", "Cited"],
            [
                [ctx.escape(t["phrase"]), f"{t['weight']:g}", str(t["sources"]), ctx.refs(t["cites"]).strip()]
                for t in r["themes"]
            ],
        )
    if r.get("homework"):
        out += ["### Homework: what the material does not say", ""]
        for h in r["homework"]:
            why = f" — {ctx.escape(h['why'])}" if h["why"] else ""
            out.append(f"- [ ] {ctx.escape(h['question'])}{why}")
        out.append("")
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Company research</h2>
  <div class="three">
    {% for key, label in [('mission', 'Mission'), ('values', 'Values'), ('products', 'Products and services')] %}
    {% if r[key] %}
    <div>
      <h3>{{ label }}</h3>
      <ul class="plain">{% for i in r[key] %}<li>{{ i.text }}{{ cites(i.cites) }}</li>{% endfor %}</ul>
    </div>
    {% endif %}
    {% endfor %}
  </div>
  {% if r.initiatives %}
  <h3>Recent initiatives and news</h3>
  <ol class="news">
    {% for i in r.initiatives %}<li><span class="date">{{ i.date or 'undated' }}</span><span>{{ i.text }}{{ cites(i.cites) }}</span></li>{% endfor %}
  </ol>
  {% endif %}
  {% if r.culture %}
  <h3>Culture signals</h3>
  <ul class="plain ticks">{% for i in r.culture %}<li>{{ i.text }}{{ cites(i.cites) }}</li>{% endfor %}</ul>
  {% endif %}
  {% if r.homework %}
  <h3>Homework: what the material does not say</h3>
  <ul class="plain homework">
    {% for h in r.homework %}<li><span class="box" aria-hidden="true"></span><span><strong>{{ h.question }}</strong>{% if h.why %} <span class="muted">{{ h.why }}</span>{% endif %}</span></li>{% endfor %}
  </ul>
  {% endif %}
</section>
"""


html = template_html(HTML, "r", rows)
