"""resume.analyze through the CLI: roles, achievements with metrics, skills, education, signals."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from prepflow.cli import cli

FIXTURES = Path(__file__).parent / "fixtures" / "resumes"
SCHEMAS = Path(__file__).parent.parent / "plugins"
EVAL = Path(__file__).parent.parent.parent / "shared" / "eval"


def analyze(path: Path | str, *extra: str) -> dict:
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "resume.analyze",
            "--with",
            f"source={path}",
            "--with",
            "as_of=2025-06",
            *extra,
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_markdown_resume_roles_metrics_and_signals() -> None:
    out = analyze(FIXTURES / "career_changer.md")
    jsonschema.validate(out, json.loads((SCHEMAS / "resume" / "output.schema.json").read_text()))
    assert out["name"] == "Priya Raman"
    roles = [(r["title"], r["organisation"], r["start"], r["end"], r["months"]) for r in out["roles"]]
    assert roles == [
        ("Senior Platform Engineer", "Lakeside Freight Co", "2021-03", None, 52),
        ("Software Developer", "Northwoods Health Clinic", "2018-01", "2020-06", 30),
        ("Mathematics Teacher", "Iron Range School District", "2012-08", "2017-06", 59),
    ]
    first = out["achievements"][0]
    assert first["role"] == 0
    assert first["source"] == {"file": str(FIXTURES / "career_changer.md"), "start": 8, "end": 8}
    kinds = {m["text"]: m["kind"] for a in out["achievements"] for m in a["metrics"]}
    assert kinds["$120k"] == "money"
    assert kinds["35%"] == "percent"
    assert kinds["5 hours"] == "time_saved"
    assert kinds["14 clinics"] == "number"
    money = next(m for a in out["achievements"] for m in a["metrics"] if m["text"] == "$120k")
    assert money["value"] == 120000
    assert [s["name"] for s in out["skills"]] == [
        "C++",
        "C#",
        "JavaScript",
        "Python",
        "Kubernetes",
        "Terraform",
        "AWS",
    ]
    assert [(e["degree"], e["level"], e["year"]) for e in out["education"]] == [
        ("M.S.", 3, 2018),
        ("B.A.", 2, 2012),
    ]
    assert out["certifications"][0]["year"] == 2022

    signals = out["signals"]
    assert signals["as_of"] == "2025-06"
    assert signals["total_years"] == round((52 + 30 + 59) / 12, 1)
    assert [g["months"] for g in signals["gaps"]] == [
        8
    ]  # Jul 2020 - Feb 2021; the 6-month one is not reported
    changes = {(c["kind"], c["from"], c["to"]) for c in signals["changes"]}
    assert ("function", "education", "engineering") in changes
    assert ("industry", "healthcare", "logistics") in changes


def test_plain_text_resume_with_dates_split_over_two_lines() -> None:
    out = analyze(FIXTURES / "plain.txt")
    assert out["name"] == "MARCUS OYELARAN"
    assert [(r["title"], r["organisation"]) for r in out["roles"]] == [
        ("Warehouse Operations Lead", "Prairie Parcel Inc."),
        ("Inventory Clerk", "Prairie Parcel Inc."),
    ]
    assert out["roles"][1]["dates"] == "June 2016 – January 2019"
    wrapped = out["achievements"][1]
    assert wrapped["text"].endswith("a year across two sites")  # a wrapped bullet is one achievement
    assert (wrapped["source"]["start"], wrapped["source"]["end"]) == (7, 8)
    assert {"Excel", "SAP"} <= {s["name"] for s in out["skills"]}


def test_json_resume() -> None:
    out = analyze(FIXTURES / "resume.json")
    jsonschema.validate(out, json.loads((SCHEMAS / "resume" / "output.schema.json").read_text()))
    assert out["name"] == "Ana Lindqvist"
    assert out["roles"][0]["title"] == "Data Analyst" and out["roles"][0]["current"]
    texts = [a["text"] for a in out["achievements"]]
    assert "Built SQL dashboards that cut monthly reporting time by 3 days" in texts
    assert out["education"][0]["level"] == 2
    assert out["certifications"][0]["year"] == 2021


def test_nothing_is_invented_for_a_resume_without_dates() -> None:
    out = analyze(FIXTURES / "career_changer.md")
    for role in out["roles"]:
        assert role["function"] is None or role["function"]["evidence"].lower() in role["title"].lower()


def test_missing_file_is_one_clear_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["step", "run", "resume.analyze", "--with", f"source={tmp_path / 'nope.md'}"]
    )
    assert result.exit_code == 1
    assert "nope.md" in result.output and "not found" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["", "Hello there. I like long walks.\n"])
def test_empty_or_not_a_resume(tmp_path: Path, text: str) -> None:
    path = tmp_path / "resume.md"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["step", "run", "resume.analyze", "--with", f"source={path}"])
    assert result.exit_code == 1
    assert "resume.md" in result.output
    assert "Traceback" not in result.output


def test_bad_as_of_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        cli,
        [
            "step",
            "run",
            "resume.analyze",
            "--with",
            f"source={FIXTURES / 'plain.txt'}",
            "--with",
            "as_of=June",
        ],
    )
    assert result.exit_code == 2
    assert "as_of" in result.output


@pytest.mark.skipif(not (EVAL / "resumes").is_dir(), reason="shared eval material not present")
def test_real_resumes_analyse_and_validate() -> None:
    schema = json.loads((SCHEMAS / "resume" / "output.schema.json").read_text())
    for path in sorted((EVAL / "resumes").iterdir()):
        out = analyze(path)
        jsonschema.validate(out, schema)
        assert out["achievements"], path.name


SABBATICAL_RESUME = """# Ilse Marchetti (fictional)

## Experience

### Operations Analyst — Kestrel Ferries · Jan 2023 – present
- Cut late sailings by 18% by rebuilding the crew roster model

### Planner — Dunmore Freight · Feb 2017 – Aug 2021
- Planned routes for 40 trucks across three depots every night

## Sabbatical
Sep 2021 – Dec 2022: sailed a small boat from Victoria to Auckland with my partner.

## Skills
SQL, Python, Excel
"""


def test_a_career_break_section_explains_the_gap_and_is_no_achievement(tmp_path: Path) -> None:
    (tmp_path / "resume.md").write_text(SABBATICAL_RESUME, encoding="utf-8")
    out = analyze(tmp_path / "resume.md")
    jsonschema.validate(out, json.loads((SCHEMAS / "resume" / "output.schema.json").read_text()))
    assert not [a for a in out["achievements"] if "sailed" in a["text"]]
    assert [a["role"] for a in out["achievements"]] == [0, 1]
    (gap,) = out["signals"]["gaps"]
    assert (gap["start"], gap["end"], gap["months"]) == ("2021-09", "2022-12", 16)
    assert gap["explanation"]["text"].startswith("Sep 2021 – Dec 2022: sailed a small boat")
    assert (gap["explanation"]["source"]["start"], gap["explanation"]["source"]["end"]) == (12, 12)


def test_an_unexplained_gap_has_no_explanation(tmp_path: Path) -> None:
    text = SABBATICAL_RESUME.replace("## Sabbatical\n", "").replace("Sep 2021 – Dec 2022: sailed", "I sailed")
    (tmp_path / "resume.md").write_text(text, encoding="utf-8")
    (gap,) = analyze(tmp_path / "resume.md")["signals"]["gaps"]
    assert gap["explanation"] is None
