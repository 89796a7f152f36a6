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
   (``[weights]`` in ``data/ideas.toml``).
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

from prepflow_plugins.prepdata import data_kind

import prepflow

# -- schemas --------------------------------------------------------------------

_CITATION: dict[str, Any] = {
    "type": "object",
    "required": ["file", "start", "end", "quote"],
    "properties": {
        "file": {"type": "string"},
        "start": {"type": "integer", "minimum": 1},
        "end": {"type": "integer", "minimum": 1},
        "page": {"type": "integer", "minimum": 1},
        "quote": {"type": "string", "minLength": 1},
    },
}
_CITES = {"type": "array", "items": _CITATION}
_ACTION = {
    "type": "object",
    "additionalProperties": False,
    "required": ["text", "problem", "cites"],
    "properties": {
        "text": {"type": "string"},
        "problem": {"type": ["string", "null"], "description": "The id of the problem it serves."},
        "cites": _CITES,
    },
}

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

OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["problems", "plan_30_60_90", "notes"],
    "properties": {
        "problems": {
            "type": "array",
            "description": "Problems the employer likely hires to solve, with evidence and an idea.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "kind", "problem", "why", "cites", "idea"],
                "properties": {
                    "id": {"type": "string"},
                    "kind": {"type": "string", "description": "The kind of problem (data/ideas.toml)."},
                    "problem": {"type": "string"},
                    "why": {"type": "string", "description": "The evidence, in words."},
                    "cites": {**_CITES, "minItems": 1},
                    "idea": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["approach", "first_steps", "measure", "risks", "proof", "proof_note"],
                        "properties": {
                            "approach": {"type": "string"},
                            "first_steps": {"type": "array", "items": {"type": "string"}},
                            "measure": {"type": "array", "items": {"type": "string"}},
                            "risks": {"type": "array", "items": {"type": "string"}},
                            "proof": {
                                "type": ["object", "null"],
                                "additionalProperties": False,
                                "required": ["text", "role", "because", "cites"],
                                "properties": {
                                    "text": {"type": "string"},
                                    "role": {"type": ["string", "null"]},
                                    "because": {
                                        "type": "string",
                                        "description": "What it shares with the problem.",
                                    },
                                    "cites": {**_CITES, "minItems": 1},
                                },
                            },
                            "proof_note": {
                                "type": ["string", "null"],
                                "description": "Why there is no proof, and what to bring instead.",
                            },
                        },
                    },
                },
            },
        },
        "plan_30_60_90": {
            "type": "array",
            "description": "Learn (30 days), plan (60), execute (90): actions specific to this role.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["days", "phase", "goal", "actions"],
                "properties": {
                    "days": {"enum": [30, 60, 90]},
                    "phase": {"enum": ["learn", "plan", "execute"]},
                    "goal": {"type": "string"},
                    "actions": {"type": "array", "items": _ACTION},
                },
            },
        },
        "notes": {"type": "array", "items": {"type": "string"}, "description": "What the step could not do."},
    },
}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    from prepflow_plugins.prep import ideas  # the rules: imported only when the step runs

    return ideas.run(ctx)


@prepflow.hookimpl
def register_step_types(register):
    register(
        prepflow.StepType(
            name="ideas.problem_solving",
            run=run,
            summary="The employer's likely problems, an idea for each with your proof, and a 30-60-90 plan.",
            version="4",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            description=__doc__ or "",
        )
    )


@prepflow.hookimpl
def register_data_kinds(register: Any) -> None:
    register(
        data_kind(
            "ideas", "The problems an employer hires to solve, by kind, and the 30-60-90 plan's phases."
        )
    )
