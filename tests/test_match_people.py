"""match.evidence: a noun naming people ("senior leadership", "management and staff") is no proof
of leading, and meeting stakeholders is some proof of communicating. Every text here is invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli_w

import prepflow

POSTING = """# Program Analyst

## Requirements

- Ability to communicate effectively with a diverse user base
- Demonstrated leadership of project teams
- Experience managing staff
- Experience with SQL
"""

RESUME = """# Lee Park

## Experience

### Program Analyst, Northwind Transit
Jan 2020 - Present
- Met with agency stakeholders weekly to review the progress of the fare system rollout
- Worked with senior leadership to set the yearly roadmap
- Presented the ridership findings to management and staff
- Wrote SQL reports on ridership for the finance office
"""


def match(tmp_path: Path, resume: str = RESUME) -> dict[str, dict[str, Any]]:
    (tmp_path / "posting.md").write_text(POSTING, encoding="utf-8")
    (tmp_path / "resume.md").write_text(resume, encoding="utf-8")
    document = {
        "plan": {"name": "people"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": "resume.md"}},
        "steps": {
            "job": {"uses": "job.analyze", "with": {"source": "${inputs.job}"}},
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2025-06"}},
            "match": {
                "uses": "match.evidence",
                "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
            },
        },
    }
    (tmp_path / "plan.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=[])
    assert result.status == "success", result
    return {row["requirement"]: row for row in result.steps["match"].outputs["requirements"]}


def test_leadership_and_staff_as_people_prove_nothing_about_leading(tmp_path: Path) -> None:
    rows = match(tmp_path)
    leading = rows["Demonstrated leadership of project teams"]
    assert leading["status"] == "gap"
    assert not any("senior leadership" in e["text"] for e in leading["evidence"])
    staff = rows["Experience managing staff"]
    assert staff["status"] == "gap"
    assert rows["Experience with SQL"]["status"] == "met"


def test_meeting_stakeholders_is_some_proof_of_communicating_with_users(tmp_path: Path) -> None:
    resume = RESUME.replace("- Presented the ridership findings to management and staff\n", "")
    row = match(tmp_path, resume)["Ability to communicate effectively with a diverse user base"]
    assert row["status"] in ("partial", "met")
    assert "stakeholders" in row["evidence"][0]["text"]


def test_leadership_that_was_given_still_counts(tmp_path: Path) -> None:
    resume = RESUME.replace(
        "- Worked with senior leadership to set the yearly roadmap",
        "- Provided leadership of a project team of 12 through the fare system rollout",
    )
    row = match(tmp_path, resume)["Demonstrated leadership of project teams"]
    assert row["status"] in ("partial", "met")
