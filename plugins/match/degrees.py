"""Degree requirements, judged by the resume's degrees and their fields."""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.match.evidence import DEGREE_CONCEPTS
from prepflow_plugins.match.scale import MET
from prepflow_plugins.text.regexstore import compile as re_compile
from prepflow_plugins.text.stemmer import stem
from prepflow_plugins.text.stopwords import STOPWORDS
from prepflow_plugins.text.terms import Terms

#: "a degree in computer science, engineering or a related field": the fields after "in".
#: "a Master's degree or equivalent experience working with geospatial data": the field is what follows.
_FIELD = re_compile(
    r"\b(?:degree|diploma|bachelor'?s|master'?s|BA|BS|MS|MA)\b\s+"
    r"(?:or (?:equivalent|comparable) experience,?\s+)?(?:in|working with|with (?:a )?(?:major|focus) in)\s+"
    r"([^.;:()]+)",
    re.I,
)
#: Where one named field ends and the next begins ("engineering, architecture or business").
_FIELD_SPLIT = re_compile(r"\s*(?:,|;|\bor\b|\band\b|\bparticularly\b|\bespecially\b)\s*", re.I)
_ANY_FIELD = re_compile(
    r"\b(?:related|relevant|similar|equivalent|any)\b|\bor\s+(?:a\s+)?(?:combination|experience)\b|"
    # "or equivalent experience in a research setting": where the experience was, not a field of study
    r"\b(?:setting|environment|context)s?\b",
    re.I,
)


#: A requirement that the candidate be a student now, which a finished degree does not meet.
_ENROLMENT = re_compile(
    r"\bmatriculat\w*|\b(?:currently|actively) (?:enrolled|studying|pursuing)\b|\benrolled (?:in|at|as)\b|"
    r"\bcurrent (?:student|enrolment|enrollment)\b",
    re.I,
)
#: An education entry still under way.
_STUDYING = re_compile(
    r"\b(?:present|current(?:ly)?|ongoing|now|expected|anticipated|in progress|candidate|pursuing)\b", re.I
)


def degree_judgement(text: str, wanted: Terms, items: list[dict[str, Any]]) -> tuple[float, str] | None:
    """A degree requirement met by the resume's education: met, or partial when the field differs.

    ``None`` when the requirement names no degree or the resume holds none at that level.
    """
    asked = [c for c in wanted.concepts if c in DEGREE_CONCEPTS.values()]
    if not asked:
        return None
    education = [item for item in items if item["kind"] == "education"]
    if _ENROLMENT.search(text):  # "Matriculation at an accredited college": being a student, not a degree
        if any(_STUDYING.search(item["text"]) for item in education):
            return 1.0, "the resume shows studies in progress"
        return 0.0, "it asks for current enrolment, and every degree on the resume is finished: confirm it"
    if not any(all(c in item["terms"].concepts for c in asked[:1]) for item in education):
        return None
    field = _FIELD.search(text)
    if not field or (_ANY_FIELD.search(field.group(1)) and len(field.group(1).split()) <= 3):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for"
    if any(field_named_by(field.group(1), item["words"]) for item in education):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for, in a field it names"
    if _ANY_FIELD.search(field.group(1)):
        return MET, f"the resume has the {asked[0]}; say how your field relates to the ones named"
    return 0.5, f"the resume has the {asked[0]}, in another field than the one named"


def education_item(items: list[dict[str, Any]], wanted: Terms) -> tuple[dict[str, Any], set[str], float]:
    item = next(
        i for i in items if i["kind"] == "education" and set(wanted.concepts) & set(i["terms"].concepts)
    )
    return item, set(wanted.concepts) & set(item["terms"].concepts), 1.0


def field_named_by(fields: str, words: set[str]) -> bool:
    """Whether a degree's words (stems) hold one of the named fields whole: "environmental science" is
    not held by "Computer Science", "business" is by "Master of Business Administration"."""
    ignored = {stem(w) for w in STOPWORDS} | {"research", "studi", "area"}
    for name in _FIELD_SPLIT.split(fields):
        stems = {stem(w) for w in re.findall(r"[a-z]+", name.lower())} - ignored
        if stems and stems <= words:
            return True
    return False
