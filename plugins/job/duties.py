"""Duties from the text that states them: responsibilities split into whole duties, and the main
duties lent as requirements when a posting states too few.

Part of the rules behind ``job.analyze`` (:mod:`prepflow_plugins.job.rules`).
"""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.job.cues import _BOILERPLATE, _PROCESS, _eligibility, kind_of, years_in
from prepflow_plugins.job.lines import _norm, _tidy, sentences
from prepflow_plugins.job.model import Analysis, Item
from prepflow_plugins.prepdata import load_data
from prepflow_plugins.text.duties import duty_verb_at, owned_duty
from prepflow_plugins.text.lazy import LazyPattern
from prepflow_plugins.text.regexstore import compile as re_compile

#: Fewer stated requirements than this, and the main duties stand in for the rest.
FEW_REQUIREMENTS = 3
#: A duty that asks nothing in particular ("Other duties as assigned").
_NO_DUTY = LazyPattern(
    r"\b(?:other|related|additional) (?:duties|tasks)\b|\bas (?:assigned|needed|required)\W*$", re.I
)


def _duties_when_silent(result: Analysis) -> None:
    """A posting that states almost no requirements still asks for something: the ability to do
    its main duties. Its first duties are added as requirements, each saying why, so that the
    evidence, questions and stories have something to stand on."""
    missing = FEW_REQUIREMENTS - len(result.requirements)
    if missing <= 0:
        return
    # the duties the advice steps build on: work the role owns, not attitudes or culture
    not_duties = load_data("ideas").get("not_problems") or []
    for duty in result.responsibilities:
        if missing <= 0:
            break
        text = duty.text
        key = _norm(text)
        if (
            not owned_duty(not_duties, text)
            or _NO_DUTY().search(text)
            or _eligibility(text)
            or _BOILERPLATE.search(text)
            or _PROCESS.search(text)
            or ("requirement", key) in result.seen
        ):
            continue
        result.seen.add(("requirement", key))
        why = {
            "from": "section",
            "cue": "a main duty (the posting states fewer than three requirements)",
            "line": duty.source["start"],
        }
        result.requirements.append(
            Item(
                text, "must", kind_of(text), years_in(text), duty.source, duty.section, where="must", why=why
            )
        )
        missing -= 1


#: What the employer says of itself or offers, never a duty, even under "Job Description".
_EMPLOYER_SAYS = re_compile(
    r"\b(?:is|are) an? equal (?:employment )?opportunit|\b(?:does|do|shall|will) not discriminate\b|"
    r"\bbenefits? (?:are )?(?:available|offered)\b|\b(?:great|excellent|competitive|generous|comprehensive) "
    r"(?:benefits|salary|pay)\b|\bwe offer\b|\bpaid (?:time off|holidays)\b.{0,40}\binsurance\b|"
    # a word to the applicant: "Please send your resume ...", "To apply, ...", "Questions? ..."
    r"^(?:please|to apply|apply (?:now|online|today|here|by|via))\b|"
    r"^send (?:your|a|an) (?:resume|cv|cover letter|application)|^questions\?",
    re.I,
)


#: An employer looking for someone "to join" it, with the purpose after it if it says one.
_PITCH = re_compile(
    r"\b(?:seeks?|seeking|is looking for|are looking for|is hiring) (?:a|an)\b.{0,80}?\bto join\b[^,;]{0,40}"
    r"(?:,?\s+(?:primarily |mainly |chiefly |initially )?to (?P<duty>[a-z][^;]{8,}))?",
    re.I,
)


def _add_responsibility(result: Analysis, text: str, source: dict[str, Any]) -> None:
    for part in _split_duties(text):
        part = _tidy(part)
        if len(part.split()) < 2 or (
            _BOILERPLATE.search(part) and len(part.split()) < 6 and duty_verb_at(part) is None
        ):  # "Dental cover for you" is a benefit; "Provide dental care to patients" is a duty
            continue
        if _EMPLOYER_SAYS.search(part):
            continue
        if pitch := _PITCH.search(part):
            # "X seeks an engineer to join our team, primarily to support the Y projects": the
            # purpose is the duty, the rest is the pitch
            if not pitch.group("duty"):
                continue
            part = pitch.group("duty")[:1].upper() + pitch.group("duty")[1:]
        if _FRAGMENT_START.match(part):  # "to Outreach direct reports": the tail of a wrapped line
            continue
        key = _norm(part)
        if ("duty", key) in result.seen:
            continue
        result.seen.add(("duty", key))
        result.responsibilities.append(
            Item(part, "must", "skill", None, source, None, where="responsibility")
        )


#: A clause that points back to the one before it: "match this to ...", "share them with ...".
_POINTS_BACK = LazyPattern(r"^(?:[a-z]+\s+)?(?:this|these|them|it|those)\b(?!\s+(?:is|are)\b)", re.I)


#: A lead-in written inline before a list of duties: "Typical duties include but are not limited to: ".
_INLINE_LEAD_IN = re_compile(
    r"^[^:;]{0,120}\b(?:includes?|including|are|such as|as follows)\b[^:;]{0,40}:\s+(?=\S[^;]*;)", re.I
)


_DASH_BREAK = re_compile(r"\s+--\s*|^--\s*")


def _split_duties(text: str) -> list[str]:
    text = text.replace("\u037e", ";")  # the Greek question mark that looks like ";"
    items = text.split(";")
    # three or more ";"-separated items of a few words each are a duty list, whatever case each
    # item starts with ("Product Manager; Designer; Technical Lead" names roles, not duties)
    duty_list = len(items) >= 3 and sum(len(item.split()) for item in items[1:]) >= 4 * (len(items) - 1)
    if duty_list:
        text = _INLINE_LEAD_IN.sub("", text, count=1)
    parts = re_compile(r"\s*;\s*(?=[A-Za-z]+\s)" if duty_list else r"\s*;\s*(?=[a-z]+\s)").split(text)
    parts = [piece for part in parts for piece in _DASH_BREAK.split(part)]
    for n in range(len(parts) - 1, 0, -1):
        if _POINTS_BACK().match(parts[n]) and ";" in text:
            # "understand their training needs; match this to a curriculum": one duty, not two
            parts[n - 1 : n + 1] = [f"{parts[n - 1]}; {parts[n]}"]
    if len(parts) == 1 and len(re_compile(r",\s+(?:and\s+)?\w+ing\b").findall(text)) >= 2:
        # "monitoring the tracker, adding labels to new issues, and giving pointers"
        pieces = re.split(r",\s+(?:and\s+)?(?=\w+ing\b)", text)
        if all(len(piece.split()) >= 3 for piece in pieces):
            parts = pieces
    duties: list[str] = []
    for part in (p for p in parts if p and p.strip()):
        for duty in _whole_duties(part):
            duties.append(duty)
            listed = re_compile(r",?\s+including\s+(?P<list>[^.;]+,[^.;]+\band\s+[^.;]+?)[.!]?\s*$").search(
                duty
            )
            if listed is not None:
                # "... work for these projects, including web development, data analysis, and user support"
                duties.extend(
                    piece
                    for piece in re.split(r",\s*(?:and\s+)?|\s+and\s+(?=[^,]*$)", listed.group("list"))
                    if len(piece.split()) >= 2
                )
    return duties


# A piece that starts mid-sentence, not a duty of its own.
_FRAGMENT_START = re_compile(r"^(?:to|of|for|with|in|on|at|by|from|as|the)\s", re.U)

# A sentence that describes the person rather than a duty: "Are visionary in objective, …".
_TRAIT_SENTENCE = re_compile(r"^(?:are|is|be|am)\b", re.I)


def _whole_duties(text: str) -> list[str]:
    """One duty per sentence: "Zoom in and out. Generate … Are visionary …" -> "Generate …".

    A bullet of several sentences is several duties; a lead-in of one to four words
    ("Zoom in and out.") and a sentence about the person rather than the work are
    not duties on their own. A bullet that is only such sentences stays whole.
    """
    found = sentences(text)
    if len(found) < 2:
        return [text]
    duties = [
        s for s in found if len(_tidy(s).split()) >= 5 and not _TRAIT_SENTENCE.search(s.lstrip(" -–—*•"))
    ]
    return duties or [text]
