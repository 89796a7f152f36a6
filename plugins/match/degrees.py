"""Degree requirements, judged by the resume's degrees and their fields."""

from __future__ import annotations

import re
from typing import Any

from prepflow_plugins.match.evidence import DEGREE_CONCEPTS
from prepflow_plugins.match.scale import MET
from prepflow_plugins.text.terms import STOPWORDS, Terms, stem

#: "a degree in computer science, engineering or a related field": the fields after "in".
_FIELD = re.compile(r"\b(?:degree|diploma|bachelor'?s|master'?s|BA|BS|MS|MA)\b\s+in\s+([^.;:()]+)", re.I)
_ANY_FIELD = re.compile(
    r"\b(?:related|relevant|similar|equivalent|any)\b|\bor\s+(?:a\s+)?(?:combination|experience)\b", re.I
)


def degree_judgement(text: str, wanted: Terms, items: list[dict[str, Any]]) -> tuple[float, str] | None:
    """A degree requirement met by the resume's education: met, or partial when the field differs.

    ``None`` when the requirement names no degree or the resume holds none at that level.
    """
    asked = [c for c in wanted.concepts if c in DEGREE_CONCEPTS.values()]
    if not asked:
        return None
    education = [item for item in items if item["kind"] == "education"]
    if not any(all(c in item["terms"].concepts for c in asked[:1]) for item in education):
        return None
    field = _FIELD.search(text)
    if not field or (_ANY_FIELD.search(field.group(1)) and len(field.group(1).split()) <= 3):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for"
    fields = {stem(w) for w in re.findall(r"[a-z]+", field.group(1).lower())} - {stem(w) for w in STOPWORDS}
    if any(fields & item["words"] for item in education):
        return 1.0, f"the resume's degree meets the {asked[0]} asked for, in a field it names"
    if _ANY_FIELD.search(field.group(1)):
        return MET, f"the resume has the {asked[0]}; say how your field relates to the ones named"
    return 0.5, f"the resume has the {asked[0]}, in another field than the one named"


def education_item(items: list[dict[str, Any]], wanted: Terms) -> tuple[dict[str, Any], set[str], float]:
    item = next(
        i for i in items if i["kind"] == "education" and set(wanted.concepts) & set(i["terms"].concepts)
    )
    return item, set(wanted.concepts) & set(item["terms"].concepts), 1.0
