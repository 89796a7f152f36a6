"""``stories.bank``: STAR stories built from the resume, each tied to what the employer needs.

"Tell me about a time when ..." is where a candidate either proves a need of
the employer or tells a war story that connects to nothing. This step prepares
up to 8 stories (5 or more when the resume has them), picked for what they prove::

    [steps.stories]
    uses = "stories.bank"
    with.resume = "${steps.resume.outputs}"
    with.job = "${steps.job.outputs}"
    with.match = "${steps.match.outputs}"    # optional, recommended
    with.focus = "${steps.focus.outputs}"    # optional

1. **Connect.** Each achievement of the resume is scored by what it proves:
   the requirements match.evidence found it for (must-haves count twice),
   the competencies focus.competencies chose it as proof for, and the duties
   and top themes of the posting it shares a named skill or two words with.
   A number in it helps. Stories are then picked greedily so that they prove
   different things: a requirement already proved counts half the next time.
   Achievements that connect to nothing are left out, even when fewer than
   five connect: a story that proves nothing they ask for is not padded in,
   and a note says how many were left out.
2. **Split.** The achievement's own words are split into action and result
   (", cutting p95 latency by 60%", "Cut on-call pages by 45% by adding ...",
   a later sentence with a result word) and a purpose clause ("to meet
   attendee demand") becomes the task. The situation is the role, the
   organisation and the dates, as the resume gives them.
3. **Blanks.** Whatever the resume does not say stays a visible blank
   (``[fill in: ...]``, from ``star.toml``) and is listed in ``missing``,
   as is a result with no number. Nothing is invented.

Every story cites the achievement (and the role header it comes from), and
every requirement it proves cites the posting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prepflow_plugins import outputs_option, section_hook, step_type_hook
from prepflow_plugins.datakinds import data_kind

import prepflow

MIN_STORIES, MAX_STORIES = 5, 8


CONFIG_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["resume", "job"],
    "properties": {
        "resume": outputs_option("resume.analyze", "resume", "achievements"),
        "job": outputs_option("job.analyze", "job", "requirements"),
        "match": {
            "type": "object",
            "required": ["requirements"],
            "description": 'Optional: the outputs of match.evidence: "${steps.match.outputs}".',
        },
        "focus": {
            "type": "object",
            "required": ["competencies"],
            "description": 'Optional: the outputs of focus.competencies: "${steps.focus.outputs}".',
        },
    },
}

register_step_types = step_type_hook(
    __name__,
    "stories.bank",
    "2",
    "5-8 STAR stories from your resume, each mapped to the needs it proves, blanks to fill.",
    consumes={"resume.analyze": ["roles", "achievements"], "job.analyze": ["responsibilities", "themes"]},
)


@prepflow.hookimpl
def register_data_kinds(register: Callable[[prepflow.DataKind], None]) -> None:
    register(
        data_kind(
            "star",
            "The blanks and prompts of a STAR story, and the interview topics stories answer.",
            "stories",
        )
    )


register_dossier_sections = section_hook(__name__, "stories", "stories.bank", "Stories", order=500)
