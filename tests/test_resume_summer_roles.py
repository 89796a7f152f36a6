"""A student's summer job in ``resume.analyze``: the name of the person they reported to is no
part of the title, and a summer dated by years only counts as summers, not years. Fixtures are
fictional résumés written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from prepflow.cli import cli


def analyze(tmp_path: Path, text: str) -> dict[str, Any]:
    resume = tmp_path / "resume.md"
    resume.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["step", "run", "resume.analyze", "--with", f"source={resume}", "--json"]
    )
    assert result.exit_code == 0, result.output
    out: dict[str, Any] = json.loads(result.output)
    return out


def resume(header: str, title: str) -> str:
    return f"""# Robin Quill

robin@example.org · (555) 010-0199

## Education
Lakeside Institute of Technology, Ohio · 2021 – Present
B.S. in Mechanical Engineering, expected May 2026

## Experience
{header}
{title}
- Built a test rig for pump seals used by three teams
- Cut setup time of the rig by 20%
"""


def test_an_open_summer_job_is_one_summer_and_its_manager_no_title(tmp_path: Path) -> None:
    out = analyze(
        tmp_path, resume("Corvid Pumps Inc. Dayton, OH · 2022 – Present", "Summer Intern Manager: Jo Vale")
    )
    role = out["roles"][0]
    assert role["title"] == "Summer Intern" and role["organisation"] == "Corvid Pumps Inc."
    assert role["dates"] == "2022 – Present" and role["start"] == "2022" and role["current"] is True
    assert role["months"] == 3 and role["approximate"] is True
    assert out["signals"]["tenure"][0]["months"] == 3
    assert out["signals"]["total_years"] < 1


def test_a_closed_range_of_summers_counts_a_summer_a_year(tmp_path: Path) -> None:
    out = analyze(tmp_path, resume("Corvid Pumps Inc. Dayton, OH · 2022 – 2024", "Summer Engineering Intern"))
    assert out["roles"][0]["months"] == 9


def test_a_job_that_is_not_for_the_summer_keeps_its_span(tmp_path: Path) -> None:
    out = analyze(tmp_path, resume("Corvid Pumps Inc. Dayton, OH · 2022 – 2024", "Test Technician"))
    role = out["roles"][0]
    assert role["title"] == "Test Technician" and role["months"] == 24  # "2022 – 2024" runs into 2024
