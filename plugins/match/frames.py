"""Domain frames: a requirement that frames the list after it ("one year of specialized experience
equivalent to GS-14", "at least one of the following") is judged by that list."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from prepflow_plugins.match.scale import CREDIT, MET, PARTIAL
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stopwords import LIGHT_STEMS
from prepflow_plugins.text.terms import extract

# How much a frame's list weighs against having held a post in the field.
FRAME_LIST = 0.6
#: "one year of specialized experience equivalent to GS-14": the frame of the list that follows it.
_FRAME = re_compile(
    r"\bspeciali[sz]ed experience\b[^.]*\b(?:equivalent|GS-?\s?\d+|grade level|defined as)|"
    r"\bqualifying experience\b",
    re.I,
)

#: "expertise in at least one of the following": a frame met by any one item of its list.
_ANY_FRAME = re_compile(r"\b(?:(?:at least|any) one|one or more|one) of the following\b", re.I)
_RANK = {"gap": 0, "partial": 1, "met": 2}


def is_frame(text: str) -> bool:
    """Whether a requirement frames a list ("one year of specialized experience equivalent to GS-14")."""
    return bool(_FRAME.search(text))


#: Words of a job title that say its level or its kind of post, not its field.
TITLE_WORDS = frozenset(
    [
        "senior",
        "junior",
        "lead",
        "principal",
        "staff",
        "chief",
        "head",
        "associate",
        "assistant",
        "intern",
        "ii",
        "iii",
        "iv",
        "i",
        "specialist",
        "engineer",
        "developer",
        "manager",
        "officer",
        "analyst",
        "coordinator",
        "director",
        "consultant",
        "it",
    ]
)


def title_fits(posting_title: str | None, resume: Mapping[str, Any]) -> bool:
    """Whether the candidate held a post in the posting's field ("Data Scientist" for "Data Specialist")."""
    if not posting_title:
        return False
    title = re.sub(r"\([^)]*\)", " ", posting_title)
    wanted = {t for t in extract(title).all if t not in TITLE_WORDS}
    for role in resume.get("roles") or []:
        held = {t for t in extract(role.get("title") or "").all if t not in TITLE_WORDS}
        if wanted & held:
            return True
    return False


def judge_frames(
    results: list[dict[str, Any]], requirements: list[Mapping[str, Any]], fits: bool = False
) -> None:
    """Judge each frame ("specialized experience equivalent to GS-14") by the list that follows it.

    The list is the scored must-haves after the frame in the same section of the posting, up to
    the next frame. The frame's score is 0.6 × the share of its list met (a partial counts half)
    + 0.4 if the candidate has held a post in the posting's field (``fits``); met from 0.6,
    partial from 0.25. A frame is never an objection to rehearse: the list is.
    """
    for i, (row, requirement) in enumerate(zip(results, requirements, strict=True)):
        if row["counted"] and _ANY_FRAME.search(row["requirement"]):
            _judge_any_frame(row, requirement, results[i + 1 :], requirements[i + 1 :])
            continue
        if not row["counted"] or not is_frame(row["requirement"]):
            continue
        section = requirement.get("section")
        listed = []
        for later, later_req in zip(results[i + 1 :], requirements[i + 1 :], strict=True):
            if is_frame(later["requirement"]) or later_req.get("section") != section:
                break
            if later["counted"] and later["priority"] == row["priority"]:
                listed.append(later)
        row["kind"] = "frame"
        own = row["status"], row["score"]
        if listed:
            share = sum(CREDIT[r["status"]] for r in listed) / len(listed)
            score = FRAME_LIST * share + (1 - FRAME_LIST) * fits
            row["status"] = "met" if score >= MET else "partial" if score >= PARTIAL else "gap"
            row["score"] = round(score, 2)
            if asks_its_own(row["requirement"]) and _RANK[own[0]] < _RANK[row["status"]]:
                # "4 years in contracting, including 1 year of specialized experience …": both are asked
                row["status"], row["score"] = own
            row["note"] = (
                f"the frame of the {len(listed)} requirements after it, judged by them: "
                f"{sum(r['status'] == 'met' for r in listed)} met, "
                f"{sum(r['status'] == 'partial' for r in listed)} partial, "
                f"{sum(r['status'] == 'gap' for r in listed)} gap"
                + ("; you have held a post in this field" if fits else "; no past title in this field")
            )
        else:
            row["note"] = (
                "the frame of the experience the posting describes: show it with your roles and years"
            )
        row["credit"] = CREDIT[row["status"]]


def asks_its_own(text: str) -> bool:
    """Whether a frame asks for something of its own before the frame ("At least 4 years of experience in
    contracting, including 1 year of specialized experience equivalent to GS-13"), which the list
    after it does not answer; "You must have one year of specialized experience" asks for nothing else."""
    frame = _FRAME.search(text)
    return frame is not None and extract(text[: frame.start()]).weight() >= 1


def _judge_any_frame(
    row: dict[str, Any],
    requirement: Mapping[str, Any],
    later: list[dict[str, Any]],
    later_requirements: list[Mapping[str, Any]],
) -> None:
    """ "Expertise in at least one of the following": met as well as the best item of its list."""
    listed = []
    for other, other_req in zip(later, later_requirements, strict=True):
        if other_req.get("section") != requirement.get("section") or is_frame(other["requirement"]):
            break
        if other["counted"]:
            listed.append(other)
    if not listed:
        return
    best = max(listed, key=lambda r: (_RANK[r["status"]], r["score"]))
    row["kind"] = "frame"
    if _RANK[best["status"]] > _RANK[row["status"]]:
        row["status"], row["score"] = best["status"], best["score"]
        row["credit"] = CREDIT[row["status"]]
    row["note"] = (
        f"asks for one of the {len(listed)} items after it; "
        f"the best is {best['status']}: “{best['requirement']}”"
    )
    # "proficiency in learning and development within one of the following disciplines": the list says
    # where; what it asks for there (learning and development) is its own, and must be shown too
    frame = _ANY_FRAME.search(row["requirement"])
    lead = row["requirement"][: frame.start()] if frame else ""
    missing = {str(w).lower() for w in row.get("missing_terms") or []}
    asked = [w for s, w in extract(lead).all.items() if s not in LIGHT_STEMS and w.lower() in missing]
    if asked and row["status"] == "met":
        row["status"], row["score"] = "partial", min(row["score"], MET - 0.01)
        row["credit"] = CREDIT[row["status"]]
        row["note"] += f"; nothing shows the “{asked[0]}” it asks for in them"
