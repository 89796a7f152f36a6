"""``objections.rehearse``: the objections an interviewer is likely to raise, and answers ready for them.

A good salesperson welcomes objections, because an objection said out loud
can be answered, and one left unsaid quietly loses the sale. This step finds
the weak spots an interviewer will see in *this* resume for *this* posting::

    [steps.objections]
    uses = "objections.rehearse"
    with.job = "${steps.job.outputs}"
    with.resume = "${steps.resume.outputs}"
    with.match = "${steps.match.outputs}"
    with.max = 8

Objections come from three places:

- **the match**: a must-have with no evidence (``missing_must``), with partial
  evidence (``partial_must``), fewer years than asked (``years_short``), a
  must-have trait the resume cannot show (``trait_gap``), a degree asked for and
  not shown (``degree``). Only scored must-haves count: a preferred qualification
  is not a gap to apologise for, an eligibility condition is confirmed, and a
  frame ("one year of specialized experience equivalent to GS-14") is judged by
  the list that follows it. The requirement is quoted exactly, in sentences that
  stay grammatical whatever its words are, and only evidence match.evidence found
  is offered; a partial must-have with none that shares a skill or two words is left
  out, and so is one of a candidate with eight years or more. Never rehearsed: a
  list's lead-in or a line cut mid-phrase, a school-leaving diploma, a commitment to
  the employer's policies, a degree when the resume names where they studied, an
  alternative of a requirement already objected to ("two years of X" beside "one
  year of X"), "experience managing a team" for a manager's or director's title. A
  way of working ("Excellent communication skills") becomes a request for a story
  (``trait_gap``), not a confession. At most three missing must-haves, two partial
  ones, one trait and one degree are kept, so a change of field or the level
  (a founder for a junior post) is not crowded out;
- **the resume's signals**: a gap between jobs of more than six months, stays
  under a year (not internships), a change of function or industry (between the
  latest role and the posting, or within the resume unless five years of work
  have followed it), over- or under-qualification against the posting's
  seniority (eight years of work on a junior posting read as over-qualified
  whatever the title; under three years, no title does);
- **a standard set** asked in nearly every interview: the weakness question,
  "why are you leaving", salary expectations. These three are always kept. The
  weakness answer names a real weakness that is not central to the job, and
  warns off volunteering the must-have the resume lacks: it is never a
  requirement of the posting, a way of working or a preferred item. The
  salary answer works from the posting's pay: a range to sit in, one figure
  to accept or argue, its own line quoted when the pay read is implausible
  ("$150,000 a week"), or, when it states no pay, asking their budget first.

Each objection gets a risk score (0 to 1) whose ``basis`` shows how it was
reached, the interviewer's likely phrasing naming the real requirement or
dates, why it is likely here, the posting and resume lines that make it likely
(``cites``), an answer outline (acknowledge → reframe → evidence → bridge)
filled with the candidate's own achievements, and a practice prompt. Where
the resume has no achievement to offer, the answer says so rather than
inventing one. Objections are ordered by risk, highest first; ties keep the
order above.

The wording lives in ``objections.toml`` (the objection library) and
``frameworks.toml`` (the answer framework), so packs can extend it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

STANDARD = ("weakness", "why_leaving", "salary")

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "resume", "match"],
    "properties": {
        "job": outputs_option("job.analyze", "job", "requirements"),
        "resume": outputs_option("resume.analyze", "resume", "achievements"),
        "match": outputs_option("match.evidence", "match", "requirements"),
        "max": {
            "type": "integer",
            "minimum": len(STANDARD),
            "default": 8,
            "description": "How many objections at most; the three standard ones are always kept.",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "objections.rehearse",
    "6",
    "Likely objections to this resume for this posting, by risk, with cited answer outlines.",
    consumes={
        "job.analyze": ["role", "company", "seniority", "pay", "requirements", "responsibilities", "themes"],
        "resume.analyze": ["roles", "achievements", "signals"],
        "match.evidence": ["requirements", "coverage"],
    },
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "objections",
            "The objection library: each kind of objection, its risk, phrasing and answer.",
            "objections",
        )
    )
    register(
        data_kind(
            "frameworks",
            "How an answer to an objection is built, step by step.",
            "objections",
        )
    )


register_dossier_sections = section_hook(
    __name__, "objections", "objections.rehearse", "Objections", order=400
)
