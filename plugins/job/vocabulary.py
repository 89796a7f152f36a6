"""The words the posting reader knows: section headings and the cues that mark a requirement as
required or preferred, built in and extended by the plan's ``postings.toml`` (held for one reading
in a context variable).

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from prepflow_plugins.text.regexstore import compile as re_compile

_NICE = re_compile(
    r"\b(?:prefer(?:red|ably|ence)?|a plus|is a plus|are a plus|plus\b(?! years)|bonus|nice[- ]to[- ]have|"
    r"desir(?:ed|able)|ideally|an advantage|advantageous|(?:is|are|be|also) helpful|"
    r"would be (?:great|nice|beneficial)|"
    r"not required|optional|good to have|pluses|if possible|"
    r"(?:an?|strong|great|big|real|valuable|definite|additional) asset|"
    r"assets?(?=\s*:))\b",
    re.I,
)
_MUST = re_compile(
    r"\b(?:must|required|requires?|minimum|mandatory|essential|at least|need to have|will not be considered)\b",  # noqa: E501
    re.I,
)


_SECTION_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        "eeo",
        re_compile(
            r"equal (?:employment )?opportunit|\beeo\b|diversity|accommodation|non-?discrimination", re.I
        ),
    ),
    ("benefits", re_compile(r"benefit|perks|what we offer|we offer|rewards|why (?:join|work)|life at", re.I)),
    (
        "physical",
        re_compile(
            r"physical|working conditions|work(?:ing)? environment|work setting|environmental conditions",
            re.I,
        ),
    ),
    (
        "conditions",
        re_compile(r"employment requirements|conditions of employment|if selected", re.I),
    ),
    ("notes", re_compile(r"^(?:special )?notes?\b|additional information|other information", re.I)),
    (
        "preferred",
        re_compile(
            r"prefer|nice[- ]to[- ]have|bonus|desir(?:ed|able)|pluses|\bplus\b|good to have|extra credit|"
            r"^assets?\b|"
            r"stand out|sets you apart|ideally",
            re.I,
        ),
    ),
    ("evaluation", re_compile(r"^evaluation|how you will be evaluated|category rating|assessment", re.I)),
    (
        "apply",
        re_compile(
            r"how to apply|^apply|application|submission|submit|next steps|hiring process|interview process|"
            r"required documents|"
            r"what to expect|to apply|closing date",
            re.I,
        ),
    ),
    (
        "requirements",
        re_compile(
            r"qualif|requirement|required|minimum|must[- ]have|what you(?:'ll| will)? (?:need|bring|have)|"
            r"who you are|"
            r"about you|you (?:have|bring|are|need)|possess|should have|skills|competenc|knowledge|eligib|"
            r"looking for|"
            r"(?:ideal|right|successful|perfect) (?:candidate|person|applicant)|profile|"
            r"specialized experience|"
            r"selection criteria|essential|^experience|"
            r"education|licen[cs]|certification|who may apply|what it takes",
            re.I,
        ),
    ),
    (
        "responsibilities",
        re_compile(
            r"responsib|duties|what you(?:'ll| will)? do|objective|role overview|day[- ]to[- ]day|"
            r"\binvolves?\b|"
            r"your (?:role|impact|mission|day)|key tasks|accountabilit|job description|position description|"
            r"in this role|the work|what the job involves|tasks|"
            r"you(?:'ll| will)(?! (?:get|gain|love|enjoy|receive|learn|earn|find)\b)",
            re.I,
        ),
    ),
    ("pay", re_compile(r"salary|compensation|\bpay\b|wage", re.I)),
    (
        "about",
        re_compile(
            r"^about|who we are|our (?:company|mission|culture|team|story|values)|company|overview of|"
            r"job summary|the team|mission",
            re.I,
        ),
    ),
    (
        "details",
        re_compile(
            r"basic information|job details|details|at a glance|location|job grade|grade|schedule", re.I
        ),
    ),
    (
        "summary",
        re_compile(r"summary|overview|the role|about the (?:role|job|position)|introduction|role", re.I),
    ),
]


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``postings.toml`` (beside this module) (extended by the plan's packs), compiled once."""

    sections: tuple[tuple[str, re.Pattern[str]], ...] = ()
    nice: re.Pattern[str] | None = None
    must: re.Pattern[str] | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Vocabulary:
        sections = data.get("sections") or {}
        cues = data.get("cues") or {}
        return cls(
            sections=tuple(
                (category, pattern)
                for category, phrases in sorted(sections.items())
                if category in _CATEGORY_NAMES and (pattern := _phrases_pattern(phrases)) is not None
            ),
            nice=_phrases_pattern(cues.get("nice")),
            must=_phrases_pattern(cues.get("must")),
        )


def _phrases_pattern(phrases: Any) -> re.Pattern[str] | None:
    # longest first, then alphabetically: the same pattern text in every process, so its code is stored
    words = sorted(
        {str(p).strip().lower() for p in phrases or [] if str(p).strip()}, key=lambda w: (-len(w), w)
    )
    if not words:
        return None
    return re_compile(
        r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words) + r")(?!\w)", re.I
    )


#: The vocabulary of the posting being read (set by :func:`analyze_document`).
_NO_WORDS = Vocabulary()
_VOCABULARY: contextvars.ContextVar[Vocabulary] = contextvars.ContextVar("vocabulary", default=_NO_WORDS)


def _nice_cue(text: str) -> re.Match[str] | None:
    """Words that make an item a nice-to-have: built-in ("preferred", "a plus") or from the data."""
    extra = _VOCABULARY.get().nice
    return _NICE.search(text) or (extra.search(text) if extra is not None else None)


def _must_cue(text: str) -> re.Match[str] | None:
    """Words that make an item a must-have: "must", "required", "mandatory", or from the data."""
    extra = _VOCABULARY.get().must
    return re_compile(r"\b(?:must|required|mandatory)\b", re.I).search(text) or (
        extra.search(text) if extra is not None else None
    )


def classify_heading(text: str) -> str | None:
    text = text.replace("’", "'").replace("‘", "'")
    head, colon, _ = text.partition(":")
    if colon and len(head) <= 40:
        text = head
    for category, pattern in _VOCABULARY.get().sections:
        if pattern.search(text):
            if category == "requirements" and _PREFERRED_HEADING.search(text):
                return "preferred"  # "Preferred skills and experience": the qualifier decides
            return category
    for category, pattern in _SECTION_RULES:
        if pattern.search(text):
            return category
    return None


_REQ_CATEGORIES = ("requirements", "preferred", "evaluation")
#: A heading whose qualifier makes its list preferred, whatever else it names.
_PREFERRED_HEADING = re_compile(
    r"\b(?:prefer(?:red|ably)?|desir(?:ed|able)|nice[- ]to[- ]haves?|bonus|pluses|ideally|asset)\b", re.I
)
_CATEGORY_NAMES = {name for name, _ in _SECTION_RULES}
