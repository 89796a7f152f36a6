"""prepflow_plugins.text.voice: the employer talking, read among the requirements."""

from __future__ import annotations

import pytest
from prepflow_plugins.text.voice import asks_for_english, employer_talk


@pytest.mark.parametrize(
    "line",
    [
        "We are committed to our customers and are looking for an Inventory Clerk",
        "Our team ships every week",
        "Come and join our team",
        "We're hiring a night porter",
    ],
)
def test_the_employer_describing_itself_or_its_hiring(line: str) -> None:
    assert employer_talk(line)


def test_the_job_framed_for_the_reader_counts_only_when_asked() -> None:
    line = "In this role, you will work in a fast-paced warehouse"
    assert not employer_talk(line)
    assert employer_talk(line, framing=True)
    assert not employer_talk("Experience with forklifts", framing=True)


def test_a_command_of_english() -> None:
    assert asks_for_english("Proficient in written and spoken English")
    assert not asks_for_english("Proficient in Excel")
