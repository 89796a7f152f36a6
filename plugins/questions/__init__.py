"""``questions.draft``: the questions to ask the interviewer, in interview order.

A good salesperson asks more than they tell, and asks the questions that get
the buyer to describe what they want. This step drafts up to ``count`` such questions
from the job analysis and, when given, the company research, the competencies
to focus on and the match::

    [steps.questions]
    uses = "questions.draft"
    with.job = "${steps.job.outputs}"
    with.research = "${steps.research.outputs}"
    with.focus = "${steps.focus.outputs}"
    with.match = "${steps.match.outputs}"
    with.count = 12

Each question fills one template of ``questions.toml`` with one specific
item of the dossier (a duty the role owns, a hot-button theme the company's own
pages repeat, or a research item; a pack's templates may also ground a question
in a skill the posting asks for), quoted to the interviewer inside a frame that is grammatical whatever the
quote is ("The job description lists “Move the legacy PHP dispatch system onto
Python services on Kubernetes”. ..."), and cites where that item came from. A
template is used only on an item it fits: a 90-day deliverable is asked about a
project the posting names, not a routine task; a measure about a duty that names
a result (``prefer`` with ``require_prefer``). Duties about attitudes or culture,
help with someone else's work, carrying or wearing things, eligibility
conditions, degrees, preferences, years of experience, physical conditions and
lines with a slip in them ground no question; nor do words only the posting
repeats (its title and conditions as often as its priorities). One question per
category, in the order of the data file (ideal hire, first 90 days, challenges,
measurement, team, culture, decision); when nothing the material says fits a
category, its question is asked about the role itself, citing its title ("Six
months from now, how will you know you hired the right person for this role?").
Then extra questions by ``extra_order`` up to ``count``, and always a closing
question that invites objections, citing the candidate's must-have gaps when the
match is given. A pack's template that fits is asked before prepflow's own in its
category. An item and a template are used once, and a question whose words
overlap another's by ``DUPLICATE`` or more (Jaccard, on word stems) is not asked.
Fewer grounded questions beat padding: when the material supports no question of
a category, none is drafted and ``notes`` says so plainly ("The material shows no
real example of how the team works: ask for a recent one.").

Each question says what to listen for in the answer: the buying signals.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

MIN_COUNT, MAX_COUNT, DEFAULT_COUNT = 3, 15, 12


CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["job"],
    "properties": {
        "job": outputs_option("job.analyze", "job", "responsibilities"),
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
            "description": "At most how many questions (3 to 15), the closing one included.",
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "questions.draft",
    "3",
    "Draft up to 15 grounded questions to ask, in interview order, with what to listen for.",
    consumes={"job.analyze": ["source", "role", "requirements", "responsibilities", "themes"]},
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "questions",
            "The question bank: categories in interview order, intros and question templates.",
            "questions",
        )
    )


register_dossier_sections = section_hook(__name__, "questions", "questions.draft", "Questions", order=200)
