"""``posture.check``: does this prep make you a passive or a proactive interviewee?

Most candidates sit back and wait to be questioned. This step reads what the
rest of the plan prepared and scores five habits, each from passive to
proactive:

1. **agenda**: letting them control it, or bringing your own questions
   (``questions.draft``), with a closing question that invites objections;
2. **energy**: sitting back, or showing work samples and numbers
   (``ideas.problem_solving``, ``stories.bank``, ``focus.competencies``);
3. **ideas**: waiting to be hired, or bringing ideas for their problems and a
   30-60-90 day plan (``ideas.problem_solving``);
4. **focus**: covering everything, or drilling into a few competencies
   (``focus.competencies``);
5. **objections**: hoping weaknesses don't come up, or welcoming objections
   with answers ready (``objections.rehearse``, and the closing question).

::

    [steps.posture]
    uses = "posture.check"
    with.questions = "${steps.questions.outputs}"
    with.ideas = "${steps.ideas.outputs}"
    with.objections = "${steps.objections.outputs}"
    with.focus = "${steps.focus.outputs}"
    with.stories = "${steps.stories.outputs}"
    with.answers.agenda = "I usually wait for their questions"

Every input is optional: what the plan lacks scores low and says which step
to add. The optional ``answers`` table holds the candidate's own habits per
dimension; an answer counts alongside the plan (the dimension's score is the
mean of the two). Each dimension's advice names items of this dossier ("bring
idea #2 (...) as a work sample"); the top three, weakest dimension first, are
``advice``. The wording lives in ``posture.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

DIMENSIONS = ("agenda", "energy", "ideas", "focus", "objections")

CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **{
            name: {
                "type": "object",
                "description": f'The outputs of the {step} step: "${{steps.{name}.outputs}}".',
            }
            for name, step in (
                ("questions", "questions.draft"),
                ("ideas", "ideas.problem_solving"),
                ("objections", "objections.rehearse"),
                ("focus", "focus.competencies"),
                ("stories", "stories.bank"),
                ("research", "company.research"),
            )
        },
        "answers": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                name: {"type": "string", "description": f"Your own habit for {name}, in your words."}
                for name in DIMENSIONS
            },
            "description": 'Your own habits, per dimension: answers.agenda = "I wait for their questions".',
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "posture.check",
    "2",
    "How proactive the prep makes you on five habits, with advice tied to this dossier.",
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "posture",
            "The five habits of a proactive candidate, with what was found and the advice.",
            "posture",
        )
    )


register_dossier_sections = section_hook(__name__, "posture", "posture.check", "Posture", order=800)
