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
    with.count = 4

How it works, with rules only:

1. **Evidence.** The posting's duties, the sentences of its summary that say
   what "we" are doing or what "you will" do, its must- and nice-to-have
   requirements, its top themes and, when given, the company research
   (initiatives weigh most). Each piece is weighed by where it comes from
   (``[weights]`` in ``ideas.toml``).
2. **Kinds.** Each piece is given the kind of problem its words point to
   (migration, reliability, growth, quality, people, customers, data,
   communication, delivery: ``[kinds.*].keywords``); who it names
   (customers, operations, ...) does not count towards the kind.
3. **Problems.** The kinds with the most weight become problems, each anchored
   on its strongest duty or statement (a kind with several strong duties can
   give two problems), and citing every piece of its evidence.
4. **Ideas.** The kind's phrasing patterns are filled with the posting's own
   objects found in that evidence: the system it names, where it moves to,
   the stakeholders, the number it sets as a target, the people to develop.
   A pattern is used only when every object it names was found.
5. **Proof.** The resume achievement that shares most terms with the problem
   (helped by match.evidence) is the proof; when none shares a named skill or
   two words, the proof is ``null`` and ``proof_note`` says what to bring.
6. **30-60-90.** Learn, plan, execute: one action per problem per phase, from
   the same patterns, plus meeting the stakeholders the posting names.

Every problem, proof and action cites the lines it rests on, with a quote.
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins import step_type_hook

# -- schemas --------------------------------------------------------------------

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job", "resume", "match"],
    "properties": {
        "job": {
            "type": "object",
            "required": ["requirements", "responsibilities"],
            "description": 'The outputs of job.analyze: "${steps.job.outputs}".',
        },
        "resume": {
            "type": "object",
            "required": ["achievements"],
            "description": 'The outputs of resume.analyze: "${steps.resume.outputs}".',
        },
        "match": {
            "type": "object",
            "required": ["requirements"],
            "description": 'The outputs of match.evidence: "${steps.match.outputs}".',
        },
        "research": {
            "type": "object",
            "description": 'Optional: the outputs of company.research: "${steps.research.outputs}".',
        },
        "count": {
            "type": "integer",
            "minimum": 3,
            "maximum": 5,
            "default": 4,
            "description": "How many problems to infer (3 to 5).",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "ideas.problem_solving",
    "4",
    "The employer's likely problems, an idea for each with your proof, and a 30-60-90 plan.",
)
