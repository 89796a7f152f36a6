"""``ideas.problem_solving``: the employer's likely problems, an idea for each, and a 30-60-90 day plan.

A good salesperson does not only answer questions: they arrive with ideas for
the buyer's problems. This step infers the problems the employer is hiring
someone to solve and outlines an idea for each, with the candidate's own
achievement as proof that they can do it::

    [steps.ideas]
    uses = "ideas.problem_solving"
    with.job = "${steps.job.outputs}"
    with.resume = "${steps.resume.outputs}"
    with.match = "${steps.match.outputs}"
    with.research = "${steps.research.outputs}"   # optional
    with.count = 3

How it works, with rules only:

1. **Anchors.** A problem rests on one duty the posting gives the role
   (job.analyze's responsibilities), and only on a duty the role owns: a line
   that opens with a verb ("Migrate ...", "You'll coach ..."), not one about the
   employer, the candidate's attitudes, culture or boilerplate
   (``not_problems`` in ``ideas.toml``). Duties are ranked by how much the
   posting repeats their words (requirements, its headings, other duties) and
   how early they come.
2. **Kinds.** Each anchor is given the kind of work its first clause names first
   after its verb: its object ("Keep accurate records of all repairs" is about
   records, not repairs; a kind named only in a side remark, "… on questions related
   to compliance", does not count). Kinds of specific work come first (maintenance
   and repair, records, front-line calls and enquiries, orders and shipping, stock,
   training, security, lab testing, accessibility, code review), then broader ones
   (migration, reliability, growth, audits and compliance, people, customers, data,
   communication, delivery, day-to-day operations): ``[kinds.*].keywords``. A kind
   holds only when the duty names what its ideas are built on (``needs_any``): a
   communication idea its audience or the deliverable that is the verb's own object
   ("Run workshops with agency teams"), a people idea the people it develops, a
   customer idea the people or service it serves, a data idea its system, its users
   or the metrics it keeps; otherwise the next kind the duty names is tried, then the
   general kind. The strongest ``count`` duties (3 by default) give at most ``count``
   problems; a second duty that would get the same idea is left out, and fewer owned
   duties give fewer problems, with a note saying so: abstaining beats padding.
   Helping with someone else's work ("Assist the plumber …"), keeping up one's own
   knowledge, wearing protective gear and lines with a slip in them ("support for
   with staff") anchor no problem.
3. **Support.** The summary sentences, requirements and company research that
   share at least two terms with the anchor support it and are cited with it.
4. **Ideas.** The kind's phrasing patterns quote the duty ("The duty “…” is
   there so that ...") and name only the objects the duty itself names: the
   system after "the"/"our" (never a phrase with a verb in it), where it moves
   to, the people and users it names, the number it sets as a target. A pattern
   is used only when every object it names was found; the posting's words are
   quoted, never rewritten. A deadline or volume the duty names, and a whole
   supporting line that gives a volume or a deadline for it, each add a first
   step that quotes them. A duty of the general kind (no kind's keywords) that
   names no target, deadline or volume gets no idea, only a note saying what to
   ask in the interview instead: whom it serves is not enough to be specific.
5. **Proof.** The resume achievement that shares a concept or a named thing
   with the problem, or does its kind of work (helped by match.evidence), is the
   proof; otherwise the proof is ``null`` and ``proof_note`` says what to bring.
6. **30-60-90.** Learn, plan, execute: one action per problem per phase, from
   the same patterns, plus meeting the people the owned duties name, and listening
   to the people a service is for when an idea is about them.

Every problem, proof and action cites the lines it rests on, with a quote.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

# -- schemas --------------------------------------------------------------------

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "resume", "match"],
    "properties": {
        "job": outputs_option("job.analyze", "job", "requirements", "responsibilities"),
        "resume": outputs_option("resume.analyze", "resume", "achievements"),
        "match": outputs_option("match.evidence", "match", "requirements"),
        "research": {
            "type": "object",
            "description": 'Optional: the outputs of company.research: "${steps.research.outputs}".',
        },
        "count": {
            "type": "integer",
            "minimum": 3,
            "maximum": 5,
            "default": 3,
            "description": "At most how many problems (3 to 5); fewer when the posting has fewer duties.",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "ideas.problem_solving",
    "5",
    "The employer's likely problems, an idea for each with your proof, and a 30-60-90 plan.",
    consumes={
        "job.analyze": ["sections", "summary", "requirements", "responsibilities"],
        "resume.analyze": ["roles", "achievements"],
        "match.evidence": ["requirements"],
    },
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "ideas",
            "The problems an employer hires to solve, by kind, and the 30-60-90 plan's phases.",
            "ideas",
        )
    )


register_dossier_sections = section_hook(__name__, "ideas", "ideas.problem_solving", "Ideas", order=300)
