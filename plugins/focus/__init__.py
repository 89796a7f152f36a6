"""``focus.competencies``: the few competencies to drill into, and the proof for each.

A good salesperson does not walk through the whole catalogue: they find the
two or three things the buyer cares most about and prove those. This step
does the same with the outputs of ``job.analyze`` and ``match.evidence``::

    [steps.focus]
    uses = "focus.competencies"
    with.job = "${steps.job.outputs}"
    with.match = "${steps.match.outputs}"
    with.count = 3

Each requirement that a resume can prove (not an eligibility condition, not
a degree or licence) is a candidate competency, ranked by

    priority = employer weight × evidence strength

- *employer weight*: 2 for a must-have, 1 for a nice-to-have, plus 0.5 when
  it asks for years, plus 0.5 for each of the posting's responsibilities and
  top themes that share a named skill or two words with it (at most 1.5);
- *evidence strength*: the match score of its evidence (0 to 1).

For each of the top ``count`` it cites why it matters (the requirement and
the responsibilities and themes that echo it), the two or three achievements
that prove it, and talking points built only from those cited facts.

Not proof: a school line (a university proves no communication skills), a
line describing a thing rather than what the candidate did ("The application
allows users to …"), and, for a requirement to lead or to prepare people, a
line where the candidate did not ("Collaborated with a team of engineers" is
no proof of managing one). A requirement that is the employer framing the job
("In this role, you will …", "You love …") is no competency. A requirement
left with no proof is skipped: fewer competencies rather than padded ones.
"""

from __future__ import annotations

from prepflow_plugins import outputs_option, section_hook, step_type_hook

CONFIG_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "match"],
    "properties": {
        "job": outputs_option("job.analyze", "job"),
        "match": outputs_option("match.evidence", "match", "requirements"),
        "count": {
            "type": "integer",
            "minimum": 1,
            "default": 3,
            "description": "How many competencies to pick.",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "focus.competencies",
    "3",
    "Pick the few competencies to drill into: employer weight × evidence, with cited proof.",
    consumes={"job.analyze": ["responsibilities", "themes"], "match.evidence": ["requirements"]},
)

register_dossier_sections = section_hook(__name__, "focus", "focus.competencies", "Focus", order=700)
