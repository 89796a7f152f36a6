"""Whether a line shows the candidate leading or teaching people, for steps that weigh proof.

A requirement to lead people ("managing small teams of engineers", "Leading cross-functional
teams") is proved only by a line where the candidate led some ("Led a team of junior developers"):
working in a team, or improving something a team uses, is no proof of leading one. A requirement to
prepare or teach others ("Prepare application developers … for technical assessments") is proved
only by a line where the candidate did: the people it names are its audience, so a line sharing
them ("Created services for application developers") proves nothing. focus, stories and objections
all judge proof this way.
"""

from __future__ import annotations

import re

from prepflow_plugins.text.regexstore import compile as re_compile

_PEOPLE = (
    r"(?:teams?|staff|engineers|developers|designers|analysts|people|employees|workers|crews?"
    r"|volunteers|reports)\b"
)
_LEAD_ASKED = re_compile(
    r"\b(?:lead|leads|leading|leader|leadership|manage|manages|managing|management of"
    r"|supervis\w*|mentor\w*)\b(?:\W+[\w-]+){0,4}?\W+" + _PEOPLE,
    re.I,
)
_LED = re_compile(
    r"\b(?:led|leading|lead|managed|managing|supervised|supervising|mentored|mentoring|coached|coaching"
    r"|directed|headed|hired|trained|oversaw|overseeing|built and ran)\b",
    re.I,
)
_LED_PEOPLE = re_compile(
    r"\b(?:led|leading|lead|managed|managing|supervised|supervising|mentored|mentoring|coached|directed)\b"
    r"(?:\W+[\w-]+){0,4}?\W+" + _PEOPLE,
    re.I,
)
_TEACH_ASKED = re_compile(r"^\W*(?:prepare|train|teach|coach|educate|equip|upskill|onboard)\b", re.I)
_TAUGHT = re_compile(
    r"\b(?:prepared|trained|training|taught|teaching|coached|coaching|mentored|mentoring|educated"
    r"|onboarded|onboarding|workshops?|courses?|curricul\w*|guides?|tutorials?|lessons?)\b",
    re.I,
)


def leads_people(text: str) -> bool:
    """Whether a line shows the candidate leading people ("Led a team of junior developers")."""
    return bool(_LED_PEOPLE.search(text))


def led_as_asked(requirement: str, text: str) -> bool:
    """A requirement to lead people and a line where the candidate led some: proof, whatever the
    words they share ("Led a team of junior developers" for "managing small teams of engineers")."""
    return bool(_LEAD_ASKED.search(requirement)) and leads_people(text)


def proves_leading(requirement: str, text: str) -> bool:
    """False when the requirement asks for leading people, or preparing them, and the line shows none."""
    if _TEACH_ASKED.search(requirement) and not _TAUGHT.search(text):
        return False
    return not _LEAD_ASKED.search(requirement) or bool(_LED.search(text))
