"""Conditions of employment a resume cannot show (citizenship, a typing test, owning a laptop):
reported to confirm, once per concern, never scored."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.match.scale import NOT_SCORED_KINDS
from prepflow_plugins.text.regexstore import compile as re_compile

#: Conditions of employment a resume cannot show: confirmed, never scored or rehearsed.
_CONDITION = re_compile(
    r"\b(?:citizen(?:ship)?s?|(?:U\.?\s?S\.?|United States|citizens?(?: or| and|,)) nationals?|"
    r"background (?:investigation|check)s?|security clearance|"
    r"clearance|drug (?:test|screen)\w*|authori[sz]ed to work|work authori[sz]ation|visa sponsorship|"
    r"(?:words|key ?strokes) per minute|typing test|type at (?:a minimum of |least )?\d+|"
    r"(?:at least|must be) (?:18|eighteen|21|twenty-one)(?: years)?(?: of age| years old)|"
    r"lift (?:up to |at least )?\d+\s?(?:lbs?|pounds|kg)|"
    r"\b(?:stand|standing|walk|walking|sit|sitting)\b[^.]{0,40}\b(?:for|up to|at least)\b"
    r"[^.]{0,30}\bhours?\b|"
    r"(?:own|have|provide) (?:a |your own )?(?:reliable )?(?:laptop|computer|vehicle|transportation|"
    r"internet)|willing(?:ness)? to (?:travel|relocate|work (?:nights|weekends|shifts|overtime))|"
    r"selective service|residency|(?:must|required to) (?:be a |become a )?residents? of|"
    r"(?:current|former) (?:\w+ )?employees?\b[^.]*\b(?:not|ineligible)|"
    r"must not be (?:a )?(?:current )?\w+ employees?|not (?:be )?(?:a )?\w+ employees? or contractors?|"
    # the time and place of the work: hours a week, attendance, where remote work is done
    r"(?:up to |at least |a minimum of |no more than )?\d+(?:\s?[-–]\s?\d+)?\+? hours? (?:per|a|each|every) "
    r"(?:week|month)|\bhalf-time\b|(?:regular|punctual|reliable|consistent) attendance|"
    r"attendance (?:of|at) (?:\w+ ){0,3}(?:meetings|telecons|calls|sessions)|"
    r"must be (?:performed|done|carried out) (?:from |in |within )|"
    r"(?:must|required to) (?:live|reside|be located|be based) (?:in|within)|"
    r"report(?:ing)? to (?:the |a )?(?:\w+ ){0,3}work location|"
    # physical demands and working conditions: "Frequent sitting, standing, walking, bending, reaching",
    # "Able to work in high heat and humidity or cold and dry conditions"
    r"\b(?:sitting|standing|walking|bending|reaching|kneeling|squatting|stooping|climbing|crouching|"
    r"twisting|kneel|squat|stoop|crouch)\b[^.;]{0,30}\b(?:sitting|standing|walking|bending|reaching|"
    r"kneeling|squatting|stooping|climbing|crouching|twisting|kneel|squat|stoop|bend|crouch)\b|"
    # the standard physical-demands lines: "required to sit, stand; walk", "use hands to finger,
    # handle or feel", "reach with hands and arms", "talk or hear", "climb or balance"
    r"\b(?:required|requirement|demands?) to (?:sit|stand|walk|talk|hear|stoop|kneel|climb|lift)\b|"
    r"\b(?:sit|stand|walk)\b[^.;]{0,12}\b(?:sit|stand|walk|stoop|kneel|crouch|crawl)\b|"
    r"\buse (?:of )?hands to (?:finger|handle|feel)\b|\breach with (?:hands|arms)\b|"
    r"\b(?:talk|speak) (?:or|and) hear\b|\bclimb or balance\b|"
    r"\b(?:able|ability|willing\w*) to work in\b[^.;]{0,40}\b(?:heat|cold|humid\w*|noisy|noise|weather|"
    r"outdoors|temperatures?|dust\w*)\b|"
    # working at height or in tight places: "work on elevated surfaces, such as ladders", "climb scaffolds"
    r"\bwork\w* (?:on|at|from|in)\s+(?:\w+\s+){0,3}(?:elevated (?:surfaces|positions|platforms|areas)|"
    r"heights|ladders?|scaffold\w*|confined spaces)\b|"
    r"\bclimb\w*\s+(?:up\s+|on\s+)?(?:ladders?|scaffold\w*|stairs|poles)\b|"
    # a commitment to the employer's own policies or values: confirmed in the interview, not shown
    r"\bcommitment to\b[^.;]{0,40}\b(?:equal opportunit\w*|equality and diversity|"
    r"(?:\w+['’]s|our|its|their) (?:\w+ )?(?:values|polic(?:y|ies)))|"
    # "Employment is conditioned upon continuance as a student": a condition, unless it names the field
    r"continu(?:ance|ed enrollment|ing enrollment) as an? (?:student|enrolled)\b"
    r"(?![^.]*\b(?:course of study|major|concentration|degree) in\b))",
    re.I,
)


#: A requirement that asks for experience, knowledge or a skill: something a resume shows.
_ASKS_EXPERIENCE = re_compile(
    r"^\W*(?:\d+\+?\s+years?|(?:demonstrated |proven |prior |previous )?(?:experience|expertise|knowledge|"
    r"proficiency|familiarity|skills?)\b)",
    re.I,
)


def is_condition(requirement: Mapping[str, Any]) -> bool:
    """Whether a requirement is an eligibility condition (citizenship, a typing test, owning a laptop).

    A line that asks for experience is judged on the resume even when the posting reader filed it
    under conditions ("Experience ... with at least 3 of the following: ..., employee travel, ...").
    """
    text = requirement.get("text") or ""
    if _CONDITION.search(text):
        return True
    return requirement.get("kind") in NOT_SCORED_KINDS and not _ASKS_EXPERIENCE.search(text)


#: The concern an eligibility condition is about: a posting often states one in several places
#: ("Who may apply: citizens", "Key requirements: you must be a citizen"), and the candidate confirms it once.
_CONCERNS = (
    (
        "citizenship",
        re_compile(r"\bcitizen|\bnationals?\b|\bwork authori[sz]ation|\bauthori[sz]ed to work", re.I),
    ),
    (
        "background",
        re_compile(r"\bbackground (?:investigation|check)|\bsuitab\w+ for\b|\bpublic trust\b", re.I),
    ),
    ("clearance", re_compile(r"\bsecurity clearance\b", re.I)),
    ("drug test", re_compile(r"\bdrug (?:test|screen)", re.I)),
    ("residency", re_compile(r"\bresiden(?:cy|ce)\b|\bto reside\b", re.I)),
    (
        "current employer",  # "must not be GSA employees or contractors", "Current GSA employees ... not ..."
        re_compile(
            r"\bemployees?\b[^.]*\b(?:not|ineligible)\b|\bnot (?:be )?(?:an? )?(?:[\w-]+ ){1,3}?employees?\b",
            re.I,
        ),
    ),
)


#: A link or a bracketed label ("[Apply Link] https://…"): what is left of a line without them.
_NOT_WORDS = re_compile(r"\[[^\]]*\]|\b(?:https?://|www\.)\S+", re.I)


#: The employer's disclaimers that land among the requirements: "This job description is not designed to
#: cover or contain a comprehensive listing of activities ...", "Duties ... may change at any time".
_DISCLAIMER = re_compile(
    r"\b(?:job|position) description (?:is not|isn['’]t|does not|doesn['’]t) (?:designed|intended|meant|"
    r"(?:\w+ )?(?:list|cover|include))\b|\bmay (?:be )?chang\w* at any time\b|"
    r"\bnot (?:designed|intended|meant) to (?:cover|be|list|include)\b[^.;]{0,40}\b(?:comprehensive|"
    r"exhaustive|complete|all)\b|"
    r"\b(?:other|additional) (?:related )?duties as (?:assigned|required|needed)\b|"
    # how the employer will judge what is asked: "Experience can include being in a position as a
    # specialist …", "Level of seniority will be based on range of work …"
    r"^\W*(?:(?:the )?level of seniority|seniority|(?:relevant |qualifying |such )?experience|salary|"
    r"starting pay|grade) (?:can|may|will|would) (?:also )?(?:include|be based|be determined|be set|"
    r"vary|depend)\b|"
    # how and when the employer hires: "Appointments to this Assignment Level will be made by the …
    # Committee", "Students may be employed full-time during their vacation periods"
    r"\bappointments?\b[^.;]{0,80}\b(?:will|shall) be made\b|\b(?:may|can) be employed\b",
    re.I,
)


#: A lead-in cut from its object: "The Information Security Specialist will possess knowledge" (of
#: "... will possess knowledge and experience in X; Y; Z"): it names no knowledge, nothing to have or lack.
_EMPTY_ASK = re_compile(
    r"^\W*(?:(?:the|an?|our|this)\s+)?(?:[\w/&-]+\s+){0,5}(?:will|must|should|shall|to)\s+"
    r"(?:possess|have|hold|bring|demonstrate|show)\s+(?:(?:strong|good|solid|deep|broad|relevant|the)\s+)?"
    r"(?:knowledge|experience|skills?|expertise|abilit(?:y|ies)|understanding)\W*$",
    re.I,
)


def asks_something(text: str) -> bool:
    """Whether a line the posting reader took for a requirement has words that ask for something
    (an "[Apply Link] https://…" line does not, nor the employer's disclaimer that the description
    may change, nor a lead-in cut from what it asks for)."""
    if _DISCLAIMER.search(text) or _EMPTY_ASK.search(text):
        return False
    return bool(re_compile(r"[^\W\d_]{2,}").search(_NOT_WORDS.sub(" ", text)))


def condition_concern(text: str) -> str | None:
    """What an eligibility condition is about ("citizenship", "background"), or None when it is its own."""
    return next((name for name, pattern in _CONCERNS if pattern.search(text)), None)


def one_row_per_condition(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with each eligibility concern stated once: its shortest statement, where the first stood."""
    shortest: dict[str, dict[str, Any]] = {}
    for row in results:
        concern = condition_concern(row["requirement"]) if not row["counted"] else None
        if concern and (
            concern not in shortest or len(row["requirement"]) < len(shortest[concern]["requirement"])
        ):
            shortest[concern] = row
    kept, placed = [], set()
    for row in results:
        concern = condition_concern(row["requirement"]) if not row["counted"] else None
        if concern is None:
            kept.append(row)
        elif concern not in placed:
            kept.append(shortest[concern])
            placed.add(concern)
    return kept
