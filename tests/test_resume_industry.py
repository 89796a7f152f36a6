"""The industry of a role, read from its header: "department of" is a public body only beside a
public-body word, never in a university's or a hospital's department. Every resume here is invented."""

from __future__ import annotations

import json
from pathlib import Path

import tomli_w
from click.testing import CliRunner

import prepflow
from prepflow.cli import cli

RESUME = """# Dana Okafor

## Experience

### Research Coordinator, Department of Clinical Medicine, Lakeview University
Jan 2021 - Present
- Ran the enrolment of 300 patients in a two-year study

### Policy Analyst, State Department of Transportation
Mar 2017 - Dec 2020
- Wrote the yearly report on road safety for the legislature

### Data Clerk, Department of Surgery, Riverside Hospital
Jun 2015 - Feb 2017
- Kept the theatre schedule for four surgical teams
"""


def test_department_of_is_government_only_beside_a_public_body_word(tmp_path: Path) -> None:
    path = tmp_path / "resume.md"
    path.write_text(RESUME, encoding="utf-8")
    result = CliRunner().invoke(
        cli,
        ["step", "run", "resume.analyze", "--with", f"source={path}", "--with", "as_of=2025-06", "--json"],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout.strip().splitlines()[-1])
    industries = [(r["industry"] or {}).get("name") for r in out["roles"]]
    assert industries == ["education", "government", "healthcare"]


POSTING = """# Research Data Manager

Department of Clinical Medicine is hiring a Research Data Manager.

## Responsibilities

- Build and maintain the trial databases
- Check data quality every week

## Requirements

- Three years of experience managing research data
- Experience with SQL
"""

HOSPITAL_RESUME = """# Sam Ortiz

## Experience

### Data Analyst, Riverside Hospital
Jan 2020 - Present
- Built the SQL database of 40,000 patient visits used by three clinics
"""


def test_a_clinical_department_is_not_a_move_into_government(tmp_path: Path) -> None:
    (tmp_path / "posting.md").write_text(POSTING, encoding="utf-8")
    (tmp_path / "resume.md").write_text(HOSPITAL_RESUME, encoding="utf-8")
    document = {
        "plan": {"name": "industry"},
        "inputs": {"job": {"file": "posting.md"}, "resume": {"file": "resume.md"}},
        "steps": {
            "job": {"uses": "job.analyze", "with": {"source": "${inputs.job}"}},
            "resume": {"uses": "resume.analyze", "with": {"source": "${inputs.resume}", "as_of": "2025-06"}},
            "match": {
                "uses": "match.evidence",
                "with": {"job": "${steps.job.outputs}", "resume": "${steps.resume.outputs}"},
            },
            "objections": {
                "uses": "objections.rehearse",
                "with": {
                    "job": "${steps.job.outputs}",
                    "resume": "${steps.resume.outputs}",
                    "match": "${steps.match.outputs}",
                },
            },
        },
    }
    (tmp_path / "plan.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    result = prepflow.run_plan(prepflow.load_plan(tmp_path / "plan.toml"), formats=[])
    assert result.status == "success", result
    kinds = {o["kind"] for o in result.steps["objections"].outputs["objections"]}
    phrasings = " ".join(o["phrasing"] for o in result.steps["objections"].outputs["objections"])
    assert "industry_change" not in kinds
    assert "government" not in phrasings
