"""A homework topic is answered when any of its patterns matches any line, however they are written."""

from __future__ import annotations

from typing import Any

import pytest
from prepflow_plugins.research.rules import homework


def topic(*patterns: str) -> dict[str, Any]:
    return {
        "id": "t",
        "question": "Who funds the team?",
        "answered_if": list(patterns),
        "related": [],
        "why": "Nothing in {files} says.",
        "why_related": "{item}",
    }


LINES = ["The programme is funded by the Ministry.", "We have 40 engineers (Payments: 12)."]


@pytest.mark.parametrize(
    ("patterns", "answered"),
    [
        (["funded by", "budget"], True),
        (["BUDGET", "FUNDED\\s+BY"], True),  # case does not matter
        (["budget", "grant"], False),
        (["(\\d+) engineers", "budget"], True),  # a group: searched one pattern at a time
        (["(\\w)\\1\\1x", "budget"], False),  # a back-reference to its own group
        (["(?i)budget", "ministry"], True),  # a global flag, which only stands at the start of a pattern
        (["(?i)budget", "grant"], False),
        (["payments: 1[0-9]"], True),
    ],
)
def test_a_topic_is_answered_when_any_pattern_matches_any_line(patterns: list[str], answered: bool) -> None:
    todo = homework([topic(*patterns)], LINES, [], ["about.html"])
    assert (todo == []) is answered
