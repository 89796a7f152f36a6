"""``questions.draft``: the questions to ask the interviewer, in interview order.

A good salesperson asks more than they tell, and asks the questions that get
the buyer to describe what they want. This step drafts 8 to 15 such questions
from the job analysis and, when given, the company research, the competencies
to focus on and the match::

    [steps.questions]
    uses = "questions.draft"
    with.job = "${steps.job.outputs}"
    with.research = "${steps.research.outputs}"
    with.focus = "${steps.focus.outputs}"
    with.match = "${steps.match.outputs}"
    with.count = 12

Each question fills one template of ``data/questions.toml`` with one specific
item of the dossier — a hot-button theme, a responsibility, a requirement or a
research item — said back to the interviewer ("You mention moving the legacy
PHP dispatch system onto Python services on Kubernetes. ..."), and cites where
that item came from. One question per category, in the order of the data file
(ideal hire, first 90 days, challenges, measurement, team, culture, decision),
then extra questions by ``extra_order`` up to ``count``, and always a closing
question that invites objections, citing the candidate's must-have gaps when
the match is given. An item and a template are used once, and a question whose
words overlap another's by ``DUPLICATE`` or more (Jaccard, on word stems) is
not asked.

Each question says what to listen for in the answer: the buying signals.
"""

from __future__ import annotations

from typing import Any

from prepflow_plugins.prepdata import data_kind

import prepflow

MIN_COUNT, MAX_COUNT, DEFAULT_COUNT = 8, 15, 12

CITATION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["file", "start", "end", "quote"],
    "properties": {
        "file": {"type": "string"},
        "start": {"type": "integer", "minimum": 1},
        "end": {"type": "integer", "minimum": 1},
        "page": {"type": "integer", "minimum": 1},
        "quote": {"type": "string", "minLength": 1},
    },
}

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job"],
    "properties": {
        "job": {
            "type": "object",
            "required": ["responsibilities"],
            "description": 'The outputs of job.analyze: "${steps.job.outputs}".',
        },
        "research": {"type": "object", "description": "The outputs of company.research (optional)."},
        "focus": {"type": "object", "description": "The outputs of focus.competencies (optional)."},
        "match": {
            "type": "object",
            "description": "The outputs of match.evidence (optional): the closing question cites the gaps.",
        },
        "count": {
            "type": "integer",
            "minimum": MIN_COUNT,
            "maximum": MAX_COUNT,
            "default": DEFAULT_COUNT,
            "description": "How many questions (8 to 15), the closing one included.",
        },
    },
}

OUTPUT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["questions"],
    "properties": {
        "questions": {
            "type": "array",
            "minItems": MIN_COUNT,
            "maxItems": MAX_COUNT,
            "description": "Questions to ask, in interview order, each grounded in a cited item.",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "order", "category", "text", "listen_for", "grounded_in", "cites"],
                "properties": {
                    "id": {"type": "string"},
                    "order": {"type": "integer", "minimum": 1},
                    "category": {"type": "string"},
                    "text": {"type": "string"},
                    "listen_for": {"type": "string", "description": "The buying signals to listen for."},
                    "grounded_in": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["kind", "text"],
                        "properties": {
                            "kind": {
                                "enum": ["theme", "responsibility", "requirement", "research", "closing"]
                            },
                            "text": {"type": "string"},
                        },
                    },
                    "cites": {"type": "array", "items": CITATION_SCHEMA},
                },
            },
        },
    },
}


def run(ctx: prepflow.StepContext) -> dict[str, Any]:
    from prepflow_plugins.prep import questions  # the rules: imported only when the step runs

    return questions.run(ctx)


@prepflow.hookimpl
def register_step_types(register: Any) -> None:
    register(
        prepflow.StepType(
            name="questions.draft",
            run=run,
            summary="Draft 8-15 grounded questions to ask, in interview order, with what to listen for.",
            version="2",
            config_schema=CONFIG_SCHEMA,
            output_schema=OUTPUT_SCHEMA,
            description=__doc__ or "",
        )
    )


@prepflow.hookimpl
def register_data_kinds(register: Any) -> None:
    register(
        data_kind(
            "questions", "The question bank: categories in interview order, intros and question templates."
        )
    )
