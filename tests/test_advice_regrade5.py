"""What an independent grading round found on unseen triples: working at height rehearsed as a
skill the candidate lacks, and judgement confessed as "something I have not done in a job yet"."""

from __future__ import annotations

import pytest
from prepflow_plugins.match.conditions import is_condition
from prepflow_plugins.objections.grounding import is_soft


@pytest.mark.parametrize(
    "text",
    [
        "Ability to occasionally work on elevated surfaces, such as ladders and stairs",
        "Must be comfortable working at heights",
        "Able to climb ladders and scaffolds safely",
        "Willing to work in confined spaces when a repair needs it",
        "Work in elevated positions on ladders, lifts and platforms",
    ],
)
def test_working_at_height_or_in_tight_places_is_a_condition(text: str) -> None:
    assert is_condition({"text": text, "kind": "skill"})


@pytest.mark.parametrize(
    "text",
    [
        "Experience climbing the career ladder in a sales organisation",
        "Experience designing scaffolding for school curricula",
    ],
)
def test_a_ladder_of_another_kind_is_no_condition(text: str) -> None:
    assert not is_condition({"text": text, "kind": "skill"})


@pytest.mark.parametrize(
    "text",
    [
        "Ability to exercise judgment to determine appropriate corrective actions",
        "Sound judgement and discretion with confidential matters",
        "Ability to manage multiple priorities",
    ],
)
def test_judgement_is_a_way_of_working_answered_with_a_story(text: str) -> None:
    assert is_soft(text)


def test_experience_asked_in_a_field_stays_hard() -> None:
    assert not is_soft("Experience in a cosmetic or OTC manufacturing environment")
