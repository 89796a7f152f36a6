"""The ideas.problem_solving section of the Markdown and HTML dossiers (``ideas.problem_solving``).

Registered through ``register_dossier_sections``, like any plugin's section:
:func:`rows` reads the step's outputs defensively (the cheat sheet reads them
too), :func:`markdown` and :func:`html` lay them out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from prepflow_plugins.dossier.markup import template_html
from prepflow_plugins.dossier.view import items, mapping, maps, notes_of, text_of

import prepflow


def rows(out: Mapping[str, Any], cite: Any) -> dict[str, Any]:
    problems = []
    for n, p in enumerate(maps(out.get("problems")), start=1):
        idea = mapping(p.get("idea"))
        proof = idea.get("proof") if isinstance(idea.get("proof"), Mapping) else None
        problems.append(
            {
                "n": n,
                "id": text_of(p.get("id")),
                "problem": text_of(p.get("problem")) or text_of(p),
                "why": text_of(p.get("why")),
                "cites": cite(p.get("cites")),
                "approach": text_of(idea.get("approach")),
                "first_steps": [text_of(s) for s in items(idea.get("first_steps")) if text_of(s)],
                "measure": [text_of(s) for s in items(idea.get("measure")) if text_of(s)],
                "risks": [text_of(s) for s in items(idea.get("risks")) if text_of(s)],
                "proof": (
                    {
                        "text": text_of(proof),
                        "role": text_of(proof.get("role")),
                        "because": text_of(proof.get("because")),
                        "cites": cite(proof),
                    }
                    if proof and text_of(proof)
                    else None
                ),
                "proof_note": text_of(idea.get("proof_note")),
            }
        )
    phases = []
    for phase in maps(out.get("plan_30_60_90")):
        actions = [{"text": text_of(a), "cites": cite(a)} for a in items(phase.get("actions"))]
        days = phase.get("days")
        phases.append(
            {
                "days": text_of(days),
                "phase": text_of(phase.get("phase")),
                "goal": text_of(phase.get("goal")),
                "actions": [a for a in actions if a["text"]],
            }
        )
    return {"problems": problems, "plan": phases, "notes": notes_of(out)}


def markdown(outputs: Mapping[str, Any], ctx: prepflow.SectionContext) -> str:
    data = rows(outputs, ctx.cite)
    ideas = data
    if not ideas["problems"] and not ideas["plan"] and not ideas["notes"]:
        return ""
    out = ["## Problem-solving ideas", ""]
    out += [line for note in ideas["notes"] for line in (f"*{ctx.escape(note)}*", "")]
    for p in ideas["problems"]:
        out += [f"### {p['n']}. {ctx.escape(p['problem'])}", ""]
        if p["why"] or p["cites"]:
            out += [f"Why we think so: {ctx.escape(p['why'])}{ctx.refs(p['cites'])}", ""]
        for label, value in (("Approach", p["approach"]),):
            if value:
                out.append(f"- **{label}:** {ctx.escape(value)}")
        for label, key in (("First steps", "first_steps"), ("Measure", "measure"), ("Risks", "risks")):
            if p[key]:  # full sentences: one sub-item each, not run together with "; "
                out.append(f"- **{label}:**")
                out += [f"  - {ctx.escape(s)}" for s in p[key]]
        if p["proof"]:
            role = f" ({ctx.escape(p['proof']['role'])})" if p["proof"]["role"] else ""
            out.append(
                f"- **Proof you can:** {ctx.escape(p['proof']['text'])}{role}{ctx.refs(p['proof']['cites'])}"
            )
        else:
            note = p["proof_note"] or "none in the resume yet; say how you would learn it"
            out.append(f"- **Proof you can:** {ctx.escape(note)}")
        out.append("")
    if ideas["plan"]:
        out += ["### 30-60-90 day plan", ""]
        for phase in ideas["plan"]:
            goal = f": {ctx.escape(phase['goal'])}" if phase["goal"] else ""
            out.append(f"**{ctx.escape(phase['days'])} days, {ctx.escape(phase['phase'])}**{goal}")
            out.append("")
            out += [f"- {ctx.escape(a['text'])}{ctx.refs(a['cites'])}" for a in phase["actions"]]
            out.append("")
    return "\n".join(out)


HTML = """\
<section id="{{ anchor }}" aria-labelledby="{{ anchor }}-h">
  <h2 id="{{ anchor }}-h">Problem-solving ideas</h2>
  {% for note in ideas.notes %}<p class="section-note">{{ note }}</p>{% endfor %}
  {% for p in ideas.problems %}
  <article class="idea">
    <h3><span class="num">{{ p.n }}</span> {{ p.problem }}</h3>
    {% if p.why or p.cites %}<p class="muted">{{ p.why }}{{ cites(p.cites) }}</p>{% endif %}
    <dl class="grid-dl">
      {% if p.approach %}<dt>Approach</dt><dd>{{ p.approach }}</dd>{% endif %}
      {% if p.first_steps %}<dt>First steps</dt><dd><ul class="plain dash">{% for s in p.first_steps %}<li>{{ s }}</li>{% endfor %}</ul></dd>{% endif %}
      {% if p.measure %}<dt>Measure</dt><dd>{{ p.measure|join('; ') }}</dd>{% endif %}
      {% if p.risks %}<dt>Risks</dt><dd>{{ p.risks|join('; ') }}</dd>{% endif %}
      <dt>Proof you can</dt>
      {% if p.proof %}<dd class="proofline">{{ p.proof.text }}{% if p.proof.role %} <span class="muted">({{ p.proof.role }})</span>{% endif %}{{ cites(p.proof.cites) }}{% if p.proof.because %}<br><span class="muted small">{{ p.proof.because }}</span>{% endif %}</dd>
      {% else %}<dd class="missing">{{ p.proof_note or 'Nothing in the resume yet: say how you would learn it.' }}</dd>{% endif %}
    </dl>
  </article>
  {% endfor %}
  {% if ideas.plan %}
  <h3>Your first 90 days</h3>
  <div class="plan">
    {% for phase in ideas.plan %}
    <div class="phase-col">
      <p class="phase-h"><span class="days">{{ phase.days }}</span> days · {{ phase.phase }}</p>
      {% if phase.goal %}<p class="goal">{{ phase.goal }}</p>{% endif %}
      <ul class="plain dash">{% for a in phase.actions %}<li>{{ a.text }}{{ cites(a.cites) }}</li>{% endfor %}</ul>
    </div>
    {% endfor %}
  </div>
  {% endif %}
</section>
"""


html = template_html(
    HTML, "ideas", rows, shown=lambda ideas: bool(ideas["problems"] or ideas["plan"] or ideas["notes"])
)
