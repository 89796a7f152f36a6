"""prepflow_plugins.text.leading: proof of leading or teaching people (focus, stories, objections)."""

from __future__ import annotations

import pytest
from prepflow_plugins.text.leading import leads_people, led_as_asked, proves_leading


@pytest.mark.parametrize(
    ("line", "led"),
    [
        ("Led a team of junior developers", True),
        ("Managed five engineers across two sites", True),
        ("Supervised a crew of 12 on night shifts", True),
        ("Collaborated with a team of engineers", False),
        ("Improved the build the whole team uses", False),
    ],
)
def test_a_line_that_shows_leading_people(line: str, led: bool) -> None:
    assert leads_people(line) is led


def test_leading_is_proved_only_by_a_line_that_led_someone() -> None:
    asked = "Experience managing small teams of engineers"
    assert led_as_asked(asked, "Led a team of junior developers")
    assert proves_leading(asked, "Led a team of junior developers")
    assert not proves_leading(asked, "Collaborated with a team of engineers")
    assert not led_as_asked("Experience with Python", "Led a team of junior developers")
    assert proves_leading("Experience with Python", "Wrote Python services")  # nothing about leading asked


def test_preparing_people_is_proved_only_by_a_line_that_taught_someone() -> None:
    asked = "Prepare application developers for technical assessments"
    assert not proves_leading(asked, "Created RESTful services for application developers")
    assert proves_leading(asked, "Ran workshops that trained 40 developers on the new platform")
